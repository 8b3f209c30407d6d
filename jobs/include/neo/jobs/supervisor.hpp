#pragma once
// The supervisor of a job: runs the compilation in a child process (a separate
// executable, so that a crash of the compiler cannot take the service down), moves the
// job through INPROGRESS to COMPLETED / FAILED, ends the child when the job is stopped
// (SIGTERM to its process group, SIGKILL after a grace period) or runs past
// MaxRuntimeInSeconds.
//
// A supervisor holds the job's lock file (flock) while it lives, so that any process
// can tell a live job from one whose supervisor died: recover() turns each active job
// without a live supervisor into FAILED (STOPPED when it was stopping) with a reason.
#include <filesystem>
#include <string>
#include <vector>

#include "neo/jobs/store.hpp"

namespace neo::jobs {

struct SupervisorOptions {
    std::filesystem::path home;          // job state (the store, work folders, locks)
    std::vector<std::string> worker_argv;  // the child: argv + the job name appended
    double grace_seconds = 5;            // SIGTERM -> SIGKILL
    double poll_seconds = 0.1;
};

// Opens and locks the job's lock file; the descriptor is returned (UserError when the
// lock is held: another supervisor runs the job). `inheritable`: without FD_CLOEXEC,
// for handing to a supervisor process.
int lock_job(const std::filesystem::path& home, const std::string& name, bool inheritable);

// Runs the job to its end (the caller holds its lock). Never throws for the job's own
// failures; they end in the store.
void supervise(JobStore& store, const std::string& name, const SupervisorOptions& options);

// Fails every active job whose supervisor is gone. The names of the jobs changed.
std::vector<std::string> recover(JobStore& store, const std::filesystem::path& home);

}  // namespace neo::jobs
