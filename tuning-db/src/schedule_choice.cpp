#include "neo/tuning_db/schedule_choice.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace neo::tuning_db {

namespace {

using json = nlohmann::json;

// One tensor of a workload: absent (an omitted optional input), or dtype, rank and volume.
struct TensorSig {
    bool present = false;
    std::string dtype;
    std::size_t rank = 0;
    double log_volume = 0;
};

// Dims of a shape given as a list or as its text "[1,3,224,224]"; a dim that is not a
// number (a symbol) counts as 1. nullopt when the shape is neither.
std::optional<std::vector<double>> dims_of(const json& shape) {
    std::vector<double> dims;
    if (shape.is_array()) {
        for (const auto& d : shape) dims.push_back(d.is_number() ? d.get<double>() : 1.0);
        return dims;
    }
    if (!shape.is_string()) return std::nullopt;
    std::string s = shape.get<std::string>();
    if (s.size() < 2 || s.front() != '[' || s.back() != ']') return std::nullopt;
    s = s.substr(1, s.size() - 2);
    if (s == "*") return std::nullopt;  // unranked
    std::stringstream in(s);
    for (std::string part; std::getline(in, part, ',');) {
        char* end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        dims.push_back(end && *end == '\0' && !part.empty() ? v : 1.0);
    }
    return dims;
}

std::optional<std::vector<TensorSig>> signature(const json& workload) {
    if (!workload.is_object()) return std::nullopt;
    std::vector<TensorSig> sig;
    for (const char* side : {"inputs", "outputs"}) {
        if (!workload.contains(side) || !workload[side].is_array()) return std::nullopt;
        sig.push_back({true, side, 0, 0});  // separates inputs from outputs
        for (const auto& t : workload[side]) {
            if (t.is_null()) {
                sig.push_back({});
                continue;
            }
            if (!t.is_object() || !t.contains("shape")) return std::nullopt;
            auto dims = dims_of(t["shape"]);
            if (!dims) return std::nullopt;
            TensorSig ts{true, t.value("dtype", std::string()), dims->size(), 0};
            for (double d : *dims) ts.log_volume += std::log(std::max(d, 1.0));
            sig.push_back(ts);
        }
    }
    return sig;
}

bool in_choices(const json& value, const Knob& knob) {
    return std::any_of(knob.choices.begin(), knob.choices.end(), [&](const json& c) {
        // 4 and 4.0 are the same choice.
        if (c.is_number() && value.is_number()) return c.get<double>() == value.get<double>();
        return c == value;
    });
}

const char* source_name(ScheduleSource s) {
    switch (s) {
    case ScheduleSource::record: return "record";
    case ScheduleSource::neighbour: return "neighbour";
    case ScheduleSource::untuned: return "untuned";
    }
    return "";
}

std::string nodes_text(const TaskSchedule& t) {
    std::string s;
    for (std::size_t i = 0; i < t.nodes.size() && i < 4; ++i) s += (i ? ", '" : "'") + t.nodes[i] + "'";
    if (t.nodes.size() > 4) s += " and " + std::to_string(t.nodes.size() - 4) + " more";
    return s;
}

// "[1,64] [64,32] -> [1,32]": a workload's shapes, for messages.
std::string shapes_text(const json& workload) {
    std::string s;
    for (const char* side : {"inputs", "outputs"}) {
        if (!workload.contains(side) || !workload[side].is_array()) continue;
        if (std::string(side) == "outputs") s += " ->";
        for (const auto& t : workload[side])
            if (t.is_object() && t.contains("shape"))
                s += " " + (t["shape"].is_string() ? t["shape"].get<std::string>() : t["shape"].dump());
    }
    return s.empty() ? s : s.substr(1);
}

// The thread counts other than `choice`'s at which `store` has valid records of the
// tasks `choice` left untuned.
std::vector<int> other_thread_counts(const RecordStore& store, const ScheduleChoice& choice,
                                     const TargetSpec& target) {
    std::set<std::string> untuned;
    for (const auto& t : choice.tasks)
        if (t.source == ScheduleSource::untuned) untuned.insert(t.task_key);
    std::set<int> counts;
    if (!untuned.empty())
        for (const Record& r : store.all())
            if (r.valid() && r.target_key != choice.target_key && untuned.count(r.workload_key))
                if (auto n = target_key_threads(r.target_key, target)) counts.insert(*n);
    return {counts.begin(), counts.end()};
}

}  // namespace

