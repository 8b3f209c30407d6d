#pragma once
// Collects every unsupported op of a model (in all its subgraphs) so that loading fails
// with ONE message listing them all (DESIGN §4): per op type its domain and opset, why
// it is unsupported, and the names of all the nodes that use it.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace neo::onnxfe {

class UnsupportedOps {
public:
    // `node` is how the message names the node: "'conv1'" or "unnamed (output 'y')".
    // `reason` says why, e.g. "no translator for opset 8 (translators cover opsets 9-22)"
    // or "translated to neo op 'Resize', which neo's op registry does not have".
    void add(const std::string& domain, const std::string& op_type, int64_t opset,
             const std::string& node, const std::string& reason);
    bool empty() const { return ops_.empty(); }
    std::size_t size() const { return ops_.size(); }
    // The whole message (one line per op type, sorted by domain, op type and opset).
    std::string message() const;

private:
    struct Entry {
        std::vector<std::string> nodes;
        std::set<std::string> reasons;
    };
    std::map<std::tuple<std::string, std::string, int64_t>, Entry> ops_;
};

}  // namespace neo::onnxfe
