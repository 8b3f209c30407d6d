// ai.onnx.ml ops that need more than passing through:
//   ZipMap        (opset 1) turns the probability tensor [N, C] of a classifier into a
//                 sequence of maps {class label: probability}. neo has tensors only, so
//                 the ZipMap is dropped and its output is the probability tensor itself
//                 (f32 [N, C], column c for classlabels[c]): a model exported with
//                 skl2onnx's default zipmap=True then gives the same numbers as one
//                 exported with zipmap=False. The labels are checked against the input's
//                 columns when both are known.
//   LabelEncoder  (opset 1) classes_strings with default_int64 / default_string: string
//                 inputs map to their class index, int64 inputs to their class name; it
//                 becomes the opset-2 form (keys and values lists), which needs the input's
//                 dtype to be known.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

std::vector<Value*> zipmap(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    const bool has_ints = ctx.has_attr("classlabels_int64s");
    const bool has_strings = ctx.has_attr("classlabels_strings");
    if (has_ints == has_strings)
        ctx.fail("needs exactly one of 'classlabels_int64s' and 'classlabels_strings'");
    std::size_t n_labels = 0;
    const Attribute& labels = ctx.attrs().at(has_ints ? "classlabels_int64s" : "classlabels_strings");
    if (has_ints && labels.type() == AttrType::ints) n_labels = labels.ints().size();
    else if (has_strings && labels.type() == AttrType::strings) n_labels = labels.strings().size();
    else ctx.fail("attribute '" + std::string(has_ints ? "classlabels_int64s" : "classlabels_strings") +
                  "' has the wrong type");
    if (x->dtype() != DType::undefined && x->dtype() != DType::f32)
        ctx.fail("its input '" + x->name() + "' is " + std::string(dtype_name(x->dtype())) +
                 "; ZipMap takes f32 probabilities");
    const Shape& s = x->shape();
    if (s.ranked() && s.rank() != 2)
        ctx.fail("its input '" + x->name() + "' has rank " + std::to_string(s.rank()) +
                 "; ZipMap takes probabilities [N, C]");
    if (s.ranked() && s[1].is_static() && s[1].value() != static_cast<int64_t>(n_labels))
        ctx.fail("has " + std::to_string(n_labels) + " class labels for " +
                 std::to_string(s[1].value()) + " probability columns");
    // neo has no sequence-of-maps values: the probabilities stand for the ZipMap's output.
    return {ctx.make1("Identity", {x})};
}

std::vector<Value*> label_encoder_v1(NodeContext& ctx) {
    Value* x = ctx.required_input(0);
    std::vector<std::string> classes;
    if (ctx.has_attr("classes_strings")) {
        const Attribute& a = ctx.attrs().at("classes_strings");
        if (a.type() != AttrType::strings) ctx.fail("attribute 'classes_strings' must be strings");
        classes = a.strings();
    }
    std::vector<int64_t> index(classes.size());
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<int64_t>(i);
    Attributes attrs;
    if (x->dtype() == DType::string) {
        attrs["keys_strings"] = classes;
        attrs["values_int64s"] = index;
        attrs["default_int64"] = ctx.attr_i("default_int64", -1);
    } else if (x->dtype() == DType::i64) {
        attrs["keys_int64s"] = index;
        attrs["values_strings"] = classes;
        attrs["default_string"] = ctx.attr_s("default_string", "_Unused");
    } else if (x->dtype() == DType::undefined) {
        ctx.fail("the dtype of its input '" + x->name() + "' is not known; LabelEncoder-1 maps "
                 "strings to int64 or int64 to strings, and neo needs to know which");
    } else {
        ctx.fail("its input '" + x->name() + "' is " + std::string(dtype_name(x->dtype())) +
                 "; LabelEncoder-1 takes string or int64");
    }
    return {ctx.make("LabelEncoder", {x}, std::move(attrs), 1, kMlDomain)->output(0)};
}

}  // namespace

void register_ml(TranslatorRegistry& r) {
    r.add(kMlDomain, "ZipMap", 1, kLatestOpset, zipmap);
    r.add(kMlDomain, "LabelEncoder", 1, 1, label_encoder_v1);
}

}  // namespace neo::onnxfe
