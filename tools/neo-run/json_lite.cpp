#include "json_lite.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace neo::run {
namespace {

class Parser {
public:
    explicit Parser(const std::string& t) : t_(t) {}

    Json document() {
        Json v = value(0);
        ws();
        if (i_ != t_.size()) fail("unexpected text after the value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        int line = 1, col = 1;
        for (std::size_t k = 0; k < i_ && k < t_.size(); ++k) {
            if (t_[k] == '\n') ++line, col = 1;
            else ++col;
        }
        throw std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                                 what);
    }
    void ws() {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
    }
    void expect(char c) {
        ws();
        if (i_ >= t_.size() || t_[i_] != c) fail(std::string("expected '") + c + "'");
        ++i_;
    }
    bool take(char c) {
        ws();
        if (i_ < t_.size() && t_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }

    Json value(int depth) {
        if (depth > 128) fail("nested too deeply");
        ws();
        if (i_ >= t_.size()) fail("expected a value, found the end of the text");
        Json v;
        char c = t_[i_];
        if (c == '{') {
            ++i_;
            v.kind = Json::Kind::object;
            if (take('}')) return v;
            do {
                ws();
                std::string key = string();
                expect(':');
                v.members[key] = value(depth + 1);
            } while (take(','));
            expect('}');
        } else if (c == '[') {
            ++i_;
            v.kind = Json::Kind::array;
            if (take(']')) return v;
            do v.items.push_back(value(depth + 1));
            while (take(','));
            expect(']');
        } else if (c == '"') {
            v.kind = Json::Kind::string;
            v.string = string();
        } else if (t_.compare(i_, 4, "true") == 0) {
            i_ += 4;
            v.kind = Json::Kind::boolean;
            v.boolean = true;
        } else if (t_.compare(i_, 5, "false") == 0) {
            i_ += 5;
            v.kind = Json::Kind::boolean;
        } else if (t_.compare(i_, 4, "null") == 0) {
            i_ += 4;
        } else {
            v.kind = Json::Kind::number;
            v.number = number();
        }
        return v;
    }

    double number() {
        std::size_t start = i_;
        if (i_ < t_.size() && t_[i_] == '-') ++i_;
        auto digits = [&] {
            std::size_t b = i_;
            while (i_ < t_.size() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
            if (i_ == b) fail("bad number");
        };
        digits();
        if (i_ < t_.size() && t_[i_] == '.') ++i_, digits();
        if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
            ++i_;
            if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
            digits();
        }
        return std::strtod(t_.substr(start, i_ - start).c_str(), nullptr);
    }

    uint32_t hex4() {
        if (i_ + 4 > t_.size()) fail("truncated \\u escape");
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            char h = t_[i_++];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f') v |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= static_cast<uint32_t>(h - 'A' + 10);
            else fail("bad \\u escape");
        }
        return v;
    }

    std::string string() {
        if (i_ >= t_.size() || t_[i_] != '"') fail("expected a string");
        ++i_;
        std::string s;
        for (;;) {
            if (i_ >= t_.size()) fail("unterminated string");
            char c = t_[i_++];
            if (c == '"') return s;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
            if (c != '\\') {
                s += c;
                continue;
            }
            if (i_ >= t_.size()) fail("unterminated string");
            char e = t_[i_++];
            switch (e) {
                case '"': s += '"'; break;
                case '\\': s += '\\'; break;
                case '/': s += '/'; break;
                case 'b': s += '\b'; break;
                case 'f': s += '\f'; break;
                case 'n': s += '\n'; break;
                case 'r': s += '\r'; break;
                case 't': s += '\t'; break;
                case 'u': {
                    uint32_t u = hex4();
                    if (u >= 0xd800 && u < 0xdc00) {
                        if (t_.compare(i_, 2, "\\u") != 0) fail("unpaired surrogate");
                        i_ += 2;
                        uint32_t lo = hex4();
                        if (lo < 0xdc00 || lo >= 0xe000) fail("unpaired surrogate");
                        u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                    }
                    if (u < 0x80) {
                        s += static_cast<char>(u);
                    } else if (u < 0x800) {
                        s += static_cast<char>(0xc0 | (u >> 6));
                        s += static_cast<char>(0x80 | (u & 0x3f));
                    } else if (u < 0x10000) {
                        s += static_cast<char>(0xe0 | (u >> 12));
                        s += static_cast<char>(0x80 | ((u >> 6) & 0x3f));
                        s += static_cast<char>(0x80 | (u & 0x3f));
                    } else {
                        s += static_cast<char>(0xf0 | (u >> 18));
                        s += static_cast<char>(0x80 | ((u >> 12) & 0x3f));
                        s += static_cast<char>(0x80 | ((u >> 6) & 0x3f));
                        s += static_cast<char>(0x80 | (u & 0x3f));
                    }
                    break;
                }
                default: fail(std::string("bad escape '\\") + e + "'");
            }
        }
    }

    const std::string& t_;
    std::size_t i_ = 0;
};

}  // namespace

const Json* Json::find(const std::string& key) const {
    if (kind != Kind::object) return nullptr;
    auto it = members.find(key);
    return it == members.end() ? nullptr : &it->second;
}

std::string Json::string_or(const std::string& key, const std::string& fallback) const {
    const Json* v = find(key);
    return v && v->kind == Kind::string ? v->string : fallback;
}

Json parse_json(const std::string& text) { return Parser(text).document(); }

std::string json_quote(const std::string& s) {
    static const char kHex[] = "0123456789abcdef";
    std::string q = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': q += "\\\""; break;
            case '\\': q += "\\\\"; break;
            case '\n': q += "\\n"; break;
            case '\r': q += "\\r"; break;
            case '\t': q += "\\t"; break;
            case '\b': q += "\\b"; break;
            case '\f': q += "\\f"; break;
            default:
                if (u < 0x20) {
                    q += "\\u00";
                    q += kHex[u >> 4];
                    q += kHex[u & 15];
                } else {
                    q += c;
                }
        }
    }
    return q + "\"";
}

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, r.ptr);
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
}

}  // namespace neo::run
