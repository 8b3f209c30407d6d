// Lexical layer of the IR text format: character classes, quoting, number spelling and
// the tokenizer.
#include "ir/text_syntax.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "neo/core/util/error.hpp"

namespace neo::text {
namespace {

bool is_ident_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c) || c == '.'; }
bool is_name_char(char c) { return is_ident_char(c) || c == '/' || c == '-'; }
bool is_punct(char c) { return std::strchr("(){}[]<>,:=@?*", c) != nullptr && c != '\0'; }

const char* kHex = "0123456789abcdef";

// Adds ".0" when a decimal would otherwise read as an integer.
std::string as_float_literal(std::string s) {
    if (s == "-nan") return "nan";
    if (s.find_first_of(".eEni") == std::string::npos) s += ".0";  // n, i: nan / inf
    return s;
}

template <class T> std::string shortest(T v) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return as_float_literal(std::string(buf, r.ptr));
}

// Shortest spelling of a 16-bit float H: the fewest significant digits whose decimal,
// read as f32 and converted to H, gives back the same bits. The f32 it reads as is then
// printed in its own shortest form (so 10 prints "10.0", not "1e+01").
template <class H> std::string format_half(H v) {
    float f = static_cast<float>(v);
    if (!std::isfinite(f)) return shortest(f);
    char buf[64];
    for (int p = 1; p <= 9; ++p) {
        auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::general, p);
        std::optional<float> back = parse_f32(std::string_view(buf, r.ptr - buf));
        if (back && H(*back) == v) return shortest(*back);
    }
    return shortest(f);  // not reached: 9 digits always round-trip an f32
}

template <class T> std::optional<T> parse_floating(std::string_view s) {
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "inf") return neg ? -std::numeric_limits<T>::infinity()
                               : std::numeric_limits<T>::infinity();
    if (s == "nan") return std::numeric_limits<T>::quiet_NaN();
    T v{};
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return neg ? -v : v;
}

}  // namespace

// ---- names and strings ------------------------------------------------------------------

bool is_ident(std::string_view s) {
    if (s.empty() || !is_ident_start(s[0])) return false;
    for (char c : s)
        if (!is_ident_char(c)) return false;
    return true;
}

bool is_bare_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_name_char(c)) return false;
    return true;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (u < 0x20 || u == 0x7f) {
                    out += "\\x";
                    out += kHex[u >> 4];
                    out += kHex[u & 15];
                } else {
                    out += c;  // printable ASCII and UTF-8 bytes as they are
                }
        }
    }
    return out + "\"";
}

std::string ident_or_quoted(std::string_view s) {
    return is_ident(s) ? std::string(s) : quote(s);
}

std::string sigil_name(char sigil, std::string_view s) {
    std::string out(1, sigil);
    out += is_bare_name(s) ? std::string(s) : quote(s);
    return out;
}

// ---- numbers ------------------------------------------------------------------------------

std::string format_f64(double v) { return shortest(v); }
std::string format_f32(float v) { return shortest(v); }
std::string format_f16(float16 v) { return format_half(v); }
std::string format_bf16(bfloat16 v) { return format_half(v); }

std::optional<double> parse_f64(std::string_view s) { return parse_floating<double>(s); }
std::optional<float> parse_f32(std::string_view s) { return parse_floating<float>(s); }

std::optional<int64_t> parse_i64(std::string_view s) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    int64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

// ---- tokens -----------------------------------------------------------------------------

std::string located(const std::string& source, SourcePos pos, const std::string& message) {
    return source + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) + ": " +
           message;
}

namespace {

class Lexer {
public:
    Lexer(std::string_view src, const std::string& source) : src_(src), source_(source) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            skip_space();
            Token t;
            t.pos = pos_;
            if (i_ >= src_.size()) {
                out.push_back(std::move(t));
                return out;
            }
            lex_one(t);
            out.push_back(std::move(t));
        }
    }

