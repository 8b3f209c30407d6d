#include "neo/tuner/space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neo::tuner {

ConfigSpace ConfigSpace::without(const std::string& knob) const {
    ScheduleSpace kept;
    for (const auto& k : knobs_)
        if (k.name != knob) kept.push_back(k);
    return ConfigSpace(std::move(kept), valid_);
}

ConfigSpace::ConfigSpace(ScheduleSpace knobs, ValidFn valid) : knobs_(std::move(knobs)), valid_(std::move(valid)) {
    knobs_.erase(std::remove_if(knobs_.begin(), knobs_.end(), [](const Knob& k) { return k.choices.empty(); }), knobs_.end());
    for (const Knob& k : knobs_) {
        const uint64_t n = k.choices.size();
        size_ = size_ > std::numeric_limits<uint64_t>::max() / n ? std::numeric_limits<uint64_t>::max() : size_ * n;
    }
}

Config ConfigSpace::config_of(const std::vector<std::size_t>& choice) const {
    Config c = Config::object();
    for (std::size_t i = 0; i < knobs_.size(); ++i) c[knobs_[i].name] = knobs_[i].choices.at(choice.at(i));
    return c;
}

Config ConfigSpace::config_at(uint64_t index) const {
    std::vector<std::size_t> choice(knobs_.size());
    for (std::size_t i = knobs_.size(); i-- > 0;) {
        choice[i] = static_cast<std::size_t>(index % knobs_[i].choices.size());
        index /= knobs_[i].choices.size();
    }
    return config_of(choice);
}

std::vector<std::size_t> ConfigSpace::choices_of(const Config& c) const {
    std::vector<std::size_t> choice(knobs_.size(), 0);
    for (std::size_t i = 0; i < knobs_.size(); ++i) {
        auto it = c.find(knobs_[i].name);
        if (it == c.end()) continue;
        auto at = std::find(knobs_[i].choices.begin(), knobs_[i].choices.end(), *it);
        if (at != knobs_[i].choices.end()) choice[i] = static_cast<std::size_t>(at - knobs_[i].choices.begin());
    }
    return choice;
}

std::optional<Config> ConfigSpace::random_valid(std::mt19937_64& rng, int tries) const {
    for (int t = 0; t < tries; ++t) {
        std::vector<std::size_t> choice(knobs_.size());
        for (std::size_t i = 0; i < knobs_.size(); ++i)
            choice[i] = std::uniform_int_distribution<std::size_t>(0, knobs_[i].choices.size() - 1)(rng);
        Config c = config_of(choice);
        if (valid_(c)) return c;
        // Repair (a target may keep most of a space for one kernel and call the rest
        // invalid): knobs back to their first choice, in random order, until it is valid;
        // then each of those back to its drawn choice, or another drawn one, where that stays
        // valid.
        const std::vector<std::size_t> drawn = choice;
        std::vector<std::size_t> order(knobs_.size()), reset;
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        bool ok = false;
        for (std::size_t i : order) {
            if (choice[i] == 0) continue;
            choice[i] = 0;
            reset.push_back(i);
            if ((ok = valid_(config_of(choice)))) break;
        }
        if (!ok) continue;
        std::shuffle(reset.begin(), reset.end(), rng);
        for (std::size_t i : reset) {
            choice[i] = drawn[i];
            for (int t = 0; t < 4 && !valid_(config_of(choice)); ++t)
                choice[i] = std::uniform_int_distribution<std::size_t>(0, knobs_[i].choices.size() - 1)(rng);
            if (!valid_(config_of(choice))) choice[i] = 0;
        }
        return config_of(choice);
    }
    return std::nullopt;
}

std::optional<Config> ConfigSpace::mutate(const Config& c, std::mt19937_64& rng, int tries) const {
    if (knobs_.empty()) return std::nullopt;
    const auto base = choices_of(c);
    for (int t = 0; t < tries; ++t) {
        auto choice = base;
        const int changes = std::uniform_int_distribution<int>(1, 2)(rng);
        for (int k = 0; k < changes; ++k) {
            const auto i = std::uniform_int_distribution<std::size_t>(0, knobs_.size() - 1)(rng);
            choice[i] = std::uniform_int_distribution<std::size_t>(0, knobs_[i].choices.size() - 1)(rng);
        }
        if (choice == base) continue;
        Config m = config_of(choice);
        if (valid_(m)) return m;
    }
    return std::nullopt;
}

std::optional<Config> ConfigSpace::crossover(const Config& a, const Config& b, std::mt19937_64& rng) const {
    const auto ca = choices_of(a), cb = choices_of(b);
    std::vector<std::size_t> choice(knobs_.size());
    for (std::size_t i = 0; i < knobs_.size(); ++i) choice[i] = (rng() & 1) ? ca[i] : cb[i];
    Config c = config_of(choice);
    if (!valid_(c)) return std::nullopt;
    return c;
}

std::vector<double> ConfigSpace::features(const Config& c) const {
    const auto choice = choices_of(c);
    std::vector<double> f, numeric;
    for (std::size_t i = 0; i < knobs_.size(); ++i) {
        const Knob& k = knobs_[i];
        for (std::size_t j = 0; j < k.choices.size(); ++j) f.push_back(j == choice[i] ? 1.0 : 0.0);
        const bool is_numeric = std::all_of(k.choices.begin(), k.choices.end(), [](const Config& v) { return v.is_number(); });
        if (is_numeric && k.choices.size() > 2)
            numeric.push_back(std::log2(1.0 + std::max(0.0, k.choices[choice[i]].get<double>())));
    }
    f.insert(f.end(), numeric.begin(), numeric.end());
    for (std::size_t i = 0; i < numeric.size(); ++i)
        for (std::size_t j = i + 1; j < numeric.size(); ++j) f.push_back(numeric[i] * numeric[j]);
    return f;
}

}  // namespace neo::tuner
