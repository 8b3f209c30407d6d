#pragma once
// A small JSON reader and string quoting for neo-run, so that the device build needs
// nothing beyond the runtime and the C++ standard library.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace neo::run {

struct Json {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Json> items;             // array
    std::map<std::string, Json> members; // object

    // The member `key` of an object, or nullptr (also when this is not an object).
    const Json* find(const std::string& key) const;
    // The string member `key`, or `fallback` when there is none or it is no string.
    std::string string_or(const std::string& key, const std::string& fallback) const;
};

// Parses a whole JSON text; std::runtime_error saying where it is malformed.
Json parse_json(const std::string& text);

// `s` as a JSON string literal, quotes included.
std::string json_quote(const std::string& s);

// The shortest text that reads back as `v` ("1.0" for whole numbers, as nlohmann writes).
std::string json_number(double v);

}  // namespace neo::run
