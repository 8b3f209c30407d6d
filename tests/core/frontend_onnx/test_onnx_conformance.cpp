// The ONNX frontend against the ONNX backend conformance data (DESIGN §6), read at run
// time from $NEO_ONNX_CONFORMANCE_DIR (a folder with node/, pytorch-converted/, ...;
// each case: model.onnx and test_data_set_0/{input,output}_<i>.pb). Without the
// variable the tests are skipped; the data is never copied into the repository.
//
// A case is loaded through the plugin, run by the reference interpreter and compared
// with the expected outputs. A case whose op (or dtype, or non-tensor type) neo does not
// support yet is skipped and listed; any other error or a wrong number fails it.
// "ONNX conformance sweep" runs every case and only reports (NEO_ONNX_CONFORMANCE_SWEEP=1).
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

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

// The "light" model zoo: real architectures at opset 9 (IR 3: initializers listed as
// inputs; weights made by ConstantOfShape), fed like ONNX's backend test runner does:
// each input holds arange(n) / n. Every model whose ops neo has is loaded, run by the
// reference interpreter (about 20 s for all) and compared with the expected output.
TEST_CASE("ONNX conformance: light model zoo") {
    const char* root = conformance_root();
    if (!root || !fs::is_directory(fs::path(root) / "light")) return;
    std::vector<fs::path> models;
    for (const auto& e : fs::directory_iterator(fs::path(root) / "light"))
        if (e.path().extension() == ".onnx") models.push_back(e.path());
    std::sort(models.begin(), models.end());
    for (const fs::path& file : models) {
        const std::string name = file.stem().string();
        INFO("light model " << name);
        std::unique_ptr<neo::Graph> g;
        try {
            g = load(file);
        } catch (const neo::UserError& e) {
            if (is_unsupported(e.what())) {
                MESSAGE(name << " skipped: " << std::string(e.what()));
                continue;
            }
            FAIL_CHECK(std::string(e.what()));
            continue;
        }
        std::vector<neo::Tensor> inputs;
        for (const neo::Value* in : g->inputs()) {
            auto dims = in->shape().static_dims();
            neo::Tensor t = neo::Tensor::zeros(neo::DType::f32, dims);
            auto& a = t.array<float>();
            const double n = static_cast<double>(a.size());
            for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(i / n);
            inputs.push_back(std::move(t));
        }
        auto expected = neo::read_tensor_proto((file.parent_path() / (name + "_output_0.pb")).string());
        REQUIRE(expected);
        auto got = neo::Interpreter(*g).run(inputs);
        CHECK(compare(got.at(0), *expected, 1e-3, 1e-5) == "");
    }
}

TEST_CASE("ONNX conformance sweep (report only)") {
    const char* root = conformance_root();
    const char* sweep = std::getenv("NEO_ONNX_CONFORMANCE_SWEEP");
    if (!root || !sweep || std::string(sweep) != "1") return;
    int n = 0, passed = 0, unsupported = 0;
    std::string failures;
    std::set<std::string> no_translator;
    for (const char* sub : {"node", "pytorch-converted", "pytorch-operator", "simple"}) {
        for (const fs::path& dir : cases(root, sub, {})) {
            Result r = run_case(dir);
            ++n;
            passed += r.outcome == Outcome::pass;
            unsupported += r.outcome == Outcome::unsupported;
            // Ops the frontend itself cannot translate (as opposed to ops neo lacks).
            for (std::size_t at = r.why.find("no translator"); at != std::string::npos;
                 at = r.why.find("no translator", at + 1)) {
                std::size_t begin = r.why.rfind('\n', at) + 1;
                no_translator.insert(r.why.substr(begin, r.why.find('\n', at) - begin));
            }
            if (r.outcome == Outcome::fail)
                failures += "\n  " + std::string(sub) + "/" + dir.filename().string() + ": " +
                            r.why.substr(0, 300);
        }
    }
    MESSAGE(n << " cases: " << passed << " pass, " << unsupported << " unsupported, "
              << (n - passed - unsupported) << " fail:" << failures);
    std::string lines;
    for (const auto& l : no_translator) lines += "\n" + l;
    MESSAGE("ops without a translator:" << lines);
}
