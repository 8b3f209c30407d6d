// Numerical cases: every folder of tests/data/frontend_onnx/cases holds a small model
// (mostly one node at an old opset, to exercise the translators' normalizations), its
// inputs and the outputs NumPy computed for it (make_fixtures.py). Each model is loaded
// with its inputs' shapes (list form), run by the reference interpreter, and compared.
// A case fails on its own; the others still run, and the failures are listed together.
#include <doctest/doctest.h>

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
        if (!why.empty()) failures += "\n  " + name + ": " + why;
    }
    INFO("failing cases:" << failures);
    CHECK(failures.empty());
}
