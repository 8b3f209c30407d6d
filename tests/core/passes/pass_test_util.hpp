#pragma once
// Helpers for before/expected pass tests.
#include <doctest/doctest.h>

#include <string>

#include "neo/core/ir/text_format.hpp"

namespace neo::test {

// Runs `pass` on the graph parsed from `before` and checks that the result prints
// exactly like the graph parsed from `expected`. Returns the pass's "changed" result.
template <class Pass>
bool check_pass(const std::string& before, const std::string& expected, Pass&& pass) {
    auto g = parse_graph(before, "before");
    bool changed = pass(*g);
    auto want = parse_graph(expected, "expected");
    CHECK(print_graph(*g) == print_graph(*want));
    return changed;
}

}  // namespace neo::test
