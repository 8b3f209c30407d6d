// The IR text format: printer (canonical form, see text_format.hpp) and graph comparison.
#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "ir/text_syntax.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

using text::ident_or_quoted;
using text::quote;
using text::sigil_name;

// ---- pieces ------------------------------------------------------------------------------

std::string shape_to_string(const Shape& s) {
    if (!s.ranked()) return "[*]";
    std::string out = "[";
    for (std::size_t i = 0; i < s.dims().size(); ++i) {
        const Dim& d = s.dims()[i];
        if (i) out += ",";
        out += d.is_symbolic() ? ident_or_quoted(d.symbol_name()) : d.str();
    }
    return out + "]";
}

bool has_type(DType t, const Shape& s, const Layout& l) {
    return t != DType::undefined || s.ranked() || !l.empty();
}

std::string element_to_string(float v) { return text::format_f32(v); }
std::string element_to_string(double v) { return text::format_f64(v); }
std::string element_to_string(float16 v) { return text::format_f16(v); }
std::string element_to_string(bfloat16 v) { return text::format_bf16(v); }
std::string element_to_string(bool v) { return v ? "true" : "false"; }
std::string element_to_string(const std::string& v) { return quote(v); }
template <SmallFloat K> std::string element_to_string(small_float<K> v) {
    return text::format_f64(static_cast<double>(v));  // exact: a few bits of mantissa
}
template <int B, bool S> std::string element_to_string(small_int<B, S> v) {
    return std::to_string(static_cast<int>(v.value));
}
template <class T> std::string element_to_string(T v) {
    static_assert(std::is_integral_v<T>);
    return std::to_string(static_cast<int64_t>(v));
}

// "[1.0, 2.0]" or, over the elision limit, "<elided N values>".
std::string tensor_literal(const Tensor& t, const PrintOptions& opt) {
    auto n = static_cast<std::size_t>(t.numel());
    if (opt.elide_constants_over != 0 && n > opt.elide_constants_over)
        return "<elided " + std::to_string(n) + " values>";
    return std::visit(
        [](const auto& a) {
            std::string out = "[";
            bool first = true;
            for (const auto& v : a) {
                if (!first) out += ", ";
                first = false;
                out += element_to_string(v);
            }
            return out + "]";
        },
        t.storage());
}

// How a node statement spells its op: Conv, ai.onnx.ml.Scaler, or quoted when the
// names are not identifiers (or would read as a keyword).
std::string op_to_string(const Node& n) {
    const std::string& op = n.op();
    bool bare_op = text::is_ident(op) && op.find('.') == std::string::npos && op != "const" &&
                   op != "return";
    if (bare_op && (n.domain().empty() || text::is_ident(n.domain())))
        return n.qualified_op();
    return (n.domain().empty() ? "" : quote(n.domain()) + "::") + quote(op);
}

// Nodes in the canonical print order: a depth-first post-order from the graph outputs,
// visiting inputs in order; then the nodes that reach no output, in insertion order.
// Edges closing a cycle are ignored, so that broken graphs still print.
std::vector<const Node*> print_order(const Graph& g) {
    enum State { unvisited, open, done };
    std::unordered_map<const Node*, State> state;
    for (const Node* n : g.nodes()) state[n] = unvisited;
    std::vector<const Node*> order;
    auto visit = [&](const Node* root) {
        auto it = root ? state.find(root) : state.end();
        if (it == state.end() || it->second != unvisited) return;
        it->second = open;
        std::vector<std::pair<const Node*, std::size_t>> stack{{root, 0}};
        while (!stack.empty()) {
            const Node* n = stack.back().first;
            std::size_t k = stack.back().second++;
            if (k == n->num_inputs()) {
                state[n] = done;
                order.push_back(n);
                stack.pop_back();
                continue;
            }
            const Value* in = n->input(k);
            auto p = in && in->producer() ? state.find(in->producer()) : state.end();
            if (p != state.end() && p->second == unvisited) {
                p->second = open;
                stack.emplace_back(p->first, 0);
            }
        }
    };
    for (const Value* o : g.outputs()) visit(o->producer());
    for (const Node* n : g.nodes()) visit(n);
    return order;
}

