#pragma once
// DataInputConfig: input names and shapes, as a JSON dict {"name": [shape]} or,
// for PyTorch, a list [[shape], ...] (positional, no names). Single-quoted
// Python-dict style ({'data': [1,3,224,224]}) is accepted as well.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace neo {

struct InputShape {
    std::optional<std::string> name;  // absent in the list form
    std::vector<int64_t> dims;        // every dimension positive (static shapes only)
};

struct InputShapes {
    std::vector<InputShape> inputs;   // in the order given
    bool positional = false;          // list form
    bool empty() const { return inputs.empty(); }
    // Parses the dict or list form; UserError explaining the expected form on bad text:
    // empty text or no inputs, a shape that is not a flat list of positive integers
    // (zero, negative, null or fractional dimensions), wrong nesting, a repeated or
    // empty name.
    static InputShapes parse(const std::string& json_text);
    // By name (dict form); nullptr when absent.
    const InputShape* find(const std::string& name) const;
    // Canonical JSON text: {"data":[1,3,224,224]} or [[1,3,224,224]].
    std::string to_string() const;
};

}  // namespace neo
