#include "neo/tuner/tuner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <functional>
#include <map>

#include "neo/tuning_db/schedule_choice.hpp"

namespace neo::tuner {
namespace {

using tuning_db::canonical_config;
using tuning_db::Record;

struct State {
    TaskStatus status;
    std::vector<Trial> history;
    std::set<std::string> seen;
    std::deque<Config> seeds;     // transferred configs, measured first
    std::unique_ptr<Strategy> strategy;
    std::mt19937_64 rng;
    std::size_t since_improve = 0, batches = 0;
    double best_before = 0;       // best cost two batches ago, for the gain
    std::vector<double> recent;   // best cost after each batch
    bool exhausted = false;

    void add(const Record& r) {
        seen.insert(canonical_config(r.config));
        history.push_back({r.config, r.cost_mean, r.valid()});
        ++status.trials;
        if (!r.valid()) ++status.errors;
        if (r.config.empty() && r.valid()) status.default_cost = r.cost_mean;
        if (r.valid() && (status.best_cost == 0 || r.cost_mean < status.best_cost)) {
            status.best_cost = r.cost_mean;
            status.best_config = r.config;
            since_improve = 0;
        } else {
            ++since_improve;
        }
    }
    double cost() const { return status.best_cost > 0 ? status.best_cost : status.default_cost; }
    bool active(const TuneOptions& o) const {
        return !exhausted && !status.stopped && !(o.early_stopping > 0 && since_improve >= o.early_stopping && batches > 0);
    }
    // Weight x time (the task's share of the model's time) x (0.1 + its relative
    // improvement over the last two batches).
    double gain() const {
        const double c = cost();
        double rel = 1.0;
        if (recent.size() >= 3) {
            const double before = recent[recent.size() - 3];
            rel = before > 0 ? (before - c) / before : 0.0;
        }
        return static_cast<double>(status.task->weight) * c * (0.1 + std::max(0.0, rel));
    }
};

// Whether every task has a measurement (before, the estimate misses tasks).
bool all_measured(const std::vector<State>& states) {
    return std::all_of(states.begin(), states.end(), [](const State& s) { return s.status.trials > 0; });
}

double model_latency(const std::vector<State>& states) {
    double s = 0;
    for (const State& st : states) s += static_cast<double>(st.status.task->weight) * st.cost();
    return s;
}

// Seeds of tasks without records: the best configs of the same workload on other targets,
// then of the nearest workloads of the same op on this target.
void add_transfer_seeds(std::vector<State>& states, const tuning_db::RecordStore& store, const std::string& target_key) {
    bool any = false;
    for (const State& s : states) any = any || s.history.empty();
    if (!any) return;
    std::map<std::string, std::vector<Record>> elsewhere;  // workload key -> best per other target
    for (const Record& r : store.all())
        if (r.target_key != target_key && r.valid()) elsewhere[r.workload_key].push_back(r);
    for (State& s : states) {
        if (!s.history.empty()) continue;
        const TaskInfo& t = *s.status.task;
        std::vector<Record> candidates;
        if (auto it = elsewhere.find(t.task.key); it != elsewhere.end()) {
            std::vector<Record> v = it->second;
            std::stable_sort(v.begin(), v.end(), tuning_db::record_rank_less);
            candidates.insert(candidates.end(), v.begin(), v.end());
        }
        std::vector<std::pair<double, Record>> near;
        for (const Record& r : store.best_of_op(t.task.op, target_key))
            if (r.workload_key != t.task.key)
                if (auto d = tuning_db::workload_distance(t.task.workload, r.workload)) near.push_back({*d, r});
        std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [d, r] : near) candidates.push_back(r);
        std::set<std::string> taken;
        for (const Record& r : candidates) {
            if (s.seeds.size() >= 4) break;
            if (r.config.empty() || !tuning_db::fits_space(r.config, t.space.knobs()) || !t.space.valid(r.config)) continue;
            if (taken.insert(canonical_config(r.config)).second) s.seeds.push_back(r.config);
        }
    }
}

// Measures the task's default and its best `verify` configs again, twice, interleaved, and
// keeps the mean of those measurements as their cost: the best of many noisy measurements
// is biased towards luck, a new measurement of it is not.
void verify(State& s, tuning_db::RecordStore& store, const std::string& target_key, const MeasureFn& measure,
            const TuneOptions& o) {
    std::vector<Record> records = store.records(s.status.task->task.key, target_key);  // valid first, cheapest first
    std::vector<Config> configs;
    for (const Record& r : records)
        if (r.valid() && !r.config.empty() && configs.size() < o.verify) configs.push_back(r.config);
    if (configs.empty()) return;
    configs.insert(configs.begin(), Config::object());
    std::vector<Config> rounds = configs;
    rounds.insert(rounds.end(), configs.begin(), configs.end());
    const std::vector<Record> measured = measure(s.status.index, rounds);
    std::vector<Record> updated;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        Record r = measured[i];
        const Record& again = measured[i + configs.size()];
        if (r.valid() && again.valid()) {
            r.cost_mean = (r.cost_mean + again.cost_mean) / 2;
            r.cost_stdev = std::max(r.cost_stdev, std::abs(r.cost_mean - again.cost_mean));
            r.runs += again.runs;
        } else if (r.valid()) {
            r = again;
        }
        updated.push_back(r);
    }
    store.add(updated);
    s.status.best_cost = s.status.default_cost = 0;
    for (const Record& r : store.records(s.status.task->task.key, target_key)) {
        if (!r.valid()) continue;
        if (r.config.empty()) s.status.default_cost = r.cost_mean;
        if (s.status.best_cost == 0 || r.cost_mean < s.status.best_cost) {
            s.status.best_cost = r.cost_mean;
            s.status.best_config = r.config;
        }
    }
}

}  // namespace

