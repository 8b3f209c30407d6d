#include "scope.hpp"

#include <algorithm>

namespace neo::onnxfe {

Value* Scope::lookup(const std::string& name) {
    if (auto it = values_.find(name); it != values_.end()) return it->second;
    if (!parent_) return nullptr;
    Value* outer = parent_->lookup(name);
    if (!outer) return nullptr;
    // Keep the outer name unless this graph uses it for something else (shadowing).
    std::string local_name =
        graph_.find_value(name) || is_reserved(name) ? fresh(name) : name;
    Value* local = nullptr;
    if (outer->is_constant()) {
        local = graph_.add_constant(local_name, outer->constant_ptr());
    } else {
        local = graph_.add_input(local_name, outer->dtype(), outer->shape(), outer->layout());
        captures_.push_back({outer, local});
    }
    values_[name] = local;
    return local;
}

bool Scope::bind(const std::string& name, Value* v) {
    return values_.emplace(name, v).second;
}

std::string Scope::fresh(const std::string& base) {
    std::string n;
    do n = graph_.fresh_value_name(base);
    while (is_reserved(n));
    return n;
}

std::vector<Value*> unify_captures(
    const std::vector<std::pair<GraphPtr, std::vector<Capture>>>& subgraphs) {
    std::vector<Value*> all;
    for (const auto& [g, caps] : subgraphs)
        for (const Capture& c : caps)
            if (std::find(all.begin(), all.end(), c.outer) == all.end()) all.push_back(c.outer);
    if (all.empty()) return all;
    // Re-create the captured inputs of each subgraph at its end, in the common order,
    // adding unused inputs for the values a subgraph does not read.
    for (const auto& [g, caps] : subgraphs) {
        for (Value* outer : all) {
            Value* in = g->add_input(g->fresh_value_name(outer->name()), outer->dtype(),
                                     outer->shape(), outer->layout());
            auto it = std::find_if(caps.begin(), caps.end(),
                                   [&](const Capture& c) { return c.outer == outer; });
            if (it != caps.end()) {
                std::string name = it->local->name();
                g->replace_all_uses(it->local, in);
                g->remove_input(it->local);
                g->rename_value(in, name);
            } else if (!g->find_value(outer->name())) {
                g->rename_value(in, outer->name());
            }
        }
    }
    return all;
}

}  // namespace neo::onnxfe
