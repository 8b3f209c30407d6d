#include "neo/jobs/service.hpp"

#include <cerrno>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "neo/core/driver/compile.hpp"
#include "neo/jobs/errors.hpp"
#include "neo/jobs/list.hpp"
#include "neo/jobs/supervisor.hpp"
#include "neo/jobs/validate.hpp"

namespace neo::jobs {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Starts argv as a daemon: its own session, not a child of this process (double fork),
// so that it outlives a command-line call.
void spawn_detached(const std::vector<std::string>& argv_strings) {
    std::vector<char*> argv;
    for (const auto& s : argv_strings) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) throw UserError(std::string("cannot start the job's supervisor: ") + std::strerror(errno));
    if (pid == 0) {
        ::setsid();
        if (::fork() != 0) ::_exit(0);
        int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
            ::dup2(null, 0);
            ::dup2(null, 1);
            ::dup2(null, 2);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

json name_of(const json& request) {
    if (!request.is_object()) throw validation_error("the request must be a JSON object");
    for (const auto& [key, v] : request.items())
        if (key != "CompilationJobName") throw validation_error("unknown member '" + key + "'; the request has CompilationJobName only");
    return request.contains("CompilationJobName") ? request["CompilationJobName"] : json();
}

ApiError no_such_job(const std::string& name) {
    return not_found_error("compilation job " + name + " does not exist; list-compilation-jobs shows the jobs there are");
}

}  // namespace

JobService::JobService(ServiceOptions options)
    : options_(std::move(options)), store_(options_.home / "jobs.db") {}

const DeviceCatalog& JobService::catalog() {
    std::lock_guard lock(catalog_mutex_);
    if (!catalog_) catalog_ = full_catalog(PluginHost::global());
    return *catalog_;
}

std::vector<std::string> JobService::worker_argv() const {
    return {options_.neo_exe.string(), "__compile-job", "--home", options_.home.string()};
}

void JobService::launch(const std::string& name, int lock_fd) {
    if (options_.launch == LaunchMode::thread) {
        SupervisorOptions opt{options_.home, worker_argv(), options_.grace_seconds};
        std::thread([this, name, lock_fd, opt] {
            try {
                supervise(store_, name, opt);
            } catch (const std::exception&) {
                // The job's end could not be written; recover() fails it once the lock is free.
            }
            ::close(lock_fd);
        }).detach();
        return;
    }
    try {
        spawn_detached({options_.neo_exe.string(), "__supervise-job", "--home", options_.home.string(),
                        "--lock-fd", std::to_string(lock_fd), "--grace", std::to_string(options_.grace_seconds), name});
    } catch (...) {
        ::close(lock_fd);
        throw;
    }
    ::close(lock_fd);
}

json JobService::create(const json& request) {
    Job job = make_job(request, catalog(), now_seconds(), options_.region);
    int fd;
    try {
        fd = lock_job(options_.home, job.name, options_.launch == LaunchMode::detached);
    } catch (const UserError& e) {
        throw in_use_error(e.what());
    }
    try {
        store_.insert(job);
    } catch (...) {
        ::close(fd);
        throw;
    }
    launch(job.name, fd);
    return {{"CompilationJobArn", job.arn}};
}

json JobService::describe(const json& request) {
    const std::string name = check_job_name(name_of(request));
    recover(store_, options_.home);
    auto job = store_.get(name);
    if (!job) throw no_such_job(name);
    return describe_json(*job);
}

json JobService::list(const json& request) {
    recover(store_, options_.home);
    return list_jobs(store_.all(), request);
}

json JobService::stop(const json& request) {
    const std::string name = check_job_name(name_of(request));
    recover(store_, options_.home);
    std::string refused;
    auto job = store_.update(name, [&](Job& j) {
        if (j.status == JobStatus::starting || j.status == JobStatus::inprogress) {
            j.status = JobStatus::stopping;
            j.last_modified_time = now_seconds();
            return true;
        }
        if (j.status != JobStatus::stopping)
            refused = "compilation job " + j.name + " is already " + std::string(status_name(j.status)) +
                      "; only a STARTING or INPROGRESS job can be stopped";
        return false;
    });
    if (!job) throw no_such_job(name);
    if (!refused.empty()) throw validation_error(refused);
    return json::object();
}

json JobService::call(const std::string& operation, const json& request) {
    if (operation == "CreateCompilationJob") return create(request);
    if (operation == "DescribeCompilationJob") return describe(request);
    if (operation == "ListCompilationJobs") return list(request);
    if (operation == "StopCompilationJob") return stop(request);
    throw ApiError("UnknownOperationException", 400,
                   "operation '" + operation + "' is not served here; neo serves CreateCompilationJob, "
                   "DescribeCompilationJob, ListCompilationJobs and StopCompilationJob");
}

}  // namespace neo::jobs
