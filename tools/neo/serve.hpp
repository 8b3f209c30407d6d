#pragma once
// `neo serve`: the job operations over the service's JSON 1.1 protocol — POST / with
// X-Amz-Target: SageMaker.<Operation> and Content-Type application/x-amz-json-1.1, each
// request signed with AWS Signature Version 4 by a key of the credentials file; errors
// as {"__type": ..., "message": ...} with the HTTP status of their type.
#include <cstddef>
#include <string>

#include "neo/jobs/service.hpp"

namespace neo::tools {

struct ServeOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;        // 0: any free port (printed)
    std::string credentials_file;
    std::size_t max_request_bytes = 1 << 20;
    int max_connections = 64;
};

// Serves until the process is ended. Prints "neo serve: listening on http://HOST:PORT".
int serve(const ServeOptions& options, jobs::JobService& service);

}  // namespace neo::tools
