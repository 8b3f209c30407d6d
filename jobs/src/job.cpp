#include "neo/jobs/job.hpp"

#include <array>
#include <utility>

#include "neo/core/util/error.hpp"

namespace neo::jobs {
namespace {

using json = nlohmann::json;

constexpr std::array<std::pair<JobStatus, std::string_view>, 6> kStatuses = {{
    {JobStatus::starting, "STARTING"},   {JobStatus::inprogress, "INPROGRESS"},
    {JobStatus::completed, "COMPLETED"}, {JobStatus::failed, "FAILED"},
    {JobStatus::stopping, "STOPPING"},   {JobStatus::stopped, "STOPPED"},
}};

constexpr long long kDefaultMaxRuntime = 86400;

}  // namespace

std::string_view status_name(JobStatus s) {
    for (const auto& [status, name] : kStatuses)
        if (status == s) return name;
    return "UNKNOWN";
}

std::optional<JobStatus> parse_status(std::string_view s) {
    for (const auto& [status, name] : kStatuses)
        if (name == s) return status;
    return std::nullopt;
}

bool is_active(JobStatus s) {
    return s == JobStatus::starting || s == JobStatus::inprogress || s == JobStatus::stopping;
}

long long Job::max_runtime_seconds() const {
    if (stopping_condition.contains("MaxRuntimeInSeconds"))
        return stopping_condition["MaxRuntimeInSeconds"].get<long long>();
    return kDefaultMaxRuntime;
}

json describe_json(const Job& job) {
    json j = {
        {"CompilationJobName", job.name},
        {"CompilationJobArn", job.arn},
        {"CompilationJobStatus", status_name(job.status)},
        {"StoppingCondition", job.stopping_condition},
        {"CreationTime", job.creation_time},
        {"LastModifiedTime", job.last_modified_time},
        {"FailureReason", job.failure_reason},
        {"ModelArtifacts", {{"S3ModelArtifacts", job.artifact_uri}}},
        {"RoleArn", job.role_arn},
        {"InputConfig", job.input_config},
        {"OutputConfig", job.output_config},
    };
    if (job.start_time) j["CompilationStartTime"] = *job.start_time;
    if (job.end_time) j["CompilationEndTime"] = *job.end_time;
    if (!job.artifact_digest.empty()) j["ModelDigests"] = {{"ArtifactDigest", job.artifact_digest}};
    if (!job.vpc_config.is_null()) j["VpcConfig"] = job.vpc_config;
    if (!job.derived_input_config.empty())
        j["DerivedInformation"] = {{"DerivedDataInputConfig", job.derived_input_config}};
    return j;
}

json summary_json(const Job& job) {
    json j = {
        {"CompilationJobName", job.name},
        {"CompilationJobArn", job.arn},
        {"CreationTime", job.creation_time},
        {"LastModifiedTime", job.last_modified_time},
        {"CompilationJobStatus", status_name(job.status)},
    };
    if (job.start_time) j["CompilationStartTime"] = *job.start_time;
    if (job.end_time) j["CompilationEndTime"] = *job.end_time;
    const json& out = job.output_config;
    if (out.contains("TargetDevice")) j["CompilationTargetDevice"] = out["TargetDevice"];
    if (out.contains("TargetPlatform")) {
        const json& p = out["TargetPlatform"];
        j["CompilationTargetPlatformOs"] = p.value("Os", "");
        j["CompilationTargetPlatformArch"] = p.value("Arch", "");
        if (p.contains("Accelerator")) j["CompilationTargetPlatformAccelerator"] = p["Accelerator"];
    }
    return j;
}

json to_record(const Job& job) {
    json r = describe_json(job);
    r["Tags"] = job.tags;
    return r;
}

Job from_record(const json& r) {
    try {
        Job job;
        job.name = r.at("CompilationJobName").get<std::string>();
        job.arn = r.at("CompilationJobArn").get<std::string>();
        job.role_arn = r.at("RoleArn").get<std::string>();
        auto status = parse_status(r.at("CompilationJobStatus").get<std::string>());
        if (!status) throw std::runtime_error("unknown status");
        job.status = *status;
        job.input_config = r.at("InputConfig");
        job.output_config = r.at("OutputConfig");
        job.stopping_condition = r.at("StoppingCondition");
        job.tags = r.value("Tags", json::array());
        job.vpc_config = r.value("VpcConfig", json());
        job.creation_time = r.at("CreationTime").get<double>();
        job.last_modified_time = r.at("LastModifiedTime").get<double>();
        if (r.contains("CompilationStartTime")) job.start_time = r["CompilationStartTime"].get<double>();
        if (r.contains("CompilationEndTime")) job.end_time = r["CompilationEndTime"].get<double>();
        job.failure_reason = r.value("FailureReason", "");
        job.artifact_uri = r.at("ModelArtifacts").value("S3ModelArtifacts", "");
        if (r.contains("ModelDigests")) job.artifact_digest = r["ModelDigests"].value("ArtifactDigest", "");
        if (r.contains("DerivedInformation"))
            job.derived_input_config = r["DerivedInformation"].value("DerivedDataInputConfig", "");
        return job;
    } catch (const std::exception& e) {
        throw UserError(std::string("a stored compilation job record is damaged (") + e.what() +
                        "); remove the job store to start afresh");
    }
}

}  // namespace neo::jobs
