#include "input_shapes.hpp"

#include <algorithm>
#include <map>

#include "neo/core/util/error.hpp"

namespace neo::onnxfe {
namespace {

std::string dims_str(const std::vector<int64_t>& dims) {
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
    return s + "]";
}

std::string describe(const InputDecl& in) {
    return "'" + in.name + "' " + std::string(dtype_name(in.dtype)) + in.shape.str();
}

std::string list_inputs(const std::vector<InputDecl>& inputs) {
    if (inputs.empty()) return "the model has no inputs";
    std::string s = "the model's inputs are ";
    for (std::size_t i = 0; i < inputs.size(); ++i) s += (i ? ", " : "") + describe(inputs[i]);
    return s;
}

// Symbol bindings ("N" -> 1) and who set them, for messages.
struct Bindings {
    std::map<std::string, std::pair<int64_t, std::string>> values;
};

// Checks `given` against the model's shape of `in` and sets it.
void apply_one(InputDecl& in, const std::vector<int64_t>& given, Bindings& b) {
    const std::string where = "--input-shapes gives " + dims_str(given) + " for input '" +
                              in.name + "'";
    for (std::size_t i = 0; i < given.size(); ++i)
        if (given[i] < 0)
            throw UserError(where + ": dim " + std::to_string(i) +
                            " is negative; give the size to compile for");
    if (in.shape.ranked()) {
        const auto& dims = in.shape.dims();
        if (dims.size() != given.size())
            throw UserError(where + ", but the model declares it with rank " +
                            std::to_string(dims.size()) + " as " + in.shape.str() +
                            "; give " + std::to_string(dims.size()) + " dims (NCHW)");
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (dims[i].is_static() && dims[i].value() != given[i])
                throw UserError(where + ", but the model fixes dim " + std::to_string(i) +
                                " to " + std::to_string(dims[i].value()) + " (" +
                                in.shape.str() + "); give a shape that matches the model");
            if (dims[i].is_symbolic()) {
                const std::string& sym = dims[i].symbol_name();
                auto [it, fresh] = b.values.emplace(sym, std::make_pair(given[i], in.name));
                if (!fresh && it->second.first != given[i])
                    throw UserError(where + ": dim " + std::to_string(i) + " is '" + sym +
                                    "' in the model, which input '" + it->second.second +
                                    "' sets to " + std::to_string(it->second.first) +
                                    "; give the same size for '" + sym + "' everywhere");
            }
        }
    }
    in.shape = Shape::from(given);
}

}  // namespace

void apply_input_shapes(std::vector<InputDecl>& inputs, const InputShapes& shapes,
                        const std::set<std::string>& initializers) {
    Bindings bindings;
    std::set<std::string> done;
    if (shapes.positional) {
        if (shapes.inputs.size() > inputs.size())
            throw UserError("--input-shapes gives " + std::to_string(shapes.inputs.size()) +
                            " shapes, but the model has " + std::to_string(inputs.size()) +
                            " input(s) (" + list_inputs(inputs) + ")");
        for (std::size_t i = 0; i < shapes.inputs.size(); ++i)
            apply_one(inputs[i], shapes.inputs[i].dims, bindings);
    } else {
        for (const InputShape& s : shapes.inputs) {
            const std::string name = s.name.value_or("");
            auto it = std::find_if(inputs.begin(), inputs.end(),
                                   [&](const InputDecl& d) { return d.name == name; });
            if (it == inputs.end()) {
                if (initializers.count(name))
                    throw UserError("--input-shapes names '" + name +
                                    "', which is an initializer of the model (a weight with a "
                                    "default value, which neo treats as a constant), not an "
                                    "input; remove it (" + list_inputs(inputs) + ")");
                throw UserError("--input-shapes names '" + name +
                                "', which is not an input of the model; " + list_inputs(inputs));
            }
            if (!done.insert(name).second)
                throw UserError("--input-shapes gives input '" + name + "' twice");
            apply_one(*it, s.dims, bindings);
        }
    }
    // Inputs the user left alone take the sizes of the symbols they share with others.
    for (InputDecl& in : inputs) {
        if (!in.shape.ranked()) continue;
        for (Dim& d : in.shape.dims()) {
            if (!d.is_symbolic()) continue;
            auto it = bindings.values.find(d.symbol_name());
            if (it != bindings.values.end()) d = Dim(it->second.first);
        }
    }
}

void require_static_inputs(const std::vector<InputDecl>& inputs) {
    std::vector<const InputDecl*> dynamic;
    for (const InputDecl& in : inputs)
        if (!in.shape.is_static()) dynamic.push_back(&in);
    if (dynamic.empty()) return;
    std::string msg = "neo compiles for static shapes, but ";
    msg += dynamic.size() == 1 ? "this input has" : "these inputs have";
    msg += " dynamic or unknown dims:";
    std::string example;
    for (const InputDecl* in : dynamic) {
        msg += " " + describe(*in);
        std::string dims = "[<its dims>]";  // the model does not even give the rank
        if (in->shape.ranked()) {
            std::vector<int64_t> v;
            for (const Dim& d : in->shape.dims()) v.push_back(d.is_static() ? d.value() : 1);
            dims = dims_str(v);
        }
        example += std::string(example.empty() ? "" : ", ") + "\"" + in->name + "\": " + dims;
    }
    msg += ". Give their shapes with --input-shapes (NCHW), e.g. --input-shapes '{" + example +
           "}' with the sizes to compile for";
    throw UserError(msg);
}

}  // namespace neo::onnxfe
