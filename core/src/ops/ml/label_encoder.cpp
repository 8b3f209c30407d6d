// LabelEncoder (ai.onnx.ml opsets 2 and 4): maps every element of X through a table of
// keys to values; an element that is no key becomes the default.
//   keys:   keys_strings, keys_int64s, keys_floats or keys_tensor (exactly one); X must have
//           the keys' dtype (string, i64, f32, or the tensor's).
//   values: values_strings, values_int64s, values_floats or values_tensor (exactly one, as
//           many as the keys); Y has their dtype and X's shape.
//   default: default_string / default_int64 / default_float for the list forms; for
//           values_tensor, default_tensor (one element of its dtype), else "_Unused", -1 or
//           -0.0 by the values' kind.
// A NaN key matches NaN elements. The same key twice is an error.
#include <cmath>
#include <map>
#include <optional>
#include <type_traits>

#include "ops/ml/ml_util.hpp"
#include "ops/nn/nn_util.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::ml {
namespace {

using tensor_ops::attr_with_default;
using tensor_ops::optional_attr;

// The one set attribute among `names`; fail() when none or several are set.
std::string the_one_of(const OpContext& ctx, const std::vector<std::string>& names,
                       const std::string& what) {
    std::string found, all;
    for (const auto& n : names) {
        all += (all.empty() ? "" : ", ") + n;
        const bool set = n.ends_with("_tensor") ? ctx.has_attr(n)
                         : n.ends_with("strings") ? !ctx.attr(n).strings().empty()
                         : n.ends_with("int64s")  ? !ctx.attr_ints(n).empty()
                                                  : !ctx.attr_floats(n).empty();
        if (!set) continue;
        if (!found.empty()) ctx.fail("sets both '" + found + "' and '" + n + "'; give the " + what + " once");
        found = n;
    }
    if (found.empty()) ctx.fail("sets none of " + all + "; the " + what + " are required");
    return found;
}

// The keys or values as a 1-D tensor.
Tensor table(const OpContext& ctx, const std::string& attr) {
    if (attr.ends_with("_tensor")) {
        const TensorPtr& t = ctx.attr(attr).tensor();
        if (!t) ctx.fail("attribute '" + attr + "' holds no tensor");
        return tensor_ops::reshaped(*t, {t->numel()});
    }
    if (attr.ends_with("strings")) {
        const auto& v = ctx.attr(attr).strings();
        return Tensor::from_vector<std::string>({static_cast<int64_t>(v.size())}, v);
    }
    if (attr.ends_with("int64s")) return Tensor::from_vector<int64_t>(
        {static_cast<int64_t>(ctx.attr_ints(attr).size())}, ctx.attr_ints(attr));
    const auto v = ctx.attr_floats(attr);
    return nn::from_f64(DType::f32, {static_cast<int64_t>(v.size())}, v);
}

struct Encoder {
    Tensor keys, values, fallback;  // fallback: [1] of the values' dtype
};

Encoder encoder_of(const OpContext& ctx) {
    const std::string k = the_one_of(
        ctx, {"keys_strings", "keys_int64s", "keys_floats", "keys_tensor"}, "keys");
    const std::string v = the_one_of(
        ctx, {"values_strings", "values_int64s", "values_floats", "values_tensor"}, "values");
    Encoder e{table(ctx, k), table(ctx, v), Tensor()};
    if (e.keys.numel() != e.values.numel())
        ctx.fail("has " + std::to_string(e.keys.numel()) + " keys (" + k + ") but " +
                 std::to_string(e.values.numel()) + " values (" + v + "); give one value per key");
    const DType vt = e.values.dtype();
    if (v == "values_tensor" && ctx.has_attr("default_tensor")) {
        const TensorPtr& d = ctx.attr("default_tensor").tensor();
        if (!d || d->numel() != 1 || d->dtype() != vt)
            ctx.fail("attribute 'default_tensor' must hold one " + std::string(dtype_name(vt)) +
                     " element, like values_tensor");
        e.fallback = tensor_ops::reshaped(*d, {1});
    } else if (vt == DType::string) {
        const std::string d = v == "values_tensor" ? "_Unused" : ctx.attr_s("default_string");
        e.fallback = Tensor::from_vector<std::string>({1}, {d});
    } else if (is_integer(vt)) {
        const int64_t d = v == "values_tensor" ? -1 : ctx.attr_i("default_int64");
        e.fallback = Tensor::from_vector<int64_t>({1}, {d}).cast(vt);
    } else {
        const double d = v == "values_tensor" ? -0.0 : ctx.attr_f("default_float");
        e.fallback = nn::from_f64(vt, {1}, {d});
    }
    return e;
}

void check_input(const OpContext& ctx, DType x, const Encoder& e) {
    if (x != DType::undefined && x != e.keys.dtype())
        ctx.fail("input X is " + std::string(dtype_name(x)) + " but the keys are " +
                 std::string(dtype_name(e.keys.dtype())) + "; X must have the keys' dtype");
}

void infer_label_encoder(InferContext& ctx) {
    const Encoder e = encoder_of(ctx);
    check_input(ctx, ctx.input_dtype(0), e);
    ctx.set_output(0, e.values.dtype(), ctx.input_shape(0));
}

// Index of the key of every element of x (-1: none), by an ordered map of key type K.
template <class K>
std::vector<int64_t> lookup(const OpContext& ctx, const std::vector<K>& keys,
                            const std::vector<K>& x) {
    std::map<K, int64_t> index;
    std::optional<int64_t> nan_key;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        bool fresh;
        if constexpr (std::is_floating_point_v<K>) {
            if (std::isnan(keys[i])) {
                fresh = !nan_key;
                if (fresh) nan_key = static_cast<int64_t>(i);
            } else {
                fresh = index.emplace(keys[i], static_cast<int64_t>(i)).second;
            }
        } else {
            fresh = index.emplace(keys[i], static_cast<int64_t>(i)).second;
        }
        if (!fresh) ctx.fail("key " + str(i) + " repeats an earlier key; keys must be distinct");
    }
    std::vector<int64_t> src(x.size(), -1);
    for (std::size_t j = 0; j < x.size(); ++j) {
        if constexpr (std::is_floating_point_v<K>) {
            if (std::isnan(x[j])) {
                src[j] = nan_key.value_or(-1);
                continue;
            }
        }
        auto it = index.find(x[j]);
        if (it != index.end()) src[j] = it->second;
    }
    return src;
}

