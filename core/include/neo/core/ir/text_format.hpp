#pragma once
// The IR text format: a human-readable dump of a Graph that parses back to an equal
// graph (DESIGN §7: pass tests are written as before/expected graph text, and
// `--dump-ir` prints the graph after any pass).
//
// Example:
//
//   graph main(%x: f32[1,3,N,224]@NCHW, %y: i64[?]) {
//     %w: f32[2,2] = const [1.0, 2.0, 3.0, 4.0]
//     %c: f32[1,8,?,222] = Conv(%x, %w, _) {group = 1, pads = [0, 0, 0, 0]} #conv1
//     %a, %b = Split(%c) {axis = 1} #split0
//     %s: f32[2] = ai.onnx.ml.Scaler(%a) {scale = floats[]} #scaler
//     return %a, %b
//   }
//
// Grammar (EBNF; whitespace and `// comments` may appear between any two tokens):
//
//   file       := graph
//   graph      := 'graph' gname '(' [param {',' param}] ')' '{' {stmt} 'return' [refs] '}'
//   gname      := IDENT | STRING
//   param      := VALUE [':' type]                       graph input
//   stmt       := VALUE ':' type '=' 'const' tensor_lit   constant (its type gives dtype and shape)
//               | [outs '='] op '(' [input {',' input}] ')' [attrs] [NODE]
//   outs       := out {',' out}
//   out        := VALUE [':' type]                       a node output
//   op         := IDENT                                  "Conv", "ai.onnx.ml.Scaler": the domain is
//                                                        everything before the last '.'
//               | [STRING ':' ':'] STRING                 any (domain and) op name, quoted
//   input      := VALUE | '_'                            '_' is an omitted optional input
//   refs       := VALUE {',' VALUE}
//   type       := dtype shape ['@' IDENT]                '@NCHW': the value's layout
//   dtype      := IDENT | '?'                            f32 f16 bf16 f64 i8 u8 i16 i32 i64 bool
//                                                        string; '?' = not known yet
//   shape      := '[' '*' ']'                            unranked
//               | '[' [dim {',' dim}] ']'               '[]' is a scalar
//   dim        := INT | IDENT | STRING | '?'             static, symbolic ("N"), unknown
//   attrs      := '{' [attr {',' attr}] '}'
//   attr       := (IDENT | STRING) '=' attr_value
//   attr_value := INT                                    int
//               | FLOAT                                  float
//               | STRING                                 string
//               | '[' elem {',' elem} ']'                ints, floats (when any element is a
//                                                        FLOAT), strings or graphs
//               | ('ints' | 'floats' | 'strings' | 'graphs') '[' [elem {',' elem}] ']'
//                                                        a list with its kind spelled (needed for
//                                                        an empty list)
//               | 'tensor' '<' dtype shape '>' tensor_lit
//               | graph                                  a subgraph (a nested graph block)
//   tensor_lit := '[' [scalar {',' scalar}] ']'          row-major, exactly numel elements
//   scalar     := INT | FLOAT | STRING | 'true' | 'false'
//
// Tokens:
//   VALUE   '%' followed by NAME or STRING:  %x  %conv1.out  %"onnx::Conv_5"
//   NODE    '#' followed by NAME or STRING:  #conv1  #"my node"
//   NAME    one or more of [A-Za-z0-9_./-]
//   IDENT   [A-Za-z_][A-Za-z0-9_.]*
//   STRING  "..." with the escapes \" \\ \n \t \r and \xHH (any byte)
//   INT     [+-]?[0-9]+
//   FLOAT   a number with a '.' or an exponent (1.0, .5, 1e-05, -2.5E+3), or inf, -inf, nan
//
// Semantics:
//   - Value names are unique within one graph; a subgraph has its own names (an IR
//     subgraph is self-contained: it reads only its own inputs).
//   - A value may be used before the statement that defines it (so that any order, and
//     even an invalid cyclic graph, can be written down); the verifier rejects cycles.
//   - A node without '#name' gets a fresh name "<Op>_<k>".
//   - A value without a type has an undefined dtype and an unranked shape.
//   - Numbers in a tensor literal must fit the dtype; float elements may be written as
//     integers. f16/bf16 elements go through f32 (decimal -> f32 -> f16/bf16).
//
// Printing is canonical, so that two graphs are equal exactly when they print the same:
//   - nodes come in a topological order that depends only on the graph's structure (a
//     depth-first post-order from the graph outputs, inputs visited in order; nodes that
//     reach no output follow, in insertion order);
//   - each constant is printed just before its first use; constants used only as graph
//     outputs follow the nodes, then unused constants sorted by name (all before 'return');
//   - attributes are sorted by name; floats print as the shortest decimal that parses back
//     to the same bits (always with a '.' or an exponent, so a float never reads as an int);
//   - a value's type is left out only when its dtype is undefined, its shape unranked and
//     it has no layout.
// A graph with a cycle (invalid, see verifier.hpp) still prints, ignoring the edges that
// close a cycle, but its order is then not canonical.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "neo/core/ir/graph.hpp"

namespace neo {

struct PrintOptions {
    // When non-zero, constants (and tensor attributes) with more elements than this print
    // as `const <elided N values>`: for --dump-ir of big models. Such text does not parse.
    std::size_t elide_constants_over = 0;
    // Print `#name` after each node.
    bool node_names = true;
    // Rename every value but the graph inputs to %0, %1, ... in print order (each graph
    // numbers its own values). With node_names = false this compares structure only.
    bool canonical_value_names = false;

    // The options that compare graphs by structure, ignoring value and node names.
    static PrintOptions structural() {
        PrintOptions o;
        o.node_names = false;
        o.canonical_value_names = true;
        return o;
    }
};

// Prints `g` in the text format (ends with a newline).
std::string print_graph(const Graph& g, const PrintOptions& options = {});

// Parses one graph. UserError "source_name:line:col: message" naming what was expected
// and what was found; undefined or duplicate value names, wrong element counts, unknown
// dtypes and out-of-range numbers are reported the same way.
std::unique_ptr<Graph> parse_graph(std::string_view text,
                                   const std::string& source_name = "<text>");

// True when `a` and `b` print identically with `options`. Otherwise, when `diff` is given,
// it receives a line diff ("- " lines only in a, "+ " lines only in b, "  " common).
bool graphs_equal(const Graph& a, const Graph& b, std::string* diff = nullptr,
                  const PrintOptions& options = {});

// A value type the way the text format writes it: "f32[1,3,N,?]@NCHW", "?[*]".
std::string type_to_string(DType t, const Shape& s, const Layout& layout = {});

}  // namespace neo
