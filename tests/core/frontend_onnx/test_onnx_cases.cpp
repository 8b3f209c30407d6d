// Numerical cases: every folder of tests/data/frontend_onnx/cases holds a small model
// (mostly one node at an old opset, to exercise the translators' normalizations), its
// inputs and the outputs NumPy computed for it (make_fixtures.py). Each model is loaded
// with its inputs' shapes (list form), run by the reference interpreter, and compared.
// A case fails on its own; the others still run, and the failures are listed together.
#include <doctest/doctest.h>

#include <set>

#include "neo/core/interp/interpreter.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

namespace {

// Empty when the case passes, else why not.
std::string run_case(const fs::path& dir) {
    auto inputs = read_npys(dir, "input");
    auto expected = read_npys(dir, "output");
    try {
        auto g = load_static(dir / "model.onnx", inputs);
        auto got = neo::Interpreter(*g).run(inputs);
        if (got.size() != expected.size())
            return std::to_string(got.size()) + " outputs, expected " +
                   std::to_string(expected.size());
        for (std::size_t i = 0; i < got.size(); ++i)
            if (std::string why = compare(got[i], expected[i]); !why.empty())
                return "output " + std::to_string(i) + ": " + why;
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

// Cases whose ops the op registry does not have yet. Each must fail with the
// frontend's unsupported-op error (so the list stays honest); when the op lands, the
// case passes and must be taken off this list (the test says so).
const std::set<std::string> kPendingOps = {
    "if_capture_else",        "if_capture_then",       "loop_capture",
    "nested_capture",         "resize_opset10_nearest", "resize_opset11_sizes",
    "topk_opset9_attr",       "upsample_opset7_attr",  "upsample_opset9_input"};

}  // namespace

TEST_CASE("numerical cases match NumPy") {
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(data_dir() / "cases"))
        if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    REQUIRE(dirs.size() >= 30);
    std::string failures;
    for (const fs::path& dir : dirs) {
        std::string name = dir.filename().string();
        std::string why = run_case(dir);
        if (kPendingOps.count(name)) {
            if (why.empty())
                failures += "\n  " + name + ": passes now, take it off kPendingOps";
            else if (why.find("that neo does not support") == std::string::npos)
                failures += "\n  " + name + ": expected the unsupported-op error, got: " + why;
        } else if (!why.empty()) {
            failures += "\n  " + name + ": " + why;
        }
    }
    INFO("failing cases:" << failures);
    CHECK(failures.empty());
}
