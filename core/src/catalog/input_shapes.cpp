// DataInputConfig parsing: {"name": [dims], ...} or [[dims], ...].
#include "neo/core/catalog/input_shapes.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

#include <nlohmann/json.hpp>

#include "neo/core/catalog/text.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kWhat = "input shapes";
constexpr const char* kForms =
    "give them as a dict {\"data\": [1,3,224,224]} (name: shape) or, for PyTorch, as a list "
    "of shapes [[1,3,224,224], [1,3,224,224]]";
constexpr int64_t kMaxDim = std::numeric_limits<int32_t>::max();
constexpr int64_t kMaxElements = int64_t(1) << 48;

std::string text_of(const ojson& v) { return json_for_message(nlohmann::json(v)); }

// The dimensions of one input; `what` names it in messages ("input 'data'", "input #0").
std::vector<int64_t> parse_dims(const ojson& v, const std::string& what) {
    if (!v.is_array())
        throw UserError(what + " must have a shape: a list of integers such as [1,3,224,224], not " +
                        text_of(v));
    if (v.empty())
        throw UserError(what + " has an empty shape []; give its dimensions, e.g. [1,3,224,224]");
    std::vector<int64_t> dims;
    int64_t elements = 1;
    for (std::size_t k = 0; k < v.size(); ++k) {
        const ojson& d = v[k];
        const std::string at = "dimension " + std::to_string(k) + " of " + what + " " + text_of(v);
        if (d.is_array())
            throw UserError(what + " must be a flat list of integers such as [1,3,224,224], not the "
                            "nested list " + text_of(v) + " (a dict maps each name to one shape)");
        if (d.is_null() || (d.is_number_integer() && !d.is_number_unsigned() && d.get<int64_t>() <= 0) ||
            (d.is_number_unsigned() && d.get<uint64_t>() == 0))
            throw UserError(at + " is " + text_of(d) +
                            "; every dimension must be a positive integer: neo compiles for one "
                            "static shape, so give the actual size (e.g. 1 for the batch)");
        if (!d.is_number_integer())
            throw UserError(at + " is " + text_of(d) + ", not an integer");
        if (d.is_number_unsigned() ? d.get<uint64_t>() > uint64_t(kMaxDim) : d.get<int64_t>() > kMaxDim)
            throw UserError(at + " is " + text_of(d) + ", larger than " + std::to_string(kMaxDim));
        int64_t n = d.get<int64_t>();
        if (elements > kMaxElements / n)
            throw UserError(what + " " + text_of(v) + " has too many elements (more than 2^48)");
        elements *= n;
        dims.push_back(n);
    }
    return dims;
}

bool all_numbers(const ojson& list) {
    return std::all_of(list.begin(), list.end(), [](const ojson& e) { return e.is_number(); });
}

}  // namespace

InputShapes InputShapes::parse(const std::string& json_text) {
    if (std::all_of(json_text.begin(), json_text.end(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
        throw UserError("input shapes are empty; " + std::string(kForms));
    const ojson j = parse_json_text(json_text, kWhat, "{\"data\": [1,3,224,224]}");
    InputShapes shapes;
    if (j.is_object()) {
        if (j.empty()) throw UserError("input shapes {} name no input; " + std::string(kForms));
        for (const auto& [name, value] : j.items()) {
            if (name.empty()) throw UserError("an input shape has an empty name; name each input");
            shapes.inputs.push_back({name, parse_dims(value, "input '" + name + "'")});
        }
    } else if (j.is_array()) {
        if (j.empty()) throw UserError("input shapes [] give no shape; " + std::string(kForms));
        if (all_numbers(j))
            throw UserError("input shapes " + text_of(j) + " is a single shape; the list form is a "
                            "list of shapes: [" + text_of(j) + "]");
        shapes.positional = true;
        for (std::size_t i = 0; i < j.size(); ++i)
            shapes.inputs.push_back({std::nullopt, parse_dims(j[i], "input #" + std::to_string(i))});
    } else {
        throw UserError("input shapes must be a dict or a list, not " + text_of(j) + "; " +
                        std::string(kForms));
    }
    return shapes;
}

const InputShape* InputShapes::find(const std::string& name) const {
    for (const auto& input : inputs)
        if (input.name && *input.name == name) return &input;
    return nullptr;
}

std::string InputShapes::to_string() const {
    ojson j = positional ? ojson::array() : ojson::object();
    for (const auto& input : inputs) {
        if (positional)
            j.push_back(input.dims);
        else
            j[input.name.value_or("")] = input.dims;
    }
    return j.dump();
}

}  // namespace neo
