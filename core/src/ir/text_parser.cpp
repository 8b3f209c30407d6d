// The IR text format: recursive-descent parser (grammar in text_format.hpp).
//
// A graph block is read into a list of statements first and built afterwards, so that
// values may be used before the statement that defines them; every error names the
// source position, what was expected and what was found.
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "ir/text_syntax.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

using text::describe;
using text::sigil_name;
using text::SourcePos;
using text::Token;
using text::TokKind;

struct Type {
    DType dtype = DType::undefined;
    Shape shape = Shape::unranked();
    Layout layout;
};

struct ValueDecl {  // %name [: type]
    std::string name;
    SourcePos pos;
    Type type;
};

struct Ref {  // a use of %name, or an omitted input '_'
    std::string name;
    SourcePos pos;
    bool omitted = false;
};

struct Stmt {
    std::vector<ValueDecl> outs;
    TensorPtr constant;  // set for `%c: T = const [...]`
    std::string op, domain;
    std::vector<Ref> inputs;
    Attributes attrs;
    std::optional<std::string> node_name;
    SourcePos name_pos;
};

std::string at_line_col(SourcePos p) {
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.col);
}

class Parser : private text::TokenStream {
public:
    Parser(std::string_view src, const std::string& source) : TokenStream(src, source) {}

    std::unique_ptr<Graph> parse_file() {
        auto g = graph_block();
        if (peek().kind != TokKind::end) unexpected("end of input after the graph");
        return g;
    }

private:
    // ---- graph ------------------------------------------------------------------------

    std::unique_ptr<Graph> graph_block() {
        if (!is_word("graph")) unexpected("'graph'");
        next();
        std::string name;
        if (peek().kind == TokKind::ident || peek().kind == TokKind::string)
            name = next().text;
        else
            unexpected("a graph name");
        expect('(', "after the graph name");
        std::vector<ValueDecl> params;
        if (!is_punct(')')) {
            do params.push_back(value_decl("a graph input (%name)"));
            while (accept(','));
        }
        expect(')', "or ',' after a graph input");
        expect('{', "to open the body of graph '" + name + "'");
        std::vector<Stmt> stmts;
        while (!is_word("return")) {
            if (peek().kind == TokKind::end || is_punct('}'))
                unexpected("a statement or 'return' in graph '" + name + "'");
            stmts.push_back(statement());
        }
        next();  // return
        std::vector<Ref> results;
        if (peek().kind == TokKind::value) {
            do results.push_back(value_ref());
            while (accept(','));
        }
        expect('}', "to close graph '" + name + "' (after 'return %a, %b')");
        return build(name, params, stmts, results);
    }

    ValueDecl value_decl(const std::string& what) {
        if (peek().kind != TokKind::value) unexpected(what);
        ValueDecl d;
        d.pos = peek().pos;
        d.name = next().text;
        if (accept(':')) d.type = type();
        return d;
    }

    Ref value_ref() {
        if (peek().kind != TokKind::value) unexpected("a value (%name)");
        Ref r;
        r.pos = peek().pos;
        r.name = next().text;
        return r;
    }

    // ---- types ------------------------------------------------------------------------

    DType dtype() {
        if (accept('?')) return DType::undefined;
        if (peek().kind != TokKind::ident)
            unexpected("a dtype (f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64, u64, bool, "
                       "string, a storage-only type such as f8e4m3fn or i4, or ?)");
        std::optional<DType> t = parse_dtype(peek().text);
        if (!t)
            fail(peek().pos, "unknown dtype '" + peek().text +
                                 "' (expected f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64, u64, "
                                 "bool, string, f8e4m3fn, f8e4m3fnuz, f8e5m2, f8e5m2fnuz, f8e8m0, "
                                 "f4e2m1, i4, u4, i2, u2, or ? for not known yet)");
        next();
        return *t;
    }