private:
    char at(std::size_t k) const { return i_ + k < src_.size() ? src_[i_ + k] : '\0'; }

    void advance() {
        if (src_[i_] == '\n') {
            ++pos_.line;
            pos_.col = 1;
        } else {
            ++pos_.col;
        }
        ++i_;
    }

    [[noreturn]] void fail(SourcePos p, const std::string& m) {
        throw UserError(located(source_, p, m));
    }

    void skip_space() {
        while (i_ < src_.size()) {
            char c = src_[i_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                advance();
            } else if (c == '/' && at(1) == '/') {
                while (i_ < src_.size() && src_[i_] != '\n') advance();
            } else {
                return;
            }
        }
    }

    bool starts_number() const {
        char c = at(0);
        if (is_digit(c)) return true;
        if (c == '.') return is_digit(at(1));
        if (c == '+' || c == '-') return is_digit(at(1)) || (at(1) == '.' && is_digit(at(2)));
        return false;
    }

    // "-inf" / "+inf" not followed by an identifier character.
    bool starts_signed_inf() const {
        return (at(0) == '-' || at(0) == '+') && src_.substr(i_ + 1, 3) == "inf" &&
               !is_ident_char(at(4));
    }

    void lex_one(Token& t) {
        char c = src_[i_];
        if (c == '%' || c == '#') {
            t.kind = c == '%' ? TokKind::value : TokKind::node;
            advance();
            if (at(0) == '"') {
                t.text = lex_string();
            } else if (is_name_char(at(0))) {
                while (is_name_char(at(0))) t.text += take();
            } else {
                fail(t.pos, std::string("expected a name or a quoted string after '") + c + "'");
            }
        } else if (c == '"') {
            t.kind = TokKind::string;
            t.text = lex_string();
        } else if (starts_signed_inf()) {
            t.kind = TokKind::floating;
            for (int k = 0; k < 4; ++k) t.text += take();
        } else if (starts_number()) {
            lex_number(t);
        } else if (is_ident_start(c)) {
            t.kind = TokKind::ident;
            while (is_ident_char(at(0))) t.text += take();
        } else if (is_punct(c)) {
            t.kind = TokKind::punct;
            t.text = std::string(1, take());
        } else {
            fail(t.pos, "unexpected character " + quote(std::string_view(&src_[i_], 1)));
        }
    }

    char take() {
        char c = src_[i_];
        advance();
        return c;
    }

    void lex_number(Token& t) {
        t.kind = TokKind::integer;
        if (at(0) == '+' || at(0) == '-') t.text += take();
        while (is_digit(at(0))) t.text += take();
        if (at(0) == '.') {
            t.kind = TokKind::floating;
            t.text += take();
            while (is_digit(at(0))) t.text += take();
        }
        if ((at(0) == 'e' || at(0) == 'E') &&
            (is_digit(at(1)) || ((at(1) == '+' || at(1) == '-') && is_digit(at(2))))) {
            t.kind = TokKind::floating;
            t.text += take();
            if (at(0) == '+' || at(0) == '-') t.text += take();
            while (is_digit(at(0))) t.text += take();
        }
        if (is_name_char(at(0))) {
            std::string rest;
            while (is_name_char(at(0))) rest += take();
            fail(t.pos, "malformed number '" + t.text + rest + "'");
        }
    }

    // At an opening quote: the decoded string up to the closing quote.
    std::string lex_string() {
        SourcePos start = pos_;
        advance();  // "
        std::string out;
        for (;;) {
            if (i_ >= src_.size() || at(0) == '\n')
                fail(start, "unterminated string (a string ends on its line; write \\n "
                            "for a newline)");
            char c = take();
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            SourcePos esc = pos_;
            char e = i_ < src_.size() ? take() : '\0';
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'x': {
                    int hi = hex_value(at(0)), lo = hex_value(at(1));
                    if (hi < 0 || lo < 0) fail(esc, "\\x needs two hex digits");
                    advance();
                    advance();
                    out += static_cast<char>(hi * 16 + lo);
                    break;
                }
                default:
                    fail(esc, "unknown escape in string (use \\\" \\\\ \\n \\t \\r or \\xHH)");
            }
        }
    }

    static int hex_value(char c) {
        if (is_digit(c)) return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    std::string_view src_;
    const std::string& source_;
    std::size_t i_ = 0;
    SourcePos pos_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view src, const std::string& source_name) {
    return Lexer(src, source_name).run();
}

// ---- token stream ---------------------------------------------------------------------

TokenStream::TokenStream(std::string_view src, const std::string& source_name)
    : source_(source_name), toks_(tokenize(src, source_name)) {}

const Token& TokenStream::peek(std::size_t k) const {
    return toks_[std::min(i_ + k, toks_.size() - 1)];
}

const Token& TokenStream::next() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
}

bool TokenStream::is_punct(char c, std::size_t k) const {
    return peek(k).kind == TokKind::punct && peek(k).text[0] == c;
}

bool TokenStream::is_word(std::string_view ident, std::size_t k) const {
    return peek(k).kind == TokKind::ident && peek(k).text == ident;
}

bool TokenStream::accept(char c) {
    if (!is_punct(c)) return false;
    next();
    return true;
}

const Token& TokenStream::expect(char c, const std::string& context) {
    if (!is_punct(c)) unexpected("'" + std::string(1, c) + "' " + context);
    return next();
}

void TokenStream::fail(SourcePos p, const std::string& message) const {
    throw UserError(located(source_, p, message));
}

void TokenStream::unexpected(const std::string& expected) const {
    fail(peek().pos, "expected " + expected + ", got " + describe(peek()));
}

std::string describe(const Token& t) {
    switch (t.kind) {
        case TokKind::end: return "end of input";
        case TokKind::string: return "string " + quote(t.text);
        default: break;
    }
    std::string out = "'";
    if (t.kind == TokKind::value || t.kind == TokKind::node)
        out += sigil_name(t.kind == TokKind::value ? '%' : '#', t.text);
    else
        out += t.text;
    return out + "'";
}

}  // namespace neo::text