bool fits_space(const json& config, const ScheduleSpace& space) {
    if (!config.is_object()) return false;
    for (const auto& [name, value] : config.items()) {
        auto knob = std::find_if(space.begin(), space.end(), [&](const Knob& k) { return k.name == name; });
        if (knob == space.end() || !in_choices(value, *knob)) return false;
    }
    return true;
}

std::optional<double> workload_distance(const json& a, const json& b) {
    auto sa = signature(a), sb = signature(b);
    if (!sa || !sb || sa->size() != sb->size()) return std::nullopt;
    double d = 0;
    for (std::size_t i = 0; i < sa->size(); ++i) {
        const TensorSig &x = (*sa)[i], &y = (*sb)[i];
        if (x.present != y.present || x.dtype != y.dtype || x.rank != y.rank) return std::nullopt;
        d += std::abs(x.log_volume - y.log_volume);
    }
    return d;
}

ScheduleChoice choose_schedules(const RecordStore& store, const std::vector<TuningTask>& tasks,
                                const TargetSpec& target, const SpaceOf& space_of, int threads) {
    ScheduleChoice choice;
    choice.target_key = target_key(target, threads);
    std::map<std::string, std::vector<Record>> tuned_of_op;  // best record per workload, by op
    for (const TuningTask& task : tasks) {
        TaskSchedule ts{task.key, task.op, task.nodes, ScheduleSource::untuned, {}};
        std::optional<ScheduleSpace> space;
        auto fits = [&](const Record& r) {
            if (!space) space = space_of(task);
            return fits_space(r.config, *space);
        };
        std::vector<Record> own = store.records(task.key, choice.target_key);
        std::stable_sort(own.begin(), own.end(), choice_rank_less);
        for (const Record& r : own) {
            if (!r.valid()) break;  // valid ones come first
            if (fits(r)) {
                ts.source = ScheduleSource::record;
                ts.record = r;
                break;
            }
        }
        auto dflt = std::find_if(own.begin(), own.end(), [](const Record& r) { return r.config.empty(); });
        if (ts.source == ScheduleSource::record && dflt != own.end() && yields_to_default(ts.record, *dflt)) ts.record = *dflt;
        if (ts.source == ScheduleSource::untuned) {
            auto [it, fresh] = tuned_of_op.try_emplace(task.op);
            if (fresh) it->second = store.best_of_op(task.op, choice.target_key);
            std::vector<std::pair<double, const Record*>> near;
            for (const Record& r : it->second)
                if (r.workload_key != task.key)
                    if (auto d = workload_distance(task.workload, r.workload)) near.push_back({*d, &r});
            std::sort(near.begin(), near.end(), [](const auto& x, const auto& y) {
                return x.first != y.first ? x.first < y.first : x.second->workload_key < y.second->workload_key;
            });
            for (const auto& [d, r] : near)
                if (fits(*r)) {
                    ts.source = ScheduleSource::neighbour;
                    ts.record = *r;
                    break;
                }
        }
        if (ts.source != ScheduleSource::untuned) choice.schedules[task.key] = ts.record.config;
        choice.tasks.push_back(std::move(ts));
    }
    choice.other_threads = other_thread_counts(store, choice, target);
    return choice;
}

std::string describe(const ScheduleChoice& choice) {
    std::map<ScheduleSource, int> count;
    for (const auto& t : choice.tasks) ++count[t.source];
    std::ostringstream out;
    out << "schedules for " << choice.tasks.size() << " tuning task(s) on target " << choice.target_key << ": "
        << count[ScheduleSource::record] << " from a record, " << count[ScheduleSource::neighbour]
        << " from a neighbour's record, " << count[ScheduleSource::untuned] << " untuned (default schedule)\n";
    for (const auto& t : choice.tasks) {
        out << "  " << source_name(t.source) << ": " << t.op << " " << nodes_text(t);
        if (t.source != ScheduleSource::untuned) out << " config " << t.record.config.dump();
        if (t.source == ScheduleSource::neighbour) out << " from the workload " << shapes_text(t.record.workload);
        if (t.source != ScheduleSource::untuned) {
            out << " (" << t.record.cost_mean * 1e6 << " us alone";
            if (t.record.model_cost) out << ", " << *t.record.model_cost * 1e6 << " us in the model";
            out << (t.source == ScheduleSource::neighbour ? " there)" : ")");
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace neo::tuning_db
