#pragma once
// One conformance case: finding the cases of a suite, and running one case in this
// process (load with the ONNX frontend, standard passes, execute through a target,
// compare with the expected outputs). The sandboxing (fork, timeout) is in sandbox.hpp.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "target_runner.hpp"

namespace neo::conformance {

// One set of input and expected output files.
struct DataSet {
    std::vector<std::filesystem::path> inputs, outputs;  // input_<i>.pb / output_<i>.pb in order
};

struct Case {
    std::string suite, name;           // suite = the suite directory's name
    std::filesystem::path model;       // model.onnx
    std::vector<DataSet> data_sets;    // test_data_set_<k>, in order of k
    std::string id() const { return suite + "/" + name; }
};

// The cases of a suite directory, sorted by name. Backend-test layout:
// <case>/model.onnx + <case>/test_data_set_<k>/{input,output}_<i>.pb. Also the flat
// layout of ONNX's "light" models: <name>.onnx + <name>_output_<i>.pb (and inputs
// <name>_input_<i>.pb when present; without them every input holds arange(n) / n).
std::vector<Case> find_cases(const std::filesystem::path& suite_dir);

struct CaseResult {
    std::string suite, name;
    std::string status = "error";       // pass | fail | unsupported | error
    double max_abs_error = 0;           // over all outputs (fail and pass)
    std::string message;
    std::vector<std::string> unsupported_ops;
    std::vector<std::string> ops;       // ONNX op types of the model (for the per-op table)
    nlohmann::json to_json() const;
    static CaseResult from_json(const nlohmann::json& j);
};

// Runs one case; never throws (every exception becomes "unsupported" or "error").
// `work_dir` is an empty scratch directory for the target's artifact.
CaseResult run_case(const Case& c, const ConformanceTarget& target, const std::filesystem::path& work_dir);

}  // namespace neo::conformance
