#pragma once
// AWS Signature Version 4: the check of a signed HTTP request against the secret keys
// the server knows, as AWS services do it (canonical request, string to sign, the
// HMAC-SHA256 key chain). Failures are ApiErrors with the services' types:
//   MissingAuthenticationTokenException (no Authorization header)  403
//   IncompleteSignatureException        (a malformed one)          400
//   UnrecognizedClientException         (an unknown access key)    403
//   InvalidSignatureException           (a wrong or stale signature) 403
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace neo::jobs {

struct SignedRequest {
    std::string method;                 // "POST"
    std::string target;                 // path and query as sent: "/", "/?a=b"
    std::vector<std::pair<std::string, std::string>> headers;  // as received
    std::string body;
};

// access key id -> secret access key
using Credentials = std::map<std::string, std::string>;

// Reads lines "ACCESS_KEY_ID SECRET_ACCESS_KEY" ('#' comments and blank lines skipped);
// UserError naming the file and line when a line is malformed or none is there.
Credentials read_credentials(const std::string& file);

// The access key that signed the request. `now`: seconds since the epoch; a request
// dated more than 15 minutes away is refused.
std::string verify_sigv4(const SignedRequest& request, const Credentials& credentials, double now);

// Lowercase hex SHA-256 and the signature of `string_to_sign` (exposed for tests).
std::string sha256_hex(const std::string& data);
std::string sigv4_signature(const std::string& secret, const std::string& date, const std::string& region,
                            const std::string& service, const std::string& string_to_sign);
// The canonical request of `request` for the given signed headers (";"-separated).
std::string canonical_request(const SignedRequest& request, const std::string& signed_headers);

}  // namespace neo::jobs
