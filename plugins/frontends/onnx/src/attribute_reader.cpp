#include "attribute_reader.hpp"

#include <memory>

#include "neo/core/ir/tensor.hpp"
#include "neo/core/util/error.hpp"
#include "tensor_reader.hpp"

namespace neo::onnxfe {
namespace {

using AP = onnx::AttributeProto;

// The kind of an attribute; old exporters leave `type` unset, so fall back to the field
// that holds a value.
AP::AttributeType kind_of(const AP& a) {
    if (a.type() != AP::UNDEFINED) return a.type();
    if (a.has_f()) return AP::FLOAT;
    if (a.has_i()) return AP::INT;
    if (a.has_s()) return AP::STRING;
    if (a.has_t()) return AP::TENSOR;
    if (a.has_g()) return AP::GRAPH;
    if (a.has_sparse_tensor()) return AP::SPARSE_TENSOR;
    if (a.floats_size()) return AP::FLOATS;
    if (a.ints_size()) return AP::INTS;
    if (a.strings_size()) return AP::STRINGS;
    if (a.tensors_size()) return AP::TENSORS;
    if (a.graphs_size()) return AP::GRAPHS;
    return AP::UNDEFINED;
}

}  // namespace

Attribute read_attribute(const AP& a, const AttributeReadContext& ctx) {
    const std::string what = ctx.node + ": attribute '" + a.name() + "'";
    if (!a.ref_attr_name().empty())
        throw UserError(what + " refers to attribute '" + a.ref_attr_name() +
                        "' of an enclosing function, which is only allowed inside functions");
    switch (kind_of(a)) {
        case AP::INT: return Attribute(static_cast<int64_t>(a.i()));
        case AP::FLOAT: return Attribute(static_cast<double>(a.f()));
        case AP::STRING: return Attribute(a.s());
        case AP::INTS: return Attribute(std::vector<int64_t>(a.ints().begin(), a.ints().end()));
        case AP::FLOATS: {
            std::vector<double> v(a.floats().begin(), a.floats().end());
            return Attribute(std::move(v));
        }
        case AP::STRINGS:
            return Attribute(std::vector<std::string>(a.strings().begin(), a.strings().end()));
        case AP::TENSOR:
            return Attribute(TensorPtr(std::make_shared<const Tensor>(
                read_tensor(a.t(), ctx.model_dir, what))));
        case AP::GRAPH: return Attribute(ctx.subgraph(a.g(), a.name()));
        case AP::GRAPHS: {
            std::vector<GraphPtr> graphs;
            for (const auto& g : a.graphs()) graphs.push_back(ctx.subgraph(g, a.name()));
            return Attribute(std::move(graphs));
        }
        case AP::SPARSE_TENSOR:
        case AP::SPARSE_TENSORS:
            throw UserError(what + " holds a sparse tensor, which neo does not support; "
                                   "store it as a dense tensor");
        case AP::TENSORS:
            throw UserError(what + " holds a list of tensors, which neo does not support");
        case AP::TYPE_PROTO:
        case AP::TYPE_PROTOS:
            throw UserError(what + " holds a type, which neo does not support");
        case AP::UNDEFINED:
            // An attribute with no value at all: an empty list of unknown kind.
            throw UserError(what + " has no value (and no type)");
    }
    throw UserError(what + " has an unknown attribute type " + std::to_string(a.type()));
}

}  // namespace neo::onnxfe
