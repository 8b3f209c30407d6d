#pragma once
// ListCompilationJobs over a set of jobs: filters (NameContains, StatusEquals,
// CreationTimeAfter/Before, LastModifiedTimeAfter/Before; times as epoch seconds),
// SortBy Name | CreationTime | Status (default CreationTime), SortOrder Ascending |
// Descending (default Descending), MaxResults 1..100 (default 10) and NextToken paging.
// ValidationException for a bad member or a NextToken that another query made.
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/jobs/job.hpp"

namespace neo::jobs {

// The response: {"CompilationJobSummaries": [...], "NextToken": "..."} (NextToken only
// when more jobs match).
nlohmann::json list_jobs(std::vector<Job> jobs, const nlohmann::json& request);

}  // namespace neo::jobs
