#include "neo/tuner/task.hpp"

#include <algorithm>
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
    const Node* n = task.nodes.empty() ? nullptr : graph.find_node(task.nodes.front());
    if (!n) throw UserError("tuning task " + task_summary(task) + ": node '" + (task.nodes.empty() ? "" : task.nodes.front()) +
                            "' is not in the model");
    auto g = std::make_unique<Graph>("task");
    std::vector<Value*> ins;
    for (const Value* v : n->inputs()) {
        if (!v) {
            ins.push_back(nullptr);
            continue;
        }
        if (Value* have = g->find_value(v->name())) {
            ins.push_back(have);
            continue;
        }
        ins.push_back(v->is_constant() ? g->add_constant(v->name(), v->constant_ptr())
                                       : g->add_input(v->name(), v->dtype(), v->shape(), v->layout()));
    }
    std::vector<std::string> outs;
    for (const Value* v : n->outputs()) outs.push_back(v->name());
    Node* copy = g->add_node(n->op(), ins, outs, n->attrs(), n->name());
    copy->set_domain(n->domain());
    for (std::size_t i = 0; i < copy->num_outputs(); ++i) {
        copy->output(i)->set_dtype(n->output(i)->dtype());
        copy->output(i)->set_shape(n->output(i)->shape());
        copy->output(i)->set_layout(n->output(i)->layout());
        g->add_output(copy->output(i));
    }
    return g;
}

}  // namespace neo::tuner
