#pragma once
// neo-tune's command line (the host's tuning mode).
#include <optional>
#include <string>

#include "neo/core/driver/compile.hpp"
#include "neo/tuner/in_model.hpp"
#include "neo/tuner/measure.hpp"
#include "neo/tuner/tuner.hpp"

namespace neo::tools {

struct TuneCommand {
    CompileRequest model;              // model files and target, as neo-build takes them
    std::string db;
    tuner::TuneOptions tune;
    tuner::MeasureOptions measure;
    tuner::InModelOptions in_model;
    std::optional<std::string> tasks;  // --tasks
    bool list_tasks = false;
    std::optional<std::string> agent, key_file;
    std::optional<std::string> plot, export_log;
};

// Parses argv; nullopt after printing help/version (exit 0) or a usage error (exit 2,
// `status` says which). UserError for option values that are wrong.
std::optional<TuneCommand> parse_tune_command(int argc, char** argv, int& status);

}  // namespace neo::tools