    Shape shape() {
        expect('[', "to start the shape (write [*] for an unranked shape)");
        if (accept('*')) {
            expect(']', "after '[*'");
            return Shape::unranked();
        }
        std::vector<Dim> dims;
        if (!is_punct(']')) {
            do dims.push_back(dim());
            while (accept(','));
        }
        expect(']', "or ',' in the shape");
        return Shape(std::move(dims));
    }

    Dim dim() {
        const Token& t = peek();
        if (accept('?')) return Dim::unknown();
        if (t.kind == TokKind::ident || t.kind == TokKind::string) {
            if (t.text.empty() || t.text == "?") fail(t.pos, "a dim symbol needs a name");
            return Dim::symbol(next().text);
        }
        if (t.kind != TokKind::integer)
            unexpected("a dim (a size, a symbol such as N, or ? for unknown)");
        std::optional<int64_t> v = text::parse_i64(t.text);
        if (!v || *v < 0) fail(t.pos, "dim " + t.text + " must be a non-negative int64");
        next();
        return Dim(*v);
    }

    Type type() {
        Type t;
        t.dtype = dtype();
        t.shape = shape();
        if (accept('@')) {
            const Token& l = peek();
            bool alnum = l.kind == TokKind::ident;
            for (char c : l.text) alnum = alnum && std::isalnum(static_cast<unsigned char>(c));
            if (!alnum) unexpected("a layout of letters and digits after '@' (e.g. NCHW)");
            t.layout = Layout(next().text);
        }
        return t;
    }

    // ---- tensors ----------------------------------------------------------------------

    // `[e, ...]` with exactly numel elements of `t`; `what` names the owner in messages.
    TensorPtr tensor_literal(DType t, const Shape& s, SourcePos owner, const std::string& what) {
        std::string ty = type_to_string(t, s);
        if (t == DType::undefined) fail(owner, what + " needs a dtype, got " + ty);
        if (!s.is_static()) fail(owner, what + " needs a static shape, got " + ty);
        if (is_punct('<') && is_word("elided", 1))
            fail(peek().pos, "elided constant values cannot be parsed (this text was printed "
                             "with elide_constants_over)");
        SourcePos open = expect('[', "to start the values of " + what).pos;
        std::vector<const Token*> elems;
        if (!is_punct(']')) {
            do {
                if (peek().kind == TokKind::end) unexpected("a value");
                elems.push_back(&next());
            } while (accept(','));
        }
        expect(']', "or ',' in the values of " + what);
        // The element count, saturating so that an absurd shape cannot overflow.
        uint64_t numel = 1;
        for (int64_t d : s.static_dims())
            if (__builtin_mul_overflow(numel, static_cast<uint64_t>(d), &numel))
                numel = std::numeric_limits<uint64_t>::max();
        if (elems.size() != numel)
            fail(open, what + " of type " + ty + " needs " + std::to_string(numel) +
                           " values, got " + std::to_string(elems.size()));
        Tensor tensor = Tensor::zeros(t, s.static_dims());
        std::visit(
            [&](auto& a) {
                using T = typename std::decay_t<decltype(a)>::value_type;
                auto it = a.begin();
                for (const Token* e : elems) *it++ = element<T>(*e, t);
            },
            tensor.storage());
        return std::make_shared<const Tensor>(std::move(tensor));
    }

