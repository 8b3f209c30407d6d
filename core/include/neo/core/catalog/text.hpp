#pragma once
// Text helpers shared by the catalog's parsers: JSON given on a command line or in a job
// (double-quoted JSON or the single-quoted Python-dict style the service's documents
// show), and "did you mean" suggestions for misspelt names.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace neo {

// Rewrites Python-literal quoting into JSON: a string in single quotes becomes a
// double-quoted one ("'" inside it stays, '"' gets escaped, "\'" becomes "'").
// Double-quoted strings and everything outside strings are copied unchanged.
std::string python_quotes_to_json(std::string_view text);

// Parses `text` (JSON, or Python-dict style quoting) keeping the order of object keys.
// `what` names the text in messages ("CompilerOptions"), `example` shows a valid value.
// UserError on a syntax error (with the character position) or a key that occurs twice
// in one object.
nlohmann::ordered_json parse_json_text(std::string_view text, std::string_view what,
                                       std::string_view example);

// Levenshtein distance (insertions, deletions, substitutions), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `max` candidates closest to `name` and reasonably close (distance at most a
// third of the longer name, at least 2), best first; ties keep the candidates' order.
std::vector<std::string> closest_names(std::string_view name,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max = 3);

// " (did you mean 'a' or 'b'?)" for the closest candidates, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// The compact JSON text of a value, for messages (a string keeps its quotes: "+neon").
std::string json_for_message(const nlohmann::json& value);

}  // namespace neo
