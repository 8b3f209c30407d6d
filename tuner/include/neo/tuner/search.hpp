#pragma once
// Search strategies: which configs of a task to measure next, given what was measured.
//   random     valid configs drawn uniformly (a baseline)
//   grid       the space's points in order, skipping invalid ones (a baseline)
//   evolution  a population of the best measured configs, mutated and crossed over; the
//              offspring are ranked by a cost model fitted on the task's measurements
//              (cost_model.hpp) and the best predicted are proposed, with a share of
//              random ones to keep exploring
// Every strategy proposes only valid configs not measured yet, and is deterministic for
// one random generator state and history.
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "neo/tuner/space.hpp"

namespace neo::tuner {

struct Trial {
    Config config;
    double cost = 0;  // seconds; meaningful when ok
    bool ok = false;
};

class Strategy {
public:
    virtual ~Strategy() = default;
    // Up to `n` configs to measure next (fewer when the space has no more).
    // `seen`: canonical texts of every config measured or proposed so far.
    virtual std::vector<Config> propose(const ConfigSpace& space, const std::vector<Trial>& history,
                                        const std::set<std::string>& seen, std::size_t n,
                                        std::mt19937_64& rng) = 0;
};

// "evolution", "random" or "grid"; UserError naming the choices for anything else.
std::unique_ptr<Strategy> make_strategy(const std::string& name);
const std::vector<std::string>& strategy_names();

}  // namespace neo::tuner
