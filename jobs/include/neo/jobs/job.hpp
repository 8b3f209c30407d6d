#pragma once
// A compilation job with the service's fields (DescribeCompilationJob's shape), its
// statuses, and the JSON the API returns for it.
//
//   STARTING -> INPROGRESS -> COMPLETED | FAILED;  STARTING/INPROGRESS -> STOPPING -> STOPPED
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace neo::jobs {

enum class JobStatus { starting, inprogress, completed, failed, stopping, stopped };

std::string_view status_name(JobStatus s);                 // "INPROGRESS"
std::optional<JobStatus> parse_status(std::string_view s);  // exact spelling
// STARTING, INPROGRESS and STOPPING: a supervisor is (or should be) at work.
bool is_active(JobStatus s);

struct Job {
    std::string name;                 // CompilationJobName
    std::string arn;                  // CompilationJobArn
    std::string role_arn;
    JobStatus status = JobStatus::starting;
    nlohmann::json input_config;      // {S3Uri, DataInputConfig?, Framework, FrameworkVersion?}
    nlohmann::json output_config;     // {S3OutputLocation, TargetDevice | TargetPlatform, ...}
    nlohmann::json stopping_condition = nlohmann::json::object();
    nlohmann::json tags = nlohmann::json::array();
    nlohmann::json vpc_config;        // null when not given
    double creation_time = 0;         // seconds since the epoch
    double last_modified_time = 0;
    std::optional<double> start_time, end_time;
    std::string failure_reason;
    std::string artifact_uri;         // ModelArtifacts.S3ModelArtifacts once COMPLETED
    std::string artifact_digest;      // ModelDigests.ArtifactDigest ("sha256:<hex>")
    std::string derived_input_config; // DerivedInformation.DerivedDataInputConfig
    // MaxRuntimeInSeconds (the service's default, one day, when left out).
    long long max_runtime_seconds() const;
};

// DescribeCompilationJob's response.
nlohmann::json describe_json(const Job& job);
// One CompilationJobSummary of ListCompilationJobs.
nlohmann::json summary_json(const Job& job);

// The whole job for the store, and back (UserError on a damaged record).
nlohmann::json to_record(const Job& job);
Job from_record(const nlohmann::json& record);

}  // namespace neo::jobs
