#pragma once
// Lexical layer of the IR text format (see neo/core/ir/text_format.hpp for the grammar),
// shared by the printer and the parser so that both agree on what needs quoting and on
// how numbers are spelled. Internal to core.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neo/core/ir/dtype.hpp"

namespace neo::text {

// ---- names and strings ------------------------------------------------------------------

// IDENT: [A-Za-z_][A-Za-z0-9_.]*
bool is_ident(std::string_view s);
// NAME (after '%' or '#'): one or more of [A-Za-z0-9_./-]
bool is_bare_name(std::string_view s);
// "..." with \" \\ \n \t \r and \xHH for other control bytes.
std::string quote(std::string_view s);
// An IDENT as is, anything else quoted.
std::string ident_or_quoted(std::string_view s);
// '%x' / '#x', or the sigil followed by a quoted string.
std::string sigil_name(char sigil, std::string_view s);

// ---- numbers ------------------------------------------------------------------------------

// Shortest decimal that parses back (with parse_float below, then the dtype's
// conversion) to the same bits; always has a '.' or an exponent, or is inf, -inf, nan.
std::string format_f64(double v);
std::string format_f32(float v);
std::string format_f16(float16 v);
std::string format_bf16(bfloat16 v);

// Parses the text of an INT or FLOAT token (or inf, -inf, +inf, nan) as a double / float.
// nullopt when the value is out of range (for floats: overflows to infinity).
std::optional<double> parse_f64(std::string_view s);
std::optional<float> parse_f32(std::string_view s);
// Parses an INT token; nullopt when out of int64 range.
std::optional<int64_t> parse_i64(std::string_view s);

// ---- tokens -----------------------------------------------------------------------------

struct SourcePos {
    int line = 1, col = 1;
};

enum class TokKind {
    end,       // end of input
    ident,     // text: the identifier
    value,     // %name; text: the name
    node,      // #name; text: the name
    string,    // text: the decoded string
    integer,   // text: as written
    floating,  // text: as written ("1.5", "-inf")
    punct,     // text: one of ( ) { } [ ] < > , : = @ ? *
};

struct Token {
    TokKind kind = TokKind::end;
    std::string text;
    SourcePos pos;
};

// "source:line:col: message".
std::string located(const std::string& source, SourcePos pos, const std::string& message);

// Splits `src` into tokens, ending with one TokKind::end. UserError (located) on a
// malformed token: an unterminated string, a bad escape, a stray character.
std::vector<Token> tokenize(std::string_view src, const std::string& source_name);

// How an error message shows a token: "'{'", "identifier 'foo'", "value '%x'",
// "end of input".
std::string describe(const Token& t);

// A cursor over the tokens of one source with the helpers of a recursive-descent
// parser. Every error is a UserError "source:line:col: message".
class TokenStream {
public:
    TokenStream(std::string_view src, const std::string& source_name);

    const Token& peek(std::size_t k = 0) const;  // k tokens ahead; the end token at the end
    const Token& next();                          // the current token, then moves on
    bool is_punct(char c, std::size_t k = 0) const;
    bool is_word(std::string_view ident, std::size_t k = 0) const;
    bool accept(char c);  // consumes punctuation c when it comes next
    // Consumes punctuation c, else fails "expected 'c' <context>, got ...".
    const Token& expect(char c, const std::string& context);

    [[noreturn]] void fail(SourcePos p, const std::string& message) const;
    // Fails at the next token: "expected <expected>, got <that token>".
    [[noreturn]] void unexpected(const std::string& expected) const;

private:
    std::string source_;
    std::vector<Token> toks_;
    std::size_t i_ = 0;
};

}  // namespace neo::text
