#pragma once
// Validation of CreateCompilationJob requests, field by field as the service's API
// defines them (lengths, patterns, enums, required members), plus what neo adds: the
// DataInputConfig form and layout per framework, FrameworkVersion only where the service
// allows it, TargetDevice / TargetPlatform / CompilerOptions through the device catalog
// and the options schemas. Every problem is a ValidationException naming the field.
#include <string>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/catalog.hpp"
#include "neo/jobs/job.hpp"

namespace neo::jobs {

// Checks that `value` is a CompilationJobName (1-63 characters of letters, digits and
// inner hyphens) and returns it; `field` names it in the message.
std::string check_job_name(const nlohmann::json& value, const std::string& field = "CompilationJobName");

// A new job (STARTING, times `now`) from a CreateCompilationJob request body.
// `region` goes into the job's ARN, with the account of RoleArn.
Job make_job(const nlohmann::json& request, const DeviceCatalog& catalog, double now,
             const std::string& region = "local");

// Where a model or artifact location points on this machine: a plain path or a file://
// URI. s3:// and https:// are recognised and refused (no storage backend yet); `field`
// names the field in messages ("InputConfig.S3Uri").
std::string local_path(const std::string& uri, const std::string& field);

}  // namespace neo::jobs
