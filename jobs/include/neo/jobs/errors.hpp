#pragma once
// Errors of the job API, as the service reports them: a type ("ValidationException",
// "ResourceNotFound", "ResourceInUse") and the HTTP status that goes with it. They are
// UserErrors: the message names the field or job concerned and says what to do.
#include <string>

#include "neo/core/util/error.hpp"

namespace neo::jobs {

class ApiError : public UserError {
public:
    ApiError(std::string type, int http_status, const std::string& message)
        : UserError(message), type_(std::move(type)), http_status_(http_status) {}
    const std::string& type() const { return type_; }
    int http_status() const { return http_status_; }

private:
    std::string type_;
    int http_status_;
};

inline ApiError validation_error(const std::string& message) {
    return ApiError("ValidationException", 400, message);
}
inline ApiError not_found_error(const std::string& message) {
    return ApiError("ResourceNotFound", 400, message);
}
inline ApiError in_use_error(const std::string& message) {
    return ApiError("ResourceInUse", 400, message);
}

}  // namespace neo::jobs
