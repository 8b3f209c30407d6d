#pragma once
// A task's schedule space as the search sees it: every knob of the target's space with
// its choices, the target's validity rule, and configs as points of the space.
//
// A config names every knob (knob name -> one of its choices). The space's points are
// the mixed-radix numbers of choice indices (the first knob varies slowest), so that a
// grid walks them in order. Only configs the target calls valid are ever proposed.
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/sdk/target.hpp"

namespace neo::tuner {

using Config = nlohmann::json;
using ValidFn = std::function<bool(const Config&)>;

class ConfigSpace {
public:
    ConfigSpace(ScheduleSpace knobs, ValidFn valid);

    const ScheduleSpace& knobs() const { return knobs_; }
    // The number of points (valid or not), saturating at UINT64_MAX.
    uint64_t size() const { return size_; }
    bool valid(const Config& c) const { return valid_(c); }
    // The space without `knob`: its configs leave it out, so the kernel's default applies.
    ConfigSpace without(const std::string& knob) const;

    // The config of a point (choice index per knob) and back.
    Config config_of(const std::vector<std::size_t>& choice) const;
    Config config_at(uint64_t index) const;  // mixed-radix point number
    std::vector<std::size_t> choices_of(const Config& c) const;  // a knob left out: its first choice

    // A uniformly drawn valid config; nullopt when `tries` draws found none.
    std::optional<Config> random_valid(std::mt19937_64& rng, int tries = 200) const;
    // `c` with one or two knobs redrawn (a valid config different from c, when found).
    std::optional<Config> mutate(const Config& c, std::mt19937_64& rng, int tries = 50) const;
    // Each knob taken from a or b at random (valid, else nullopt).
    std::optional<Config> crossover(const Config& a, const Config& b, std::mt19937_64& rng) const;

    // Features of a config for the cost model: per knob the one-hot of its choice and, for
    // numeric knobs, log2(1 + value); then the pairwise products of the numeric features.
    std::vector<double> features(const Config& c) const;

private:
    ScheduleSpace knobs_;
    ValidFn valid_;
    uint64_t size_ = 1;
};

}  // namespace neo::tuner
