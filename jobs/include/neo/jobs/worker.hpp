#pragma once
// What the child process of a job does: fetch the model (a .tar.gz, a file or a
// folder), compile it with the same pipeline as neo-build, pack the artifact as
// <job>-<target>.tar.gz and put it at S3OutputLocation atomically.
#include <filesystem>
#include <iosfwd>

#include <nlohmann/json.hpp>

#include "neo/core/plugin/host.hpp"
#include "neo/jobs/job.hpp"

namespace neo::jobs {

// The folder of a job's scratch files and log under the job home.
std::filesystem::path job_work_dir(const std::filesystem::path& home, const std::string& name);

// The artifact's file name: "<job>-<TargetDevice>.tar.gz", or for a TargetPlatform
// "<job>-<os>_<arch>[_<accelerator>].tar.gz" in lower case.
std::string artifact_file_name(const Job& job);

// Runs the compilation; never throws. The result:
//   {"ok": true, "artifact": URI, "digest": "sha256:<hex>", "derived_input_config": TEXT}
//   {"ok": false, "reason": "ClientError: InputConfiguration: ..."}
// Progress lines go to `log`.
nlohmann::json run_compile_job(const Job& job, const std::filesystem::path& work_dir, std::ostream& log,
                               PluginHost& host);

// The child process's whole work: reads job `name` from the store under `home`, runs it
// and writes the result to <work>/result.json (atomically). Returns the exit status.
int compile_job_main(const std::filesystem::path& home, const std::string& name, PluginHost& host);

}  // namespace neo::jobs
