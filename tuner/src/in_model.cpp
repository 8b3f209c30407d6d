#include "neo/tuner/in_model.hpp"

#include <algorithm>

#include "neo/tuning_db/record.hpp"

namespace neo::tuner {
namespace {

using tuning_db::canonical_config;
using tuning_db::Record;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A task's default record and its configs faster alone than it, best first.
struct Plan {
    Record default_record;
    std::vector<Record> candidates;
    std::map<std::string, std::vector<double>> samples;  // config text -> in-model seconds
};

}  // namespace

InModelResult check_in_model(const std::vector<TaskInfo>& tasks, tuning_db::RecordStore& store,
                             const std::string& target_key, const ModelMeasureFn& measure, const InModelOptions& o) {
    InModelResult result;
    if (o.rounds == 0 || o.candidates == 0) return result;
    std::map<std::size_t, Plan> plans;  // task index -> plan, for tasks with a default record
    std::size_t models = 1;
    for (std::size_t t = 0; t < tasks.size(); ++t) {
        const std::vector<Record> records = store.records(tasks[t].task.key, target_key);  // valid first, fastest first
        auto dflt = std::find_if(records.begin(), records.end(), [](const Record& r) { return r.valid() && r.config.empty(); });
        if (dflt == records.end()) continue;
        Plan& p = plans[t];
        p.default_record = *dflt;
        for (const Record& r : records)
            if (r.valid() && !r.config.empty() && r.cost_mean < dflt->cost_mean && p.candidates.size() < o.candidates)
                p.candidates.push_back(r);
        // Configs an earlier check measured in the model are measured again, so that every
        // in-model cost of the task comes from the same rounds.
        for (const Record& r : records)
            if (r.valid() && !r.config.empty() && r.model_cost &&
                std::none_of(p.candidates.begin(), p.candidates.end(), [&](const Record& c) { return c.config == r.config; }))
                p.candidates.push_back(r);
        models = std::max(models, p.candidates.size() + 1);
    }
    if (models == 1) return result;  // nothing beat a default alone: nothing to check

    std::vector<Schedules> schedules(models);
    for (const auto& [t, p] : plans)
        for (std::size_t j = 0; j < p.candidates.size(); ++j) schedules[j + 1][tasks[t].task.key] = p.candidates[j].config;
    std::vector<bool> failed(models, false);
    for (std::size_t round = 0; round < o.rounds; ++round) {
        for (std::size_t step = 0; step < models; ++step) {
            const std::size_t m = round % 2 ? models - 1 - step : step;
            if (failed[m]) continue;
            const ModelRun run = measure(m, schedules[m]);
            if (!run.ok) {
                if (m == 0) {
                    result.failure = "the model with the default schedules failed: " + run.message;
                    return result;
                }
                failed[m] = true;
                result.notes.push_back("model " + std::to_string(m) + " (each task's candidate " + std::to_string(m) +
                                       ") failed; its configs are not chosen: " + run.message);
                continue;
            }
            for (auto& [t, p] : plans) {
                double sum = 0;
                std::size_t found = 0;
                for (const std::string& node : tasks[t].task.nodes)
                    if (auto it = run.node_seconds.find(node); it != run.node_seconds.end()) {
                        sum += it->second;
                        ++found;
                    }
                if (found == 0) continue;
                const auto c = schedules[m].find(tasks[t].task.key);
                const std::string config = canonical_config(c == schedules[m].end() ? Config::object() : c->second);
                p.samples[config].push_back(sum / static_cast<double>(found));
            }
        }
        ++result.rounds;
    }
    result.models = models;

    // Records with their in-model cost, and the verdict per task.
    std::vector<Record> updated;
    for (auto& [t, p] : plans) {
        // Only a task whose default was measured in the model is compared there.
        if (!p.samples.count(canonical_config(Config::object()))) continue;
        std::vector<Record> all{p.default_record};
        all.insert(all.end(), p.candidates.begin(), p.candidates.end());
        std::vector<Record> measured;
        for (Record& r : all)
            if (auto s = p.samples.find(canonical_config(r.config)); s != p.samples.end()) {
                r.model_cost = median(s->second);
                measured.push_back(r);
            }
        // The verdict, as a compilation will choose.
        const Record* chosen_at = &*std::min_element(measured.begin(), measured.end(), tuning_db::choice_rank_less);
        if (tuning_db::yields_to_default(*chosen_at, measured.front())) chosen_at = &measured.front();
        const Record& chosen = *chosen_at;
        InModelTask v;
        v.index = t;
        v.candidates = p.candidates.size();
        v.default_alone = p.default_record.cost_mean;
        v.default_model = *measured.front().model_cost;
        v.chosen = chosen.config;
        v.chosen_alone = chosen.cost_mean;
        v.chosen_model = *chosen.model_cost;
        if (!p.candidates.empty()) {
            v.best_alone = p.candidates.front().config;
            v.best_alone_cost = p.candidates.front().cost_mean;
            if (measured.size() > 1 && measured[1].config == v.best_alone) v.best_alone_model = *measured[1].model_cost;
        }
        result.tasks.push_back(std::move(v));
        updated.insert(updated.end(), measured.begin(), measured.end());
    }
    store.add(updated);
    return result;
}

WholeModelResult compare_whole_model(const ModelMeasureFn& measure, std::size_t index, const Schedules& tuned,
                                     std::size_t rounds) {
    WholeModelResult result;
    std::vector<double> sides[2];
    for (std::size_t round = 0; round < rounds; ++round) {
        double seconds[2] = {0, 0};
        for (std::size_t step = 0; step < 2; ++step) {
            const std::size_t side = round % 2 ? 1 - step : step;
            const ModelRun run = side == 0 ? measure(0, Schedules{}) : measure(index, tuned);
            if (!run.ok) {
                result.failure = std::string(side == 0 ? "the model with the default schedules" : "the tuned model") +
                                 " failed: " + run.message;
                return result;
            }
            for (const auto& [node, s] : run.node_seconds) seconds[side] += s;
        }
        sides[0].push_back(seconds[0]);
        sides[1].push_back(seconds[1]);
        ++result.rounds;
    }
    if (result.rounds > 0) result.default_seconds = median(sides[0]), result.tuned_seconds = median(sides[1]);
    return result;
}

}  // namespace neo::tuner
