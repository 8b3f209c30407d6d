#pragma once
// neo-run's errors and exit statuses: 0 success, 1 bad input (InputError: the message
// says what to fix), 2 bad command line (UsageError), 3 internal error.
#include <stdexcept>
#include <string>

namespace neo::run {

inline constexpr int kExitInput = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace neo::run