TuneResult tune(const std::vector<TaskInfo>& tasks, tuning_db::RecordStore& store, const std::string& target_key,
                const MeasureFn& measure, const TuneOptions& o, const std::function<void(const Progress&)>& progress) {
    std::vector<State> states(tasks.size());
    std::size_t used = 0;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        State& s = states[i];
        s.status.index = i;
        s.status.count = tasks.size();
        s.status.task = &tasks[i];
        s.strategy = make_strategy(o.strategy);
        s.rng.seed(o.seed ^ std::hash<std::string>{}(tasks[i].task.key));
        auto records = store.records(tasks[i].task.key, target_key);
        std::stable_sort(records.begin(), records.end(), [](const Record& a, const Record& b) { return a.time < b.time; });
        for (const Record& r : records) s.add(r);
        s.batches = s.status.trials / std::max<std::size_t>(o.batch, 1);
        used += s.status.trials;
    }
    add_transfer_seeds(states, store, target_key);

    TuneResult result;
    if (all_measured(states)) result.curve.push_back({used, model_latency(states)});
    const auto start = std::chrono::steady_clock::now();
    while (used < o.trials) {
        // The next task: one without its baseline or first batch, else the largest gain.
        State* next = nullptr;
        for (State& s : states)
            if (s.active(o) && s.batches == 0) {
                next = &s;
                break;
            }
        if (!next)
            for (State& s : states)
                if (s.active(o) && (!next || s.gain() > next->gain())) next = &s;
        if (!next) break;
        State& s = *next;
        const std::size_t n = std::min(o.batch, o.trials - used);
        std::vector<Config> configs;
        if (!s.seen.count(canonical_config(Config::object()))) {
            configs.push_back(Config::object());
            s.seen.insert(canonical_config(Config::object()));
        }
        while (configs.size() < n && !s.seeds.empty()) {
            if (s.seen.insert(canonical_config(s.seeds.front())).second) configs.push_back(s.seeds.front());
            s.seeds.pop_front();
        }
        if (configs.size() < n) {
            auto more = s.strategy->propose(s.status.task->space, s.history, s.seen, n - configs.size(), s.rng);
            for (auto& c : more) {
                s.seen.insert(canonical_config(c));
                configs.push_back(std::move(c));
            }
        }
        if (configs.empty()) {
            s.exhausted = true;
            continue;
        }
        std::vector<Record> records = measure(s.status.index, configs);
        store.add(records);
        double last = 0;
        for (const Record& r : records) {
            s.add(r);
            if (r.valid() && (last == 0 || r.cost_mean < last)) last = r.cost_mean;
        }
        s.status.last_cost = last;
        ++s.batches;
        s.recent.push_back(s.cost());
        used += records.size();
        result.measured += records.size();
        if (configs.size() < n) s.exhausted = true;
        s.status.stopped = !s.active(o);
        if (all_measured(states)) result.curve.push_back({used, model_latency(states)});
        if (progress) {
            const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            Progress p{s.status, used, o.trials, model_latency(states), 0};
            p.eta_seconds = elapsed / static_cast<double>(result.measured) * static_cast<double>(o.trials - used);
            progress(p);
        }
    }
    if (result.measured > 0 && o.verify > 0) {
        for (State& s : states) verify(s, store, target_key, measure, o);
        result.curve.push_back({used, model_latency(states)});
    }
    for (State& s : states) {
        s.status.stopped = !s.active(o) || used >= o.trials;
        result.tasks.push_back(s.status);
    }
    return result;
}

}  // namespace neo::tuner
