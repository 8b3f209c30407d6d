#pragma once
// The job operations of the command line: option tables per operation, the request
// they make, and the AWS CLI's JSON output.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/jobs/service.hpp"

namespace neo::tools {

// The operation names of the command line and of the API ("create-compilation-job",
// "CreateCompilationJob").
struct Operation {
    const char* command;
    const char* api_name;
};
const std::vector<Operation>& operations();

// Runs one operation from its arguments (after the operation name). Returns the exit
// status; prints the response as JSON, or the error.
int run_operation(const Operation& op, const std::vector<std::string>& args, jobs::JobService& service);

// The response as the AWS CLI prints it: 4-space indentation, times as ISO 8601.
std::string format_response(nlohmann::json response);

}  // namespace neo::tools
