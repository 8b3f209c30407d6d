#pragma once
// The two kinds of error of DESIGN §7.
//
// UserError: the input is wrong (a bad model, option, shape, file). Its message names
// the file / node / op concerned and says what to do. Tests check the text.
// InternalError: neo itself is wrong. Its message says so, so that users report it.
#include <stdexcept>
#include <string>

namespace neo {

class UserError : public std::runtime_error {
public:
    explicit UserError(const std::string& what) : std::runtime_error(what) {}
};

class InternalError : public std::logic_error {
public:
    explicit InternalError(const std::string& what)
        : std::logic_error("internal error (a bug in neo, please report it): " + what) {}
};

// Throws InternalError with `what` when `cond` is false. For invariants only.
inline void check_internal(bool cond, const std::string& what) {
    if (!cond) throw InternalError(what);
}

}  // namespace neo
