#include "neo/jobs/list.hpp"

#include <algorithm>
#include <cstdint>
#include <regex>

#include "neo/jobs/errors.hpp"

namespace neo::jobs {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kMembers = {
    "NextToken", "MaxResults", "CreationTimeAfter", "CreationTimeBefore", "LastModifiedTimeAfter",
    "LastModifiedTimeBefore", "NameContains", "StatusEquals", "SortBy", "SortOrder"};

std::string string_of(const json& req, const char* key) {
    if (!req[key].is_string()) throw validation_error(std::string(key) + " must be a string, not " + req[key].dump());
    return req[key].get<std::string>();
}

std::optional<double> time_of(const json& req, const char* key) {
    if (!req.contains(key) || req[key].is_null()) return std::nullopt;
    if (!req[key].is_number())
        throw validation_error(std::string(key) + " must be a time in seconds since the epoch, not " + req[key].dump());
    return req[key].get<double>();
}

// The token names the position and the query it belongs to, so that a token is not
// reused with other filters or another order.
std::string fingerprint(const json& req) {
    json q = req;
    q.erase("NextToken");
    q.erase("MaxResults");
    uint64_t h = 14695981039346656037ULL;  // FNV-1a: the same in every build
    for (unsigned char c : q.dump()) h = (h ^ c) * 1099511628211ULL;
    return std::to_string(h % 1000000007ULL);
}

}  // namespace

json list_jobs(std::vector<Job> jobs, const json& req) {
    if (!req.is_object()) throw validation_error("the ListCompilationJobs request must be a JSON object");
    for (const auto& [key, v] : req.items())
        if (std::find(kMembers.begin(), kMembers.end(), key) == kMembers.end())
            throw validation_error("ListCompilationJobs: unknown member '" + key + "'");
    std::size_t max_results = 10;
    if (req.contains("MaxResults")) {
        const json& m = req["MaxResults"];
        if (!m.is_number_integer() || m.get<long long>() < 1 || m.get<long long>() > 100)
            throw validation_error("MaxResults must be an integer from 1 to 100, not " + m.dump());
        max_results = m.get<std::size_t>();
    }
    std::string contains;
    if (req.contains("NameContains")) {
        contains = string_of(req, "NameContains");
        if (contains.size() > 63 || !std::regex_match(contains, std::regex("[a-zA-Z0-9\\-]*")))
            throw validation_error("NameContains '" + contains + "' must be up to 63 letters, digits and hyphens");
    }
    std::optional<JobStatus> status;
    if (req.contains("StatusEquals")) {
        std::string s = string_of(req, "StatusEquals");
        status = parse_status(s);
        if (!status)
            throw validation_error("StatusEquals '" + s + "' is not one of INPROGRESS, COMPLETED, FAILED, STARTING, "
                                   "STOPPING, STOPPED");
    }
    std::string sort_by = req.contains("SortBy") ? string_of(req, "SortBy") : "CreationTime";
    if (sort_by != "Name" && sort_by != "CreationTime" && sort_by != "Status")
        throw validation_error("SortBy '" + sort_by + "' is not one of Name, CreationTime, Status");
    std::string order = req.contains("SortOrder") ? string_of(req, "SortOrder") : "Descending";
    if (order != "Ascending" && order != "Descending")
        throw validation_error("SortOrder '" + order + "' is not one of Ascending, Descending");
    auto created_after = time_of(req, "CreationTimeAfter"), created_before = time_of(req, "CreationTimeBefore");
    auto modified_after = time_of(req, "LastModifiedTimeAfter"), modified_before = time_of(req, "LastModifiedTimeBefore");

    std::size_t offset = 0;
    const std::string print = fingerprint(req);
    if (req.contains("NextToken")) {
        std::string token = string_of(req, "NextToken");
        std::smatch m;
        if (!std::regex_match(token, m, std::regex("([0-9]{1,9})\\.([0-9]+)")) || m[2] != print)
            throw validation_error("NextToken is not one that a ListCompilationJobs call with these filters and this "
                                   "order returned; repeat the call without NextToken");
        offset = std::stoul(m[1]);
    }

    std::erase_if(jobs, [&](const Job& j) {
        if (!contains.empty()) {
            auto lower = [](std::string s) {
                std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
                return s;
            };
            if (lower(j.name).find(lower(contains)) == std::string::npos) return true;
        }
        if (status && j.status != *status) return true;
        if (created_after && !(j.creation_time > *created_after)) return true;
        if (created_before && !(j.creation_time < *created_before)) return true;
        if (modified_after && !(j.last_modified_time > *modified_after)) return true;
        if (modified_before && !(j.last_modified_time < *modified_before)) return true;
        return false;
    });
    // A total order (ties broken by name), so that pages neither repeat nor skip a job.
    auto key_less = [&](const Job& a, const Job& b) {
        if (sort_by == "CreationTime" && a.creation_time != b.creation_time) return a.creation_time < b.creation_time;
        if (sort_by == "Status" && a.status != b.status) return status_name(a.status) < status_name(b.status);
        return a.name < b.name;
    };
    std::sort(jobs.begin(), jobs.end(), [&](const Job& a, const Job& b) {
        return order == "Ascending" ? key_less(a, b) : key_less(b, a);
    });

    json summaries = json::array();
    for (std::size_t i = offset; i < jobs.size() && i < offset + max_results; ++i) summaries.push_back(summary_json(jobs[i]));
    json response = {{"CompilationJobSummaries", summaries}};
    if (offset + max_results < jobs.size()) response["NextToken"] = std::to_string(offset + max_results) + "." + print;
    return response;
}

}  // namespace neo::jobs
