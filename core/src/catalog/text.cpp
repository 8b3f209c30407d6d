// Text helpers of the catalog: JSON from the command line / job, name suggestions.
#include "neo/core/catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "neo/core/util/error.hpp"

namespace neo {

std::string python_quotes_to_json(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '"') {  // a JSON string: copy through its closing quote, escapes included
            out += c;
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) out += text[i++];
                out += text[i++];
            }
            if (i < text.size()) out += text[i++];
        } else if (c == '\'') {  // a Python string: re-quote it
            out += '"';
            ++i;
            while (i < text.size() && text[i] != '\'') {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    if (text[i + 1] == '\'') {
                        out += '\'';
                    } else {
                        out += text[i];
                        out += text[i + 1];
                    }
                    i += 2;
                } else if (text[i] == '"') {
                    out += "\\\"";
                    ++i;
                } else {
                    out += text[i++];
                }
            }
            if (i < text.size()) {  // an unterminated string is left for the parser to report
                out += '"';
                ++i;
            }
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

nlohmann::ordered_json parse_json_text(std::string_view text, std::string_view what,
                                       std::string_view example) {
    const std::string json_text = python_quotes_to_json(text);
    // Duplicate keys: nlohmann keeps the last silently, so watch the key events.
    std::vector<std::set<std::string>> open_objects;
    std::string duplicate;
    auto watch = [&](int, nlohmann::ordered_json::parse_event_t event,
                     nlohmann::ordered_json& parsed) {
        using E = nlohmann::ordered_json::parse_event_t;
        if (event == E::object_start) {
            open_objects.emplace_back();
        } else if (event == E::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == E::key && !open_objects.empty() && parsed.is_string()) {
            if (!open_objects.back().insert(parsed.get<std::string>()).second &&
                duplicate.empty())
                duplicate = parsed.get<std::string>();
        }
        return true;
    };
    nlohmann::ordered_json result;
    try {
        result = nlohmann::ordered_json::parse(json_text, watch);
    } catch (const nlohmann::json::parse_error& e) {
        std::string reason = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at ...: " prefix.
        if (auto colon = reason.find(": "); colon != std::string::npos)
            reason = reason.substr(colon + 2);
        throw UserError(std::string(what) + ": not valid JSON (at character " +
                        std::to_string(e.byte) + ": " + reason + "): " + std::string(text) +
                        "; expected for example " + std::string(example));
    }
    if (!duplicate.empty())
        throw UserError(std::string(what) + ": the key '" + duplicate +
                        "' is given more than once in " + std::string(text) + "; give each key once");
    return result;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            std::size_t substitute = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> closest_names(std::string_view name,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max) {
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        std::size_t d = edit_distance(name, candidates[i]);
        std::size_t limit = std::max<std::size_t>(2, std::max(name.size(), candidates[i].size()) / 3);
        if (d <= limit) scored.emplace_back(d, i);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (std::size_t k = 0; k < scored.size() && out.size() < max; ++k)
        out.push_back(candidates[scored[k].second]);
    return out;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    std::vector<std::string> close = closest_names(name, candidates);
    if (close.empty()) return "";
    std::string s = " (did you mean ";
    for (std::size_t i = 0; i < close.size(); ++i) {
        if (i > 0) s += (i + 1 == close.size()) ? " or " : ", ";
        s += "'" + close[i] + "'";
    }
    return s + "?)";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) s += sep;
        s += items[i];
    }
    return s;
}

std::string json_for_message(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace neo
