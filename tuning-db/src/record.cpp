#include "neo/tuning_db/record.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "neo/core/catalog/device.hpp"

namespace neo::tuning_db {

namespace {
constexpr std::string_view kErrorNames[] = {"ok", "build", "run", "wrong_answer", "timeout"};
}  // namespace

std::string_view error_name(ErrorCode e) { return kErrorNames[static_cast<int>(e)]; }

std::optional<ErrorCode> parse_error(std::string_view name) {
    for (std::size_t i = 0; i < std::size(kErrorNames); ++i)
        if (kErrorNames[i] == name) return static_cast<ErrorCode>(i);
    return std::nullopt;
}

std::string canonical_config(const nlohmann::json& config) { return config.dump(); }

namespace {
// What separates a target key from the thread count its records were measured at.
const std::string kThreadsMark = "/threads=";
}  // namespace

std::string target_key(const TargetSpec& target, int threads) {
    std::vector<std::string> features = target.features;
    std::sort(features.begin(), features.end());
    features.erase(std::unique(features.begin(), features.end()), features.end());
    std::string accel(accelerator_name(target.accelerator));
    std::string key = std::string(os_name(target.os)) + "/" + std::string(arch_name(target.arch)) + "/" +
                      (accel.empty() ? "NONE" : accel) + "/" + (target.cpu.empty() ? "generic" : target.cpu) + "/";
    for (std::size_t i = 0; i < features.size(); ++i) key += (i ? "," : "") + features[i];
    if (threads > 0) key += kThreadsMark + std::to_string(threads);
    return key;
}

std::optional<int> target_key_threads(const std::string& key, const TargetSpec& target) {
    const std::string plain = target_key(target), prefix = plain + kThreadsMark;
    if (key == plain) return 0;
    if (key.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    try {
        std::size_t used = 0;
        const int n = std::stoi(key.substr(prefix.size()), &used);
        if (used == key.size() - prefix.size() && n > 0) return n;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

std::optional<std::string> check_record(const Record& r) {
    if (r.workload_key.empty()) return "the workload key is empty";
    if (r.target_key.empty()) return "the target key is empty";
    if (r.op.empty()) return "the op is empty";
    if (!r.config.is_object()) return "the config is not a JSON object: " + r.config.dump();
    if (!std::isfinite(r.cost_mean) || r.cost_mean < 0) return "cost_mean " + std::to_string(r.cost_mean) + " is not a finite number >= 0";
    if (!std::isfinite(r.cost_stdev) || r.cost_stdev < 0) return "cost_stdev " + std::to_string(r.cost_stdev) + " is not a finite number >= 0";
    if (r.model_cost && (!std::isfinite(*r.model_cost) || *r.model_cost < 0))
        return "model_cost " + std::to_string(*r.model_cost) + " is not a finite number >= 0";
    if (r.runs < 0) return "runs " + std::to_string(r.runs) + " is negative";
    return std::nullopt;
}

int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace neo::tuning_db
