#pragma once
// The four job operations on JSON requests and responses, the same for the command
// line and the HTTP API: CreateCompilationJob, DescribeCompilationJob,
// ListCompilationJobs, StopCompilationJob. Errors are ApiErrors (errors.hpp).
//
// Each created job gets a supervisor (supervisor.hpp): a thread of this process (the
// server), or a detached process of its own (a command-line call, which returns at once).
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/catalog.hpp"
#include "neo/jobs/store.hpp"

namespace neo::jobs {

enum class LaunchMode { thread, detached };

struct ServiceOptions {
    std::filesystem::path home;      // job state
    std::filesystem::path neo_exe;   // the `neo` executable: its hidden commands run jobs
    LaunchMode launch = LaunchMode::detached;
    std::string region = "local";    // in job ARNs
    double grace_seconds = 5;        // SIGTERM -> SIGKILL when a job is stopped
};

class JobService {
public:
    explicit JobService(ServiceOptions options);

    nlohmann::json create(const nlohmann::json& request);
    nlohmann::json describe(const nlohmann::json& request);
    nlohmann::json list(const nlohmann::json& request);
    nlohmann::json stop(const nlohmann::json& request);
    // By operation name ("CreateCompilationJob", ...); UnknownOperationException otherwise.
    nlohmann::json call(const std::string& operation, const nlohmann::json& request);

    JobStore& store() { return store_; }
    const ServiceOptions& options() const { return options_; }
    // argv of the child that compiles a job (the job name is appended).
    std::vector<std::string> worker_argv() const;

private:
    const DeviceCatalog& catalog();
    void launch(const std::string& name, int lock_fd);

    ServiceOptions options_;
    JobStore store_;
    std::mutex catalog_mutex_;
    std::optional<DeviceCatalog> catalog_;
};

}  // namespace neo::jobs
