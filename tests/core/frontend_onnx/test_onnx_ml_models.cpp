// Classical-ML models made by the real framework: scikit-learn models (SVMs, linear models,
// trees, forests, gradient boosting, preprocessing pipelines) exported by skl2onnx
// (tests/data/frontend_onnx/ml/gen_models.py), loaded through the ONNX frontend, run by
// the reference interpreter and compared with scikit-learn's own predictions. Classifiers
// exported with ZipMap give their probabilities as a tensor [N, classes].
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "neo/core/interp/interpreter.hpp"
#include "onnx_test_util.hpp"

using namespace onnx_test;

namespace {

fs::path ml_dir() { return data_dir() / "ml"; }

// Empty when the case passes, else why not.
std::string run_ml_case(const nlohmann::json& c) {
    const fs::path dir = ml_dir();
    std::vector<neo::Tensor> inputs{neo::read_npy(dir / c["input"].get<std::string>())};
    try {
        auto g = load_static(dir / c["model"].get<std::string>(), inputs);
        auto got = neo::Interpreter(*g).run(inputs);
        const auto& outs = c["outputs"];
        if (got.size() != outs.size())
            return std::to_string(got.size()) + " outputs, expected " + std::to_string(outs.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            neo::Tensor want;
            if (outs[i].contains("strings")) {
                auto s = outs[i]["strings"].get<std::vector<std::string>>();
                want = neo::Tensor::from_vector<std::string>({static_cast<int64_t>(s.size())}, s);
            } else {
                want = neo::read_npy(dir / outs[i]["npy"].get<std::string>());
            }
            const std::string why =
                compare(got[i], want, c["rtol"].get<double>(), c["atol"].get<double>());
            if (!why.empty()) return "output " + std::to_string(i) + ": " + why;
        }
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("scikit-learn models match scikit-learn") {
    std::ifstream f(ml_dir() / "cases.json");
    REQUIRE(f.good());
    const auto cases = nlohmann::json::parse(f);
    REQUIRE(cases.size() >= 19);
    std::string failures;
    for (const auto& c : cases) {
        const std::string why = run_ml_case(c);
        if (!why.empty()) failures += "\n  " + c["name"].get<std::string>() + ": " + why;
    }
    INFO("failing models:" << failures);
    CHECK(failures.empty());
}

TEST_CASE("a ZipMap output is the probability tensor") {
    auto g = load(ml_dir() / "logreg_multi_zipmap.onnx", "[[10, 4]]");
    bool found = false;
    for (const neo::Value* v : g->outputs())
        if (v->name() == "output_probability") {
            found = true;
            CHECK(v->dtype() == neo::DType::f32);
            CHECK(v->shape() == neo::Shape({10, 3}));
        }
    CHECK(found);
}

TEST_CASE("a ZipMap whose labels do not fit its probabilities is a user error") {
    const std::string msg = user_error([] { load(ml_dir() / "zipmap_mismatch.onnx"); });
    CHECK(contains(msg, "ZipMap"));
    CHECK(contains(msg, "has 2 class labels for 3 probability columns"));
}
