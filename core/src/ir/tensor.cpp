#include "neo/core/ir/tensor.hpp"

#include <cstring>

#include "neo/core/util/error.hpp"

namespace neo {
namespace {

std::vector<std::size_t> to_size_shape(const std::vector<int64_t>& shape) {
    std::vector<std::size_t> s;
    s.reserve(shape.size());
    for (int64_t d : shape) {
        check_internal(d >= 0, "tensor dims must be non-negative");
        s.push_back(static_cast<std::size_t>(d));
    }
    return s;
}

template <class T> double to_double(const T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
        throw InternalError("numeric access to a string tensor");
    } else {
        return static_cast<double>(v);
    }
}
template <> double to_double<float16>(const float16& v) { return static_cast<float>(v); }
template <> double to_double<bfloat16>(const bfloat16& v) { return static_cast<float>(v); }

// An integer-like element (integers, bool, 4- and 2-bit integers) as int64, exactly.
template <class T> inline constexpr bool is_int_like_v = std::is_integral_v<T> || is_small_int_v<T>;
template <class T> int64_t to_int64(const T& v) {
    if constexpr (is_small_int_v<T>) return v.value;
    else return static_cast<int64_t>(v);
}

// Converts element type From to To (`saturate`: see Tensor::cast).
template <class To, class From> To convert(const From& v, bool saturate) {
    if constexpr (std::is_same_v<To, From>) {
        return v;
    } else if constexpr (std::is_same_v<To, std::string> || std::is_same_v<From, std::string>) {
        throw UserError("cannot cast between string and numeric tensors");
    } else if constexpr (std::is_same_v<To, bool>) {
        return to_double(v) != 0.0;
    } else if constexpr (std::is_same_v<To, float16> || std::is_same_v<To, bfloat16>) {
        return To(static_cast<float>(to_double(v)));
    } else if constexpr (is_small_float_v<To>) {
        return To(to_double(v), saturate);
    } else if constexpr (is_small_int_v<To>) {
        if constexpr (is_int_like_v<From>) return To(to_int64(v));  // keeps the low bits
        else return To::from_double(to_double(v));
    } else if constexpr (std::is_integral_v<To> && is_int_like_v<From>) {
        return static_cast<To>(to_int64(v));  // directly: a double would lose bits of big 64-bit values
    } else {
        return static_cast<To>(to_double(v));
    }
}

}  // namespace

Tensor::Tensor() : storage_(xt::xarray<float>(0.0f)) {}

Tensor Tensor::zeros(DType t, const std::vector<int64_t>& shape) {
    return visit_dtype(t, [&](auto tag) {
        using T = typename decltype(tag)::type;
        xt::xarray<T> a(to_size_shape(shape));
        std::fill(a.begin(), a.end(), T{});
        return Tensor(std::move(a));
    });
}

Tensor Tensor::from_bytes(DType t, const std::vector<int64_t>& shape,
                          std::span<const uint8_t> bytes) {
    check_internal(t != DType::string, "Tensor::from_bytes on a string tensor");
    Tensor out = zeros(t, shape);
    if (bytes.size() != out.nbytes())
        throw UserError("tensor data has " + std::to_string(bytes.size()) + " bytes but " +
                        std::string(dtype_name(t)) + Shape::from(shape).str() + " needs " +
                        std::to_string(out.nbytes()));
    std::visit(
        [&](auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (!std::is_same_v<T, std::string>) {
                if (!bytes.empty()) std::memcpy(a.data(), bytes.data(), bytes.size());
            }
        },
        out.storage_);
    return out;
}

DType Tensor::dtype() const {
    return std::visit(
        [](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            return dtype_of<T>();
        },
        storage_);
}

std::vector<int64_t> Tensor::shape() const {
    return std::visit(
        [](const auto& a) {
            std::vector<int64_t> s;
            for (auto d : a.shape()) s.push_back(static_cast<int64_t>(d));
            return s;
        },
        storage_);
}

std::size_t Tensor::rank() const {
    return std::visit([](const auto& a) { return a.dimension(); }, storage_);
}

int64_t Tensor::numel() const {
    return std::visit([](const auto& a) { return static_cast<int64_t>(a.size()); }, storage_);
}

std::span<const uint8_t> Tensor::bytes() const {
    return std::visit(
        [](const auto& a) -> std::span<const uint8_t> {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (std::is_same_v<T, std::string>) {
                throw InternalError("Tensor::bytes on a string tensor");
            } else {
                return {reinterpret_cast<const uint8_t*>(a.data()), a.size() * sizeof(T)};
            }
        },
        storage_);
}

std::size_t Tensor::nbytes() const {
    return static_cast<std::size_t>(numel()) * dtype_size(dtype());
}

double Tensor::at_double(int64_t i) const {
    return std::visit(
        [&](const auto& a) { return to_double(a.data()[static_cast<std::size_t>(i)]); },
        storage_);
}

int64_t Tensor::at_int(int64_t i) const {
    // Integers convert directly: going through double would lose bits of big int64s.
    return std::visit(
        [&](const auto& a) -> int64_t {
            using T = typename std::decay_t<decltype(a)>::value_type;
            if constexpr (std::is_integral_v<T>) return static_cast<int64_t>(a.data()[static_cast<std::size_t>(i)]);
            else return static_cast<int64_t>(to_double(a.data()[static_cast<std::size_t>(i)]));
        },
        storage_);
}

std::vector<int64_t> Tensor::to_int_vector() const {
    if (const auto* a = std::get_if<xt::xarray<int64_t>>(&storage_))
        return std::vector<int64_t>(a->begin(), a->end());
    std::vector<int64_t> out(static_cast<std::size_t>(numel()));
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = at_int(static_cast<int64_t>(i));
    return out;
}

Tensor Tensor::cast(DType to, bool saturate) const {
    return std::visit(
        [&](const auto& a) {
            using From = typename std::decay_t<decltype(a)>::value_type;
            return visit_dtype(to, [&](auto tag) {
                using To = typename decltype(tag)::type;
                xt::xarray<To> out(a.shape());
                auto it = out.begin();
                for (const auto& v : a) *it++ = convert<To, From>(v, saturate);
                return Tensor(std::move(out));
            });
        },
        storage_);
}

bool operator==(const Tensor& a, const Tensor& b) {
    if (a.dtype() != b.dtype() || a.shape() != b.shape()) return false;
    return std::visit(
        [&](const auto& x) {
            using T = typename std::decay_t<decltype(x)>::value_type;
            const auto& y = std::get<xt::xarray<T>>(b.storage_);
            return std::equal(x.begin(), x.end(), y.begin());
        },
        a.storage_);
}

}  // namespace neo