    template <class T> T element(const Token& e, DType t) {
        auto bad = [&]() -> T {
            fail(e.pos, "expected a value of dtype " + std::string(dtype_name(t)) + ", got " +
                            describe(e));
        };
        auto out_of_range = [&]() -> T {
            fail(e.pos, "value " + e.text + " is out of range for " + std::string(dtype_name(t)));
        };
        bool number = e.kind == TokKind::integer || e.kind == TokKind::floating ||
                      (e.kind == TokKind::ident && (e.text == "inf" || e.text == "nan"));
        if constexpr (std::is_same_v<T, std::string>) {
            return e.kind == TokKind::string ? e.text : bad();
        } else if constexpr (std::is_same_v<T, bool>) {
            if (e.kind != TokKind::ident || (e.text != "true" && e.text != "false")) return bad();
            return e.text == "true";
        } else if constexpr (std::is_same_v<T, double>) {
            if (!number) return bad();
            std::optional<double> v = text::parse_f64(e.text);
            return v ? *v : out_of_range();
        } else if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, float16> ||
                             std::is_same_v<T, bfloat16>) {
            if (!number) return bad();
            std::optional<float> v = text::parse_f32(e.text);  // f16/bf16 go through f32
            return v ? T(*v) : out_of_range();
        } else if constexpr (is_small_float_v<T>) {
            if (!number) return bad();
            std::optional<double> v = text::parse_f64(e.text);
            if (!v) return out_of_range();
            // The nearest value (f8e8m0: the power of two at or below, so that its smallest
            // value 2^-127, a float subnormal, reads back); a finite one beyond the range is
            // an error.
            const T x = dtype_of<T>() == DType::f8e8m0
                            ? T::from_bits(e8m0_bits(*v, false, E8M0Rounding::down))
                            : T(*v, false);
            if (std::isfinite(*v) && !std::isfinite(static_cast<double>(x))) return out_of_range();
            return x;
        } else if constexpr (is_small_int_v<T>) {
            if (e.kind != TokKind::integer) return bad();
            std::optional<int64_t> v = text::parse_i64(e.text);
            if (!v || *v < T::lowest || *v > T::highest) return out_of_range();
            return T(*v);
        } else {
            if (e.kind != TokKind::integer) return bad();
            std::optional<int64_t> v = text::parse_i64(e.text);
            if (!v || *v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max())
                return out_of_range();
            return static_cast<T>(*v);
        }
    }

    // ---- statements -------------------------------------------------------------------

    Stmt statement() {
        Stmt s;
        if (peek().kind == TokKind::value) {
            do s.outs.push_back(value_decl("a value (%name)"));
            while (accept(','));
            expect('=', "or ',' after the values a statement defines");
            if (is_word("const")) {
                next();
                const ValueDecl& d = s.outs[0];
                std::string what = "constant '" + sigil_name('%', d.name) + "'";
                if (s.outs.size() != 1) fail(s.outs[1].pos, "a constant defines one value");
                if (d.type.dtype == DType::undefined && !d.type.shape.ranked())
                    fail(d.pos, what + " needs a type, e.g. %c: f32[2] = const [1.0, 2.0]");
                s.constant = tensor_literal(d.type.dtype, d.type.shape, d.pos, what);
                return s;
            }
        }
        op(s);
        expect('(', "after the op name " + (s.domain.empty() ? s.op : s.domain + "." + s.op));
        if (!is_punct(')')) {
            do {
                Ref r;
                if (is_word("_")) {
                    r.pos = next().pos;
                    r.omitted = true;
                } else if (peek().kind == TokKind::value) {
                    r = value_ref();
                } else {
                    unexpected("a node input (%name, or _ for an omitted input)");
                }
                s.inputs.push_back(std::move(r));
            } while (accept(','));
        }
        expect(')', "or ',' after a node input");
        if (is_punct('{')) attributes(s.attrs);
        if (peek().kind == TokKind::node) {
            s.name_pos = peek().pos;
            s.node_name = next().text;
        }
        return s;
    }

    // IDENT "dom.ain.Op", or [STRING '::'] STRING.
    void op(Stmt& s) {
        const Token& t = peek();
        if (t.kind == TokKind::ident) {
            std::size_t dot = t.text.rfind('.');
            s.op = dot == std::string::npos ? t.text : t.text.substr(dot + 1);
            s.domain = dot == std::string::npos ? "" : t.text.substr(0, dot);
            if (s.op.empty()) fail(t.pos, "op name '" + t.text + "' ends with '.'");
            next();
            return;
        }
        if (t.kind != TokKind::string)
            unexpected(s.outs.empty() ? "a statement (%value ... = ..., an op, or 'return')"
                                      : "an op name or 'const' after '='");
        s.op = next().text;
        if (is_punct(':') && is_punct(':', 1)) {
            next();
            next();
            if (peek().kind != TokKind::string) unexpected("a quoted op name after '::'");
            s.domain = std::move(s.op);
            s.op = next().text;
        }
    }

    void attributes(Attributes& attrs) {
        expect('{', "to start the attributes");
        if (accept('}')) return;
        do {
            const Token& n = peek();
            if (n.kind != TokKind::ident && n.kind != TokKind::string)
                unexpected("an attribute name");
            std::string name = next().text;
            if (attrs.count(name)) fail(n.pos, "attribute '" + name + "' is set twice");
            expect('=', "after attribute name '" + name + "'");
            attrs[name] = attribute_value();
        } while (accept(','));
        expect('}', "or ',' after an attribute");
    }

    Attribute attribute_value() {
        const Token& t = peek();
        switch (t.kind) {
            case TokKind::integer: {
                std::optional<int64_t> v = text::parse_i64(t.text);
                if (!v) fail(t.pos, "int " + t.text + " is out of int64 range");
                next();
                return Attribute(*v);
            }
            case TokKind::floating: return Attribute(float_value(next()));
            case TokKind::string: return Attribute(next().text);
            case TokKind::punct:
                if (t.text == "[") return list("");
                break;
            case TokKind::ident:
                if (t.text == "inf" || t.text == "nan") return Attribute(float_value(next()));
                if (t.text == "graph") return Attribute(GraphPtr(graph_block()));
                if (t.text == "tensor") return tensor_attribute();
                if ((t.text == "ints" || t.text == "floats" || t.text == "strings" ||
                     t.text == "graphs") && is_punct('[', 1))
                    return list(next().text);
                break;
            default: break;
        }
        unexpected("an attribute value (a number, a string, a list, tensor<...> [...] or a "
                   "graph)");
    }

    double float_value(const Token& t) {
        std::optional<double> v = text::parse_f64(t.text);
        if (!v) fail(t.pos, "float " + t.text + " is out of range");
        return *v;
    }

    Attribute tensor_attribute() {
        SourcePos pos = next().pos;  // tensor
        expect('<', "after 'tensor' (tensor<f32[2]> [1.0, 2.0])");
        DType t = dtype();
        Shape s = shape();
        expect('>', "after the tensor type");
        return Attribute(tensor_literal(t, s, pos, "tensor attribute"));
    }

    // A list attribute; `kind` is "ints", "floats", "strings", "graphs" when spelled, else
    // the kind follows from the elements.
    Attribute list(const std::string& kind) {
        SourcePos open = expect('[', "to start a list").pos;
        std::vector<const Token*> scalars;
        std::vector<GraphPtr> graphs;
        bool any_int = false, any_float = false, any_string = false;
        if (!is_punct(']')) {
            do {
                const Token& e = peek();
                if (is_word("graph")) {
                    graphs.emplace_back(graph_block());
                    continue;
                }
                if (e.kind == TokKind::integer) any_int = true;
                else if (e.kind == TokKind::floating || is_word("inf") || is_word("nan"))
                    any_float = true;
                else if (e.kind == TokKind::string) any_string = true;
                else unexpected("a list element (a number, a string or a graph)");
                scalars.push_back(&next());
            } while (accept(','));
        }
        expect(']', "or ',' in a list");
        int kinds = (any_int || any_float) + any_string + !graphs.empty();
        if (kinds > 1) fail(open, "a list mixes numbers, strings and graphs");
        std::string k = kind;
        if (k.empty()) {
            if (kinds == 0)
                fail(open, "an empty list needs its kind: ints[], floats[], strings[] or graphs[]");
            k = !graphs.empty() ? "graphs" : any_string ? "strings" : any_float ? "floats" : "ints";
        }
        bool ok = kinds == 0 || (k == "graphs" && !graphs.empty()) ||
                  (k == "strings" && any_string) || (k == "floats" && !any_string && graphs.empty()) ||
                  (k == "ints" && any_int && !any_float);
        if (!ok) fail(open, "the elements do not fit a list of " + k);
        if (k == "graphs") return Attribute(std::move(graphs));
        if (k == "strings") {
            std::vector<std::string> v;
            for (const Token* e : scalars) v.push_back(e->text);
            return Attribute(std::move(v));
        }
        if (k == "floats") {
            std::vector<double> v;
            for (const Token* e : scalars) v.push_back(float_value(*e));
            return Attribute(std::move(v));
        }
        std::vector<int64_t> v;
        for (const Token* e : scalars) {
            std::optional<int64_t> x = text::parse_i64(e->text);
            if (!x) fail(e->pos, "int " + e->text + " is out of int64 range");
            v.push_back(*x);
        }
        return Attribute(std::move(v));
    }

    // ---- building ---------------------------------------------------------------------

    std::unique_ptr<Graph> build(const std::string& name, const std::vector<ValueDecl>& params,
                                 const std::vector<Stmt>& stmts, const std::vector<Ref>& results) {
        auto g = std::make_unique<Graph>(name);
        std::unordered_map<std::string, std::pair<Value*, SourcePos>> values;
        auto define = [&](const ValueDecl& d, Value* v) {
            values.emplace(d.name, std::make_pair(v, d.pos));
            v->set_dtype(d.type.dtype);
            v->set_shape(d.type.shape);
            v->set_layout(d.type.layout);
        };
        // Duplicates first: the Graph treats them as a bug, here they are a user error.
        auto check_new = [&](const ValueDecl& d, std::unordered_map<std::string, SourcePos>& seen) {
            auto [it, fresh] = seen.emplace(d.name, d.pos);
            if (!fresh)
                fail(d.pos, "value '" + sigil_name('%', d.name) + "' is defined twice (first at " +
                                at_line_col(it->second) + ")");
        };
        std::unordered_map<std::string, SourcePos> seen, node_names;
        for (const ValueDecl& p : params) check_new(p, seen);
        for (const Stmt& s : stmts) {
            for (const ValueDecl& d : s.outs) check_new(d, seen);
            if (s.node_name) {
                auto [it, fresh] = node_names.emplace(*s.node_name, s.name_pos);
                if (!fresh)
                    fail(s.name_pos, "node name '" + sigil_name('#', *s.node_name) +
                                         "' is used twice (first at " + at_line_col(it->second) +
                                         ")");
            }
        }

        for (const ValueDecl& p : params) define(p, g->add_input(p.name, DType::undefined, {}));
        std::vector<std::pair<const Stmt*, Node*>> nodes;
        for (const Stmt& s : stmts) {
            if (s.constant) {
                Value* v = g->add_constant(s.outs[0].name, s.constant);
                values.emplace(s.outs[0].name, std::make_pair(v, s.outs[0].pos));
                v->set_layout(s.outs[0].type.layout);
                continue;
            }
            std::vector<std::string> outs;
            for (const ValueDecl& d : s.outs) outs.push_back(d.name);
            std::string node_name;
            if (s.node_name) node_name = *s.node_name;
            else
                do node_name = g->fresh_node_name(s.op);
                while (node_names.count(node_name));
            Node* n = g->add_node(s.op, {}, outs, s.attrs, node_name);
            n->set_name(node_name);  // add_node would replace an empty name by a fresh one
            n->set_domain(s.domain);
            for (std::size_t i = 0; i < s.outs.size(); ++i) define(s.outs[i], n->output(i));
            nodes.emplace_back(&s, n);
        }

        auto resolve = [&](const Ref& r) -> Value* {
            auto it = values.find(r.name);
            if (it == values.end())
                fail(r.pos, "undefined value '" + sigil_name('%', r.name) + "' in graph '" +
                                name + "'");
            return it->second.first;
        };
        for (auto& [s, n] : nodes)
            for (const Ref& r : s->inputs) n->add_input(r.omitted ? nullptr : resolve(r));
        for (const Ref& r : results) g->add_output(resolve(r));
        return g;
    }

};

}  // namespace

std::unique_ptr<Graph> parse_graph(std::string_view text, const std::string& source_name) {
    return Parser(text, source_name).parse_file();
}

}  // namespace neo
