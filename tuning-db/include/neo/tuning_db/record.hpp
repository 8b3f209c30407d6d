#pragma once
// A tuning record (DESIGN §4 "Tuning records"): one measured schedule config of one
// workload on one target.
//
// Key:   (workload key, target key). The workload key is the target plugin's canonical
//        TuningTask::key (op kind + shapes + dtypes + layout + attributes); the target key
//        is target_key() below.
// Value: the schedule config (knob name -> value, stored as its canonical JSON text),
//        the measured cost, an error code, the compiler version and the time; and, once
//        the config was run inside the whole model, its kernel's time there (model_cost).
// A store holds at most one record per (workload key, target key, config).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/target_spec.hpp"

namespace neo::tuning_db {

// How a measurement ended. Only `ok` records carry a meaningful cost; a record with any
// other code is kept so that the tuner does not measure that config again, and is never
// chosen as a schedule.
enum class ErrorCode {
    ok,            // built, ran, and gave the right answer
    build,         // the config did not compile
    run,           // the kernel crashed or the runtime reported an error
    wrong_answer,  // the outputs differ from the reference
    timeout,       // building or running took too long
};

// "ok", "build", "run", "wrong_answer", "timeout".
std::string_view error_name(ErrorCode e);
// The code of a name above, else nullopt.
std::optional<ErrorCode> parse_error(std::string_view name);

struct Record {
    std::string workload_key;          // TuningTask::key
    nlohmann::json workload = nlohmann::json::object();  // TuningTask::workload
    std::string op;                    // TuningTask::op, e.g. "Conv"
    std::string target_key;            // target_key(spec)
    nlohmann::json config = nlohmann::json::object();    // knob name -> value
    double cost_mean = 0;              // seconds per run of the kernel
    double cost_stdev = 0;             // seconds
    int64_t runs = 0;                  // measured runs behind mean and stdev
    ErrorCode error = ErrorCode::ok;
    std::string error_message;         // what went wrong; empty when ok
    std::string compiler_version;      // neo_version() of the compiler that measured it
    int64_t time = 0;                  // when it was measured: seconds since 1970-01-01 UTC
    // Seconds per run of the kernel inside the whole model (the tuner's in-model check:
    // the model built with this config, its kernel's time read from a profiled run, set
    // against the default's in the same rounds); nullopt when never measured there. The
    // configs of one workload that have it are compared by it, not by cost_mean.
    std::optional<double> model_cost;

    bool valid() const { return error == ErrorCode::ok; }
};

// The canonical text of a config: compact JSON with object keys sorted (nlohmann::json
// keeps objects sorted), so that equal configs have equal text.
std::string canonical_config(const nlohmann::json& config);

// The target key of a resolved target: what a schedule's speed depends on, as one string
//   OS/ARCH/ACCELERATOR/CPU/FEATURES
// with the service's spelling of OS, ARCH and ACCELERATOR ("NONE" when there is none),
// CPU the LLVM CPU name (mcpu, "generic" when none is known) and FEATURES the LLVM
// features (mattr) sorted and comma-separated (empty when none), e.g.
//   "LINUX/ARM64/NONE/cortex-a72/+crc,+neon"   "LINUX/X86_64/NONE/znver4/"
// The device name is not part of it: two devices with the same CPU share records.
//
// A schedule's speed also depends on how many threads run the model (a config that wins on
// one thread can lose on two), so a record measured at a set thread count N > 0 has the key
//   OS/ARCH/ACCELERATOR/CPU/FEATURES/threads=N
// and threads = 0 (the default: one thread per CPU of the device) keeps the plain key.
std::string target_key(const TargetSpec& target, int threads = 0);
// The thread count of `key` when it is target_key(target, n) for some n (0 for the plain
// key), else nullopt (another target's key).
std::optional<int> target_key_threads(const std::string& key, const TargetSpec& target);

// Why a record cannot be stored (an empty key, a config that is not an object, a cost or
// model cost that is negative or not finite, negative runs), or nullopt when it can.
std::optional<std::string> check_record(const Record& r);

// The current time in Record::time's unit.
int64_t now_seconds();

}  // namespace neo::tuning_db
