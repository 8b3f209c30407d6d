// The ONNX frontend against the ONNX backend conformance data (DESIGN §6), read at run
// time from $NEO_ONNX_CONFORMANCE_DIR (a folder with node/, pytorch-converted/, ...;
// each case: model.onnx and test_data_set_0/{input,output}_<i>.pb). Without the
// variable the tests are skipped; the data is never copied into the repository.
//
// A case is loaded through the plugin, run by the reference interpreter and compared
// with the expected outputs. A case whose op (or dtype, or non-tensor type) neo does not
// support yet is skipped and listed; any other error or a wrong number fails it.
// Every suite, with a report per case and op, is the job of tools/neo-conformance.
#include <doctest/doctest.h>

#include <cstdlib>

#include "neo/core/interp/interpreter.hpp"
#include "onnx_test_util.hpp"
#include "neo/core/util/tensor_proto.hpp"

using namespace onnx_test;

namespace {

enum class Outcome { pass, unsupported, fail };

struct Result {
    Outcome outcome;
    std::string why;
};

bool is_unsupported(const std::string& msg) {
    return contains(msg, "that neo does not support") || contains(msg, "which neo does not support") ||
           contains(msg, "neo supports only tensor") || contains(msg, "does not support yet") ||
           contains(msg, "is not supported") || contains(msg, "compiles inference graphs");
}

std::optional<std::vector<neo::Tensor>> read_pbs(const fs::path& dir, const std::string& prefix) {
    std::vector<neo::Tensor> out;
    for (int i = 0;; ++i) {
        fs::path f = dir / (prefix + "_" + std::to_string(i) + ".pb");
        if (!fs::exists(f)) return out;
        auto t = neo::read_tensor_proto(f.string());
        if (!t) return std::nullopt;  // not a tensor (sequence, optional, ...)
        out.push_back(std::move(*t));
    }
}

Result run_case(const fs::path& dir) {
    const fs::path data = dir / "test_data_set_0";
    auto inputs = read_pbs(data, "input");
    auto expected = read_pbs(data, "output");
    if (!inputs || !expected) return {Outcome::unsupported, "non-tensor test data"};
    std::unique_ptr<neo::Graph> g;
    try {
        g = load_static(dir / "model.onnx", *inputs);
    } catch (const neo::UserError& e) {
        return {is_unsupported(e.what()) ? Outcome::unsupported : Outcome::fail, e.what()};
    } catch (const std::exception& e) {
        return {Outcome::fail, e.what()};
    }
    try {
        auto got = neo::Interpreter(*g).run(*inputs);
        if (got.size() != expected->size())
            return {Outcome::fail, std::to_string(got.size()) + " outputs, expected " +
                                       std::to_string(expected->size())};
        for (std::size_t i = 0; i < got.size(); ++i)
            if (auto why = compare(got[i], (*expected)[i], 1e-3, 1e-5); !why.empty())
                return {Outcome::fail, "output " + std::to_string(i) + ": " + why};
    } catch (const std::exception& e) {
        return {Outcome::fail, std::string("running: ") + e.what()};
    }
    return {Outcome::pass, ""};
}

// Cases of <root>/<sub> whose name starts with one of `prefixes` (all when empty).
std::vector<fs::path> cases(const fs::path& root, const std::string& sub,
                            const std::vector<std::string>& prefixes) {
    std::vector<fs::path> out;
    if (!fs::is_directory(root / sub)) return out;
    for (const auto& e : fs::directory_iterator(root / sub)) {
        const std::string name = e.path().filename().string();
        bool match = prefixes.empty();
        for (const auto& p : prefixes) match |= name.rfind(p, 0) == 0;
        if (match && fs::exists(e.path() / "model.onnx")) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

const char* conformance_root() { return std::getenv("NEO_ONNX_CONFORMANCE_DIR"); }

}  // namespace

TEST_CASE("ONNX conformance: the frontend's normalizations and legacy opsets") {
    const char* root = conformance_root();
    if (!root) {
        MESSAGE("NEO_ONNX_CONFORMANCE_DIR is not set: ONNX conformance tests skipped");
        return;
    }
    // Ops with translators that rewrite older opsets, plus the PyTorch-exported models
    // at opset 6 (legacy broadcasting, attribute-style inputs).
    std::vector<fs::path> all = cases(root, "node",
        {"test_upsample_nearest", "test_resize_upsample_scales_nearest",
         "test_resize_downsample_scales_nearest", "test_slice", "test_squeeze",
         "test_unsqueeze", "test_reduce_sum_", "test_reduce_mean_", "test_clip",
         "test_softmax_", "test_logsoftmax_", "test_split_equal", "test_split_variable",
         "test_split_1d", "test_split_2d", "test_split_zero", "test_batchnorm_e",
         "test_constant", "test_edge_pad", "test_reflect_pad", "test_dropout_default",
         "test_if", "test_loop11", "test_scan", "test_conv_with", "test_flatten",
         "test_reshape", "test_concat", "test_gemm_default", "test_prelu", "test_add_bcast",
         "test_identity", "test_transpose"});
    for (const char* sub : {"pytorch-converted", "pytorch-operator"})
        for (auto& p : cases(root, sub, {})) all.push_back(p);
    REQUIRE_FALSE(all.empty());

    std::string failures, skipped;
    int passed = 0;
    for (const fs::path& dir : all) {
        Result r = run_case(dir);
        const std::string name = dir.parent_path().filename().string() + "/" +
                                 dir.filename().string();
        if (r.outcome == Outcome::pass) ++passed;
        if (r.outcome == Outcome::unsupported) skipped += "\n  " + name;
        if (r.outcome == Outcome::fail) failures += "\n  " + name + ": " + r.why;
    }
    MESSAGE(passed << " of " << all.size() << " conformance cases pass; skipped (an op, dtype "
                   "or type neo does not support yet):" << skipped);
    INFO("failing cases:" << failures);
    CHECK(failures.empty());
}
