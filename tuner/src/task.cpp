#include "neo/tuner/task.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "neo/core/util/error.hpp"

namespace neo::tuner {

namespace {

// "1x3x32x32" from a tensor of a workload ("scalar" for rank 0, "" when unknown).
std::string dims_text(const nlohmann::json& tensor) {
    if (!tensor.is_object() || !tensor.contains("shape")) return "";
    std::string shape = tensor["shape"].is_string() ? tensor["shape"].get<std::string>() : tensor["shape"].dump();
    shape.erase(std::remove_if(shape.begin(), shape.end(), [](char c) { return c == '[' || c == ']' || c == ' '; }), shape.end());
    std::replace(shape.begin(), shape.end(), ',', 'x');
    return shape.empty() ? "scalar" : shape;
}

}  // namespace

std::string task_summary(const TuningTask& task) {
    std::string s = task.op;
    const auto& w = task.workload;
    auto first = [&](const char* list) -> std::string {
        return w.is_object() && w.contains(list) && w[list].is_array() && !w[list].empty() ? dims_text(w[list][0]) : "";
    };
    const std::string in = first("inputs"), out = first("outputs");
    if (!in.empty()) s += " " + in;
    if (!out.empty()) s += " -> " + out;
    return s;
}

std::vector<TaskInfo> model_tasks(const TargetPlugin& plugin, const Graph& graph, const TargetSpec& target) {
    std::vector<TaskInfo> out;
    for (TuningTask& t : plugin.tuning_tasks(graph, target)) {
        ScheduleSpace knobs = plugin.schedule_space(t, target);
        if (knobs.empty()) continue;
        const std::size_t weight = std::max<std::size_t>(1, t.nodes.size());
        std::string summary = task_summary(t);
        auto shared = std::make_shared<TuningTask>(t);
        ValidFn valid = [&plugin, shared, target](const Config& c) { return plugin.valid(*shared, c, target); };
        out.push_back(TaskInfo{std::move(t), weight, ConfigSpace(std::move(knobs), std::move(valid)), std::move(summary)});
    }
    return out;
}

std::vector<TaskInfo> select_tasks(std::vector<TaskInfo> tasks, const std::string& list) {
    std::vector<bool> keep(tasks.size(), false);
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        bool matched = false;
        if (std::all_of(item.begin(), item.end(), ::isdigit)) {
            const std::size_t i = std::stoul(item);
            if (i >= 1 && i <= tasks.size()) keep[i - 1] = matched = true;
        } else {
            for (std::size_t i = 0; i < tasks.size(); ++i)
                if (tasks[i].task.op == item) keep[i] = matched = true;
        }
        if (!matched)
            throw UserError("--tasks: '" + item + "' names no task of this model (give 1-based task numbers up to " +
                            std::to_string(tasks.size()) + " or op names; --list-tasks shows them)");
    }
    std::vector<TaskInfo> out;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (keep[i]) out.push_back(std::move(tasks[i]));
    return out;
}

std::unique_ptr<Graph> task_graph(const Graph& graph, const TuningTask& task) {
    std::vector<const Node*> nodes;  // the first node and its fused chain, in order
    std::vector<std::string> names;
    if (!task.nodes.empty()) names.push_back(task.nodes.front());
    if (!task.fused.empty()) names.insert(names.end(), task.fused.front().begin(), task.fused.front().end());
    for (const std::string& name : names) {
        const Node* n = graph.find_node(name);
        if (!n) throw UserError("tuning task " + task_summary(task) + ": node '" + name + "' is not in the model");
        nodes.push_back(n);
    }
    if (nodes.empty()) throw UserError("tuning task " + task_summary(task) + " names no node");
    const std::set<const Node*> inside(nodes.begin(), nodes.end());
    auto g = std::make_unique<Graph>("task");
    std::map<const Value*, Value*> copy_of;  // the model's values -> the task graph's
    auto value = [&](const Value* v) -> Value* {
        if (!v) return nullptr;
        if (auto it = copy_of.find(v); it != copy_of.end()) return it->second;
        Value* c = v->is_constant() ? g->add_constant(v->name(), v->constant_ptr())
                                    : g->add_input(v->name(), v->dtype(), v->shape(), v->layout());
        return copy_of[v] = c;
    };
    for (const Node* n : nodes) {
        std::vector<Value*> ins;
        for (const Value* v : n->inputs()) ins.push_back(value(v));
        std::vector<std::string> outs;
        for (const Value* v : n->outputs()) outs.push_back(v->name());
        Node* c = g->add_node(n->op(), ins, outs, n->attrs(), n->name());
        c->set_domain(n->domain());
        for (std::size_t i = 0; i < c->num_outputs(); ++i) {
            const Value* o = n->output(i);
            c->output(i)->set_dtype(o->dtype());
            c->output(i)->set_shape(o->shape());
            c->output(i)->set_layout(o->layout());
            copy_of[o] = c->output(i);
        }
    }
    // Outputs: every value no node of the task reads.
    for (const Node* n : nodes)
        for (const Value* o : n->outputs()) {
            bool read_inside = false;
            for (const Use& u : o->uses()) read_inside = read_inside || inside.count(u.node) > 0;
            if (!read_inside) g->add_output(copy_of.at(o));
        }
    return g;
}

}  // namespace neo::tuner