// ---- one graph -------------------------------------------------------------------------

class GraphPrinter {
public:
    GraphPrinter(std::string& out, const PrintOptions& opt, int indent)
        : out_(out), opt_(opt), indent_(indent) {}

    // Appends "graph name(...) {\n ... <indent>}" (no newline after the brace).
    void print(const Graph& g) {
        plan(g);
        out_ += "graph " + ident_or_quoted(g.name()) + "(";
        for (std::size_t i = 0; i < g.inputs().size(); ++i) {
            if (i) out_ += ", ";
            out_ += typed(g.inputs()[i]);
        }
        out_ += ") {\n";
        for (const Item& it : items_) {
            out_.append(2 * (indent_ + 1), ' ');
            if (it.constant) print_constant(*it.constant);
            else print_node(*it.node);
            out_ += "\n";
        }
        out_.append(2 * (indent_ + 1), ' ');
        out_ += "return";
        for (std::size_t i = 0; i < g.outputs().size(); ++i) {
            out_ += i ? ", " : " ";
            out_ += ref(g.outputs()[i]);
        }
        out_ += '\n';
        out_.append(2 * indent_, ' ');
        out_ += '}';
    }

private:
    struct Item {  // one statement: a constant or a node
        const Value* constant = nullptr;
        const Node* node = nullptr;
    };

    // Orders the statements (see text_format.hpp) and, when asked, numbers the values.
    void plan(const Graph& g) {
        std::unordered_set<const Value*> placed;
        auto place_constant = [&](const Value* v) {
            if (v && v->is_constant() && v->graph() == &g && placed.insert(v).second)
                items_.push_back({v, nullptr});
        };
        for (const Node* n : print_order(g)) {
            for (const Value* in : n->inputs()) place_constant(in);
            items_.push_back({nullptr, n});
        }
        for (const Value* o : g.outputs()) place_constant(o);
        std::vector<const Value*> unused;
        for (const Value* c : g.constants())
            if (!placed.count(c)) unused.push_back(c);
        std::sort(unused.begin(), unused.end(),
                  [](const Value* a, const Value* b) { return a->name() < b->name(); });
        for (const Value* c : unused) place_constant(c);

        if (!opt_.canonical_value_names) return;
        std::set<std::string> taken;
        for (const Value* in : g.inputs()) taken.insert(in->name());
        std::size_t k = 0;
        auto number = [&](const Value* v) {
            while (taken.count(std::to_string(k))) ++k;
            names_[v] = std::to_string(k++);
        };
        for (const Item& it : items_) {
            if (it.constant) number(it.constant);
            else
                for (const Value* o : it.node->outputs()) number(o);
        }
    }

    std::string ref(const Value* v) const {
        auto it = names_.find(v);
        return sigil_name('%', it != names_.end() ? it->second : v->name());
    }

    std::string typed(const Value* v) const {
        if (!has_type(v->dtype(), v->shape(), v->layout())) return ref(v);
        return ref(v) + ": " + type_to_string(v->dtype(), v->shape(), v->layout());
    }

    void print_constant(const Value& v) {
        const Tensor& t = v.constant();
        out_ += ref(&v) + ": " + type_to_string(t.dtype(), t.ir_shape(), v.layout()) +
                " = const " + tensor_literal(t, opt_);
    }

    void print_node(const Node& n) {
        for (std::size_t i = 0; i < n.num_outputs(); ++i) {
            if (i) out_ += ", ";
            out_ += typed(n.output(i));
        }
        if (n.num_outputs()) out_ += " = ";
        out_ += op_to_string(n) + "(";
        for (std::size_t i = 0; i < n.num_inputs(); ++i) {
            if (i) out_ += ", ";
            out_ += n.input(i) ? ref(n.input(i)) : std::string("_");
        }
        out_ += ")";
        if (!n.attrs().empty()) {
            out_ += " {";
            bool first = true;
            for (const auto& [name, a] : n.attrs()) {  // std::map: sorted by name
                if (!first) out_ += ", ";
                first = false;
                out_ += ident_or_quoted(name);
                out_ += " = ";
                attribute(a);
            }
            out_ += "}";
        }
        if (opt_.node_names) {
            out_ += ' ';
            out_ += sigil_name('#', n.name());
        }
    }

