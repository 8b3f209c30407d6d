#include "neo/tuner/search.hpp"

#include <algorithm>
#include <cmath>

#include "neo/core/util/error.hpp"
#include "neo/tuner/cost_model.hpp"
#include "neo/tuning_db/record.hpp"

namespace neo::tuner {
namespace {

using tuning_db::canonical_config;

// Adds c when it is new; true when added.
bool take(const Config& c, std::set<std::string>& seen, std::vector<Config>& out) {
    if (!seen.insert(canonical_config(c)).second) return false;
    out.push_back(c);
    return true;
}

class RandomSearch final : public Strategy {
public:
    std::vector<Config> propose(const ConfigSpace& space, const std::vector<Trial>&, const std::set<std::string>& seen_in,
                                std::size_t n, std::mt19937_64& rng) override {
        std::set<std::string> seen = seen_in;
        std::vector<Config> out;
        for (int misses = 0; out.size() < n && misses < 64;) {
            auto c = space.random_valid(rng);
            if (!c || !take(*c, seen, out)) ++misses;
        }
        return out;
    }
};

class GridSearch final : public Strategy {
public:
    std::vector<Config> propose(const ConfigSpace& space, const std::vector<Trial>&, const std::set<std::string>& seen_in,
                                std::size_t n, std::mt19937_64&) override {
        std::set<std::string> seen = seen_in;
        std::vector<Config> out;
        for (; out.size() < n && next_ < space.size(); ++next_) {
            Config c = space.config_at(next_);
            if (space.valid(c)) take(c, seen, out);
        }
        return out;
    }

private:
    uint64_t next_ = 0;
};

class EvolutionSearch final : public Strategy {
public:
    std::vector<Config> propose(const ConfigSpace& space, const std::vector<Trial>& history, const std::set<std::string>& seen_in,
                                std::size_t n, std::mt19937_64& rng) override {
        std::vector<const Trial*> good;
        for (const Trial& t : history)
            if (t.ok && !t.config.empty()) good.push_back(&t);
        // Too little to learn from: explore at random.
        if (good.size() < 4) return random_.propose(space, history, seen_in, n, rng);
        std::stable_sort(good.begin(), good.end(), [](const Trial* a, const Trial* b) { return a->cost < b->cost; });

        RidgeModel model;
        std::vector<std::vector<double>> x;
        std::vector<double> y;
        for (const Trial* t : good) {
            x.push_back(space.features(t->config));
            y.push_back(std::log(std::max(t->cost, 1e-12)));
        }
        model.fit(x, y);

        // Offspring of the best measured configs.
        const std::size_t parents = std::min<std::size_t>(good.size(), 8);
        std::set<std::string> seen = seen_in;
        std::vector<Config> offspring;
        for (int i = 0; i < 512 && offspring.size() < 256; ++i) {
            const Config& a = good[std::uniform_int_distribution<std::size_t>(0, parents - 1)(rng)]->config;
            std::optional<Config> c;
            if (rng() % 4 == 0) {
                const Config& b = good[std::uniform_int_distribution<std::size_t>(0, parents - 1)(rng)]->config;
                c = space.crossover(a, b, rng);
                if (c) c = space.mutate(*c, rng);
            } else {
                c = space.mutate(a, rng);
            }
            if (c) take(*c, seen, offspring);
        }
        std::vector<std::pair<double, std::size_t>> ranked;
        for (std::size_t i = 0; i < offspring.size(); ++i) ranked.push_back({model.predict(space.features(offspring[i])), i});
        std::stable_sort(ranked.begin(), ranked.end());

        // Most by the model, one in four at random.
        const std::size_t by_model = n - n / 4;
        std::vector<Config> out;
        std::set<std::string> taken = seen_in;
        for (std::size_t i = 0; i < ranked.size() && out.size() < by_model; ++i) take(offspring[ranked[i].second], taken, out);
        if (out.size() < n) {
            auto more = random_.propose(space, history, taken, n - out.size(), rng);
            for (auto& c : more) take(c, taken, out);
        }
        return out;
    }

private:
    RandomSearch random_;
};

}  // namespace

const std::vector<std::string>& strategy_names() {
    static const std::vector<std::string> names = {"evolution", "random", "grid"};
    return names;
}

std::unique_ptr<Strategy> make_strategy(const std::string& name) {
    if (name == "evolution") return std::make_unique<EvolutionSearch>();
    if (name == "random") return std::make_unique<RandomSearch>();
    if (name == "grid") return std::make_unique<GridSearch>();
    throw UserError("--strategy '" + name + "': use evolution, random or grid");
}

}  // namespace neo::tuner
