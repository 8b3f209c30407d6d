#pragma once
// The runner's outputs: the JSON report, the Markdown pass-rate tables, and the list of
// passing cases ("suite/case", sorted) used to detect regressions.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "case_runner.hpp"

namespace neo::conformance {

// {"cases":[{suite,name,status,max_abs_error,message,unsupported_ops,ops}],
//  "summary":{total,pass,fail,unsupported,error,by_suite:{suite:{total,pass,...}}}}
nlohmann::json make_report(const std::vector<CaseResult>& results);

// Markdown: the summary, a table per suite and a table of pass rate per ONNX op type.
std::string make_markdown(const std::vector<CaseResult>& results);

// The sorted "suite/case" ids that passed.
std::set<std::string> passing_ids(const std::vector<CaseResult>& results);

// Reads a passing list (one id a line; blank lines and '#' comments ignored).
std::set<std::string> read_passing(const std::filesystem::path& file);
void write_passing(const std::filesystem::path& file, const std::set<std::string>& ids);

// Writes text to a file; UserError naming the file when it cannot.
void write_text(const std::filesystem::path& file, const std::string& text);

}  // namespace neo::conformance