    template <class T, class F>
    void list(const std::vector<T>& xs, const char* kind, F&& each) {
        if (xs.empty()) {
            out_ += std::string(kind) + "[]";
            return;
        }
        out_ += "[";
        for (std::size_t i = 0; i < xs.size(); ++i) {
            if (i) out_ += ", ";
            each(xs[i]);
        }
        out_ += "]";
    }

    void subgraph(const GraphPtr& g) {
        if (!g) {
            out_ += "<null graph>";  // a broken graph still prints; the verifier reports it
            return;
        }
        GraphPrinter(out_, opt_, indent_ + 1).print(*g);
    }

    void attribute(const Attribute& a) {
        switch (a.type()) {
            case AttrType::i: out_ += std::to_string(a.i()); return;
            case AttrType::f: out_ += text::format_f64(a.f()); return;
            case AttrType::s: out_ += quote(a.s()); return;
            case AttrType::ints:
                list(a.ints(), "ints", [&](int64_t x) { out_ += std::to_string(x); });
                return;
            case AttrType::floats:
                list(a.floats(), "floats", [&](double x) { out_ += text::format_f64(x); });
                return;
            case AttrType::strings:
                list(a.strings(), "strings", [&](const std::string& x) { out_ += quote(x); });
                return;
            case AttrType::tensor:
                if (!a.tensor()) {
                    out_ += "<null tensor>";
                    return;
                }
                out_ += "tensor<" + type_to_string(a.tensor()->dtype(), a.tensor()->ir_shape()) +
                        "> " + tensor_literal(*a.tensor(), opt_);
                return;
            case AttrType::graph: subgraph(a.graph()); return;
            case AttrType::graphs:
                list(a.graphs(), "graphs", [&](const GraphPtr& g) { subgraph(g); });
                return;
        }
    }

    std::string& out_;
    const PrintOptions& opt_;
    int indent_;
    std::vector<Item> items_;
    std::unordered_map<const Value*, std::string> names_;  // canonical names, when asked
};

// ---- diff --------------------------------------------------------------------------------

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// A line diff through a longest common subsequence of the lines that differ between
// the common prefix and suffix (a plain listing when that middle part is huge).
std::string line_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::size_t pre = 0, suf = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
    std::string out;
    for (std::size_t i = 0; i < pre; ++i) out += "  " + a[i] + "\n";
    if (n * m <= 4'000'000) {
        // lcs[i][j]: LCS length of a[pre+i..] and b[pre+j..] within the middle part.
        std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                lcs[i][j] = a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1
                                                     : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[pre + i] == b[pre + j]) {
                out += "  " + a[pre + i] + "\n";
                ++i, ++j;
            } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                out += "- " + a[pre + i++] + "\n";
            } else {
                out += "+ " + b[pre + j++] + "\n";
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) out += "- " + a[pre + i] + "\n";
        for (std::size_t j = 0; j < m; ++j) out += "+ " + b[pre + j] + "\n";
    }
    for (std::size_t i = a.size() - suf; i < a.size(); ++i) out += "  " + a[i] + "\n";
    return out;
}

}  // namespace

std::string type_to_string(DType t, const Shape& s, const Layout& layout) {
    std::string out = std::string(dtype_name(t)) + shape_to_string(s);
    if (!layout.empty()) out += "@" + layout.name();
    return out;
}

std::string print_graph(const Graph& g, const PrintOptions& options) {
    std::string out;
    GraphPrinter(out, options, 0).print(g);
    return out + "\n";
}

bool graphs_equal(const Graph& a, const Graph& b, std::string* diff,
                  const PrintOptions& options) {
    std::string ta = print_graph(a, options), tb = print_graph(b, options);
    if (ta == tb) return true;
    if (diff) *diff = line_diff(split_lines(ta), split_lines(tb));
    return false;
}

}  // namespace neo
