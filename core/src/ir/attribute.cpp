#include "neo/core/ir/attribute.hpp"

#include "neo/core/util/error.hpp"

namespace neo {

std::string_view attr_type_name(AttrType t) {
    switch (t) {
        case AttrType::i: return "int";
        case AttrType::f: return "float";
        case AttrType::s: return "string";
        case AttrType::ints: return "ints";
        case AttrType::floats: return "floats";
        case AttrType::strings: return "strings";
        case AttrType::tensor: return "tensor";
        case AttrType::graph: return "graph";
        case AttrType::graphs: return "graphs";
    }
    return "?";
}

namespace {
template <class T> const T& get(const Attribute::Variant& v, AttrType want) {
    const T* p = std::get_if<T>(&v);
    check_internal(p != nullptr, "attribute accessed as " + std::string(attr_type_name(want)) +
                                     " but holds " +
                                     std::string(attr_type_name(static_cast<AttrType>(v.index()))));
    return *p;
}
}  // namespace

int64_t Attribute::i() const { return get<int64_t>(v_, AttrType::i); }

double Attribute::f() const {
    if (auto* p = std::get_if<int64_t>(&v_)) return static_cast<double>(*p);
    return get<double>(v_, AttrType::f);
}

const std::string& Attribute::s() const { return get<std::string>(v_, AttrType::s); }

const std::vector<int64_t>& Attribute::ints() const {
    return get<std::vector<int64_t>>(v_, AttrType::ints);
}

std::vector<double> Attribute::floats() const {
    if (auto* p = std::get_if<std::vector<int64_t>>(&v_))
        return std::vector<double>(p->begin(), p->end());
    return get<std::vector<double>>(v_, AttrType::floats);
}

const std::vector<std::string>& Attribute::strings() const {
    return get<std::vector<std::string>>(v_, AttrType::strings);
}

const TensorPtr& Attribute::tensor() const { return get<TensorPtr>(v_, AttrType::tensor); }
const GraphPtr& Attribute::graph() const { return get<GraphPtr>(v_, AttrType::graph); }
const std::vector<GraphPtr>& Attribute::graphs() const {
    return get<std::vector<GraphPtr>>(v_, AttrType::graphs);
}

}  // namespace neo
