#pragma once
// The command-line options that name a model and its target, shared by neo-build and
// neo-tune: --framework, --input-shapes, --target-device | --target-platform,
// --compiler-options, --target-plugin, and the model files (positional).
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "neo/core/driver/compile.hpp"

namespace neo::tools {

inline void add_model_options(boost::program_options::options_description& d) {
    namespace po = boost::program_options;
    d.add_options()
        ("framework", po::value<std::string>(), "ONNX, TFLITE, KERAS, TENSORFLOW, PYTORCH, MXNET, XGBOOST, DARKNET (inferred when left out)")
        ("input-shapes", po::value<std::string>(), "input names and shapes: '{\"data\":[1,3,224,224]}' or '[[1,3,224,224]]'")
        ("target-device", po::value<std::string>(), "a device of --list-devices, e.g. rasp3b")
        ("target-platform", po::value<std::string>(), "'{\"Os\":\"LINUX\",\"Arch\":\"ARM64\",\"Accelerator\":\"MALI\"}' (instead of --target-device)")
        ("compiler-options", po::value<std::string>(), "JSON, e.g. '{\"mcpu\":\"skylake-avx512\"}'")
        ("target-plugin", po::value<std::string>(), "force this target plugin");
}

// The hidden positional option "model" (model files).
inline void add_model_files_option(boost::program_options::options_description& hidden,
                                   boost::program_options::positional_options_description& pos) {
    hidden.add_options()("model", boost::program_options::value<std::vector<std::string>>(), "model files");
    pos.add("model", -1);
}

template <class T>
std::optional<T> option_value(const boost::program_options::variables_map& vm, const char* name) {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<T>();
}

// Fills the model and target fields of a compile request from parsed options.
inline void fill_model_request(const boost::program_options::variables_map& vm, CompileRequest& req) {
    for (const auto& f : option_value<std::vector<std::string>>(vm, "model").value_or(std::vector<std::string>{}))
        req.model_files.emplace_back(f);
    req.framework = option_value<std::string>(vm, "framework");
    req.input_shapes = option_value<std::string>(vm, "input-shapes");
    req.target_device = option_value<std::string>(vm, "target-device");
    req.target_platform = option_value<std::string>(vm, "target-platform");
    req.compiler_options = option_value<std::string>(vm, "compiler-options");
    req.target_plugin = option_value<std::string>(vm, "target-plugin");
}

}  // namespace neo::tools
