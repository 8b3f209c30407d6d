#include "unsupported.hpp"

#include <algorithm>

namespace neo::onnxfe {

void UnsupportedOps::add(const std::string& domain, const std::string& op_type, int64_t opset,
                         const std::string& node, const std::string& reason) {
    Entry& e = ops_[{domain, op_type, opset}];
    // A node whose translation needs several missing ops is listed once.
    if (std::find(e.nodes.begin(), e.nodes.end(), node) == e.nodes.end()) e.nodes.push_back(node);
    e.reasons.insert(reason);
}

std::string UnsupportedOps::message() const {
    std::string msg = "the model uses " + std::to_string(ops_.size()) +
                      " operator type(s) that neo does not support:";
    for (const auto& [key, e] : ops_) {
        const auto& [domain, op, opset] = key;
        msg += "\n  " + op + " (domain '" + (domain.empty() ? "ai.onnx" : domain) + "', opset " +
               std::to_string(opset) + "): node" + (e.nodes.size() > 1 ? "s " : " ");
        for (std::size_t i = 0; i < e.nodes.size(); ++i) msg += (i ? ", " : "") + e.nodes[i];
        std::string why;
        for (const auto& r : e.reasons) why += (why.empty() ? "" : "; ") + r;
        msg += " (" + why + ")";
    }
    msg += "\nReplace these operators in the model (e.g. export it again with other operators "
           "or another opset), or add them to neo (a translator in the ONNX frontend and the "
           "op in neo's op registry).";
    return msg;
}

}  // namespace neo::onnxfe
