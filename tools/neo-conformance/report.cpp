#include "report.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "neo/core/util/error.hpp"

namespace neo::conformance {
namespace {

// Counts per status.
struct Tally {
    int total = 0, pass = 0, fail = 0, unsupported = 0, error = 0;
    void add(const std::string& s) {
        ++total;
        if (s == "pass") ++pass;
        else if (s == "fail") ++fail;
        else if (s == "unsupported") ++unsupported;
        else ++error;
    }
    nlohmann::json json() const {
        return {{"total", total}, {"pass", pass}, {"fail", fail}, {"unsupported", unsupported}, {"error", error}};
    }
    std::string rate() const {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f%%", total ? 100.0 * pass / total : 0.0);
        return buf;
    }
    std::string row(const std::string& name) const {
        return "| " + name + " | " + std::to_string(total) + " | " + std::to_string(pass) + " | " +
               std::to_string(fail) + " | " + std::to_string(unsupported) + " | " +
               std::to_string(error) + " | " + rate() + " |\n";
    }
};

const char* kHeader = "| %s | cases | pass | fail | unsupported | error | pass rate |\n|---|---:|---:|---:|---:|---:|---:|\n";

std::string header(const char* what) {
    char buf[256];
    std::snprintf(buf, sizeof buf, kHeader, what);
    return buf;
}

}  // namespace

nlohmann::json make_report(const std::vector<CaseResult>& results) {
    nlohmann::json cases = nlohmann::json::array();
    Tally all;
    std::map<std::string, Tally> by_suite;
    for (const auto& r : results) {
        cases.push_back(r.to_json());
        all.add(r.status);
        by_suite[r.suite].add(r.status);
    }
    nlohmann::json summary = all.json();
    summary["by_suite"] = nlohmann::json::object();
    for (const auto& [s, t] : by_suite) summary["by_suite"][s] = t.json();
    return {{"cases", cases}, {"summary", summary}};
}

std::string make_markdown(const std::vector<CaseResult>& results) {
    Tally all;
    std::map<std::string, Tally> by_suite, by_op;
    for (const auto& r : results) {
        all.add(r.status);
        by_suite[r.suite].add(r.status);
        // A case counts once for each op type in its model; unsupported ops the model
        // reader did not see (none, normally) are added from the frontend's message.
        std::set<std::string> ops(r.ops.begin(), r.ops.end());
        ops.insert(r.unsupported_ops.begin(), r.unsupported_ops.end());
        for (const auto& op : ops) by_op[op].add(r.status);
    }
    std::ostringstream md;
    md << "# neo ONNX conformance\n\n" << header("suite");
    for (const auto& [s, t] : by_suite) md << t.row(s);
    md << all.row("**all**") << "\n## Pass rate per op\n\n"
       << "A case counts for every op type in its model.\n\n" << header("op");
    for (const auto& [op, t] : by_op) md << t.row(op);
    return md.str();
}

std::set<std::string> passing_ids(const std::vector<CaseResult>& results) {
    std::set<std::string> ids;
    for (const auto& r : results)
        if (r.status == "pass") ids.insert(r.suite + "/" + r.name);
    return ids;
}

std::set<std::string> read_passing(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw UserError("--expect-passing " + file.string() + ": cannot read the file");
    std::set<std::string> ids;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#') ids.insert(line);
    }
    return ids;
}

void write_passing(const std::filesystem::path& file, const std::set<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += id + "\n";
    write_text(file, text);
}

void write_text(const std::filesystem::path& file, const std::string& text) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out) throw UserError(file.string() + ": cannot write the file");
}

}  // namespace neo::conformance