void compute_label_encoder(ComputeContext& ctx) {
    const Encoder e = encoder_of(ctx);
    const Tensor& x = ctx.input(0);
    check_input(ctx, x.dtype(), e);
    std::vector<int64_t> src;
    if (x.dtype() == DType::string) {
        const auto& k = e.keys.array<std::string>();
        const auto& a = x.array<std::string>();
        src = lookup(ctx, std::vector<std::string>(k.begin(), k.end()),
                     std::vector<std::string>(a.begin(), a.end()));
    } else if (is_integer(x.dtype())) {
        src = lookup(ctx, e.keys.to_int_vector(), x.to_int_vector());
    } else if (is_float(x.dtype())) {
        src = lookup(ctx, nn::to_f64(e.keys), nn::to_f64(x));
    } else {
        ctx.fail("input X of dtype " + std::string(dtype_name(x.dtype())) + " cannot be encoded");
    }
    ctx.set_output(0, tensor_ops::gather_flat(e.values, x.shape(), src, &e.fallback));
}

}  // namespace

void register_label_encoder(OpRegistry& r) {
    r.add(make_ml_schema(
        "LabelEncoder", 1, 1, 1, 1,
        {attr_with_default("default_float", Attribute(-0.0), "default of float values"),
         attr_with_default("default_int64", Attribute(int64_t{-1}), "default of int64 values"),
         attr_with_default("default_string", Attribute("_Unused"), "default of string values"),
         optional_attr("default_tensor", AttrType::tensor, "default of values_tensor"),
         empty_floats("keys_floats", "float keys"), empty_ints("keys_int64s", "int64 keys"),
         empty_strings("keys_strings", "string keys"),
         optional_attr("keys_tensor", AttrType::tensor, "keys of any supported dtype"),
         empty_floats("values_floats", "float values"), empty_ints("values_int64s", "int64 values"),
         empty_strings("values_strings", "string values"),
         optional_attr("values_tensor", AttrType::tensor, "values of any supported dtype")},
        infer_label_encoder, compute_label_encoder,
        "Maps each element of X through keys -> values (default for unknown keys). Y: the "
        "values' dtype, X's shape."));
}

}  // namespace neo::ops::ml
