// Topological order and cycle detection of a Graph, through Boost.Graph.
#include <algorithm>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

using NodeGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Node*>;

// Vertex i is nodes[i]; an edge u -> v when v reads an output of u.
NodeGraph to_boost_graph(const std::vector<Node*>& nodes) {
    NodeGraph bg(nodes.size());
    std::unordered_map<const Node*, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        bg[i] = nodes[i];
        index[nodes[i]] = i;
    }
    for (std::size_t v = 0; v < nodes.size(); ++v)
        for (Value* in : nodes[v]->inputs())
            if (in && in->producer()) boost::add_edge(index.at(in->producer()), v, bg);
    return bg;
}

}  // namespace

std::vector<Node*> Graph::find_cycle() const {
    std::vector<Node*> nodes = this->nodes();
    NodeGraph bg = to_boost_graph(nodes);
    std::vector<std::size_t> comp(nodes.size());
    std::size_t n = boost::strong_components(bg, comp.data());
    std::vector<std::size_t> size(n, 0);
    for (std::size_t c : comp) ++size[c];
    std::vector<Node*> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        bool self_loop = boost::edge(i, i, bg).second;
        if (size[comp[i]] > 1 || self_loop) out.push_back(nodes[i]);
    }
    return out;
}

std::vector<Node*> Graph::topological_order() const {
    std::vector<Node*> nodes = this->nodes();
    NodeGraph bg = to_boost_graph(nodes);
    // Kahn's algorithm over the Boost graph, taking the lowest insertion index first
    // so that the order is stable and deterministic.
    std::vector<std::size_t> indeg(nodes.size());
    for (std::size_t v = 0; v < nodes.size(); ++v) indeg[v] = boost::in_degree(v, bg);
    std::vector<std::size_t> ready;
    for (std::size_t v = 0; v < nodes.size(); ++v)
        if (indeg[v] == 0) ready.push_back(v);
    auto cmp = std::greater<std::size_t>();
    std::make_heap(ready.begin(), ready.end(), cmp);
    std::vector<Node*> out;
    out.reserve(nodes.size());
    while (!ready.empty()) {
        std::pop_heap(ready.begin(), ready.end(), cmp);
        std::size_t v = ready.back();
        ready.pop_back();
        out.push_back(nodes[v]);
        for (auto [e, end] = boost::out_edges(v, bg); e != end; ++e) {
            std::size_t t = boost::target(*e, bg);
            if (--indeg[t] == 0) {
                ready.push_back(t);
                std::push_heap(ready.begin(), ready.end(), cmp);
            }
        }
    }
    if (out.size() != nodes.size()) {
        std::string names;
        for (Node* n : find_cycle()) names += (names.empty() ? "" : ", ") + n->describe();
        throw UserError("graph '" + name_ + "' has a cycle through " + names +
                        "; a dataflow graph must be acyclic");
    }
    return out;
}

}  // namespace neo
