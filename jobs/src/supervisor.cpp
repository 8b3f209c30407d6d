#include "neo/jobs/supervisor.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "neo/jobs/worker.hpp"

namespace neo::jobs {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxReason = 1024;  // FailureReason's length limit

fs::path lock_file(const fs::path& home, const std::string& name) {
    fs::create_directories(home / "locks");
    return home / "locks" / (job_work_dir(home, name).filename().string() + ".lock");
}

std::string clip(std::string s) {
    if (s.size() > kMaxReason) s = s.substr(0, kMaxReason - 3) + "...";
    return s;
}

// Forks and execs the worker in its own process group, with its output in `log`. The
// child dies with the thread that started it (PR_SET_PDEATHSIG), so no compilation
// outlives its supervisor.
pid_t spawn_worker(const std::vector<std::string>& argv_strings, const fs::path& log) {
    std::vector<char*> argv;
    for (const auto& s : argv_strings) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw UserError(log.string() + ": cannot open the job log: " + std::strerror(errno));
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fd);
        throw UserError(std::string("cannot start the compilation process: ") + std::strerror(errno));
    }
    if (pid == 0) {  // only async-signal-safe calls from here to exec
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(fd);
    ::setpgid(pid, pid);
    return pid;
}

std::string describe_exit(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        const char* name = sigdescr_np(WTERMSIG(status));
        return "was killed by signal " + std::to_string(WTERMSIG(status)) + (name ? std::string(" (") + name + ")" : "");
    }
    return "ended";
}

}  // namespace

int lock_job(const fs::path& home, const std::string& name, bool inheritable) {
    fs::path file = lock_file(home, name);
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | (inheritable ? 0 : O_CLOEXEC), 0644);
    if (fd < 0) throw UserError(file.string() + ": cannot open the job's lock file: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        throw UserError("compilation job " + name + " is already being run by another neo process");
    }
    return fd;
}

void supervise(JobStore& store, const std::string& name, const SupervisorOptions& opt) {
    using clock = std::chrono::steady_clock;
    const fs::path work = job_work_dir(opt.home, name);
    fs::remove_all(work / "model");
    fs::remove_all(work / "artifact");
    fs::create_directories(work);
    fs::remove(work / "result.json");
    std::optional<Job> job = store.get(name);
    if (!job) return;

    auto finish = [&](JobStatus status, std::string reason, const nlohmann::json& result) {
        store.update(name, [&](Job& j) {
            j.status = status;
            j.failure_reason = clip(std::move(reason));
            if (status == JobStatus::completed) {
                j.artifact_uri = result.at("artifact");
                j.artifact_digest = result.at("digest");
                j.derived_input_config = result.at("derived_input_config");
            }
            j.end_time = j.last_modified_time = now_seconds();
            return true;
        });
        fs::remove_all(work / "model");
        fs::remove_all(work / "artifact");
    };

    std::vector<std::string> argv = opt.worker_argv;
    argv.push_back(job->name);
    pid_t pid;
    try {
        pid = spawn_worker(argv, work / "log");
    } catch (const UserError& e) {
        finish(JobStatus::failed, std::string("InternalError: ") + e.what(), {});
        return;
    }
    store.update(name, [&](Job& j) {
        if (j.status == JobStatus::starting) j.status = JobStatus::inprogress;
        j.start_time = j.last_modified_time = now_seconds();
        return true;
    });

    const auto t0 = clock::now();
    const auto deadline = t0 + std::chrono::seconds(job->max_runtime_seconds());
    std::optional<clock::time_point> term_sent;
    bool timed_out = false, stop_requested = false;
    int status = 0;
    for (;;) {
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(opt.poll_seconds));
        const auto now = clock::now();
        if (!term_sent) {
            auto current = store.get(name);
            stop_requested = current && current->status == JobStatus::stopping;
            timed_out = !stop_requested && now >= deadline;
            if (stop_requested || timed_out) {
                ::kill(-pid, SIGTERM);
                term_sent = now;
            }
        } else if (now - *term_sent >= std::chrono::duration<double>(opt.grace_seconds)) {
            ::kill(-pid, SIGKILL);
        }
    }
    ::kill(-pid, SIGKILL);  // whatever the worker started and left behind

    nlohmann::json result;
    {
        std::ifstream is(work / "result.json");
        if (is) result = nlohmann::json::parse(is, nullptr, false);
    }
    const bool ok = WIFEXITED(status) && result.is_object() && result.value("ok", false);
    if (ok) {
        finish(JobStatus::completed, "", result);
    } else if (stop_requested) {
        finish(JobStatus::stopped, "", result);
    } else if (timed_out) {
        finish(JobStatus::failed,
               "ClientError: StoppingCondition: the compilation ran longer than MaxRuntimeInSeconds (" +
                   std::to_string(job->max_runtime_seconds()) + " s) and was stopped; raise the limit",
               result);
    } else if (result.is_object() && result.contains("reason")) {
        finish(JobStatus::failed, result["reason"].get<std::string>(), result);
    } else {
        finish(JobStatus::failed,
               "InternalError: the compilation process " + describe_exit(status) + " without a result (a bug in "
               "neo; its log is " + (work / "log").string() + ")",
               result);
    }
}

std::vector<std::string> recover(JobStore& store, const fs::path& home) {
    std::vector<std::string> changed;
    for (const Job& job : store.all()) {
        if (!is_active(job.status)) continue;
        int fd;
        try {
            fd = lock_job(home, job.name, false);
        } catch (const UserError&) {
            continue;  // its supervisor lives
        }
        store.update(job.name, [&](Job& j) {
            if (!is_active(j.status)) return false;
            const std::string was(status_name(j.status));
            if (j.status == JobStatus::stopping) {
                j.status = JobStatus::stopped;
            } else {
                j.status = JobStatus::failed;
                j.failure_reason = "InternalError: the job's supervisor ended while the job was " + was +
                                   " (the neo service or process running it was stopped or killed); create the job "
                                   "again under a new name";
            }
            j.end_time = j.last_modified_time = now_seconds();
            changed.push_back(j.name);
            return true;
        });
        ::close(fd);
    }
    return changed;
}

}  // namespace neo::jobs
