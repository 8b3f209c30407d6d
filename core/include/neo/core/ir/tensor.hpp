#pragma once
// A constant tensor: a dtype and an xtensor array of the matching C++ type
// (row-major, contiguous). Used for constants, attribute tensors and the values
// the reference interpreter computes.
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>

#include "neo/core/ir/dtype.hpp"
#include "neo/core/ir/shape.hpp"

namespace neo {

class Tensor {
public:
    using Storage = std::variant<xt::xarray<float>, xt::xarray<float16>, xt::xarray<bfloat16>,
                                 xt::xarray<double>, xt::xarray<int8_t>, xt::xarray<uint8_t>,
                                 xt::xarray<int16_t>, xt::xarray<int32_t>, xt::xarray<int64_t>,
                                 xt::xarray<bool>, xt::xarray<std::string>, xt::xarray<uint16_t>,
                                 xt::xarray<uint32_t>, xt::xarray<uint64_t>,
                                 xt::xarray<float8e4m3fn>, xt::xarray<float8e4m3fnuz>,
                                 xt::xarray<float8e5m2>, xt::xarray<float8e5m2fnuz>,
                                 xt::xarray<uint4>, xt::xarray<int4>, xt::xarray<float4e2m1>,
                                 xt::xarray<float8e8m0>, xt::xarray<uint2>, xt::xarray<int2>>;

    Tensor();  // f32 scalar 0
    template <class T>
    explicit Tensor(xt::xarray<T> a) : storage_(std::move(a)) {}

    // Zero-filled (empty strings for string) tensor of a static shape.
    static Tensor zeros(DType t, const std::vector<int64_t>& shape);
    // Copies `data` (numel elements, row-major) into a new tensor.
    template <class T>
    static Tensor from_vector(const std::vector<int64_t>& shape, const std::vector<T>& data);
    // From little-endian raw bytes (not for string). UserError when the size is wrong.
    static Tensor from_bytes(DType t, const std::vector<int64_t>& shape,
                             std::span<const uint8_t> bytes);

    DType dtype() const;
    std::vector<int64_t> shape() const;
    Shape ir_shape() const { return Shape::from(shape()); }
    std::size_t rank() const;
    int64_t numel() const;
    // Little-endian raw bytes (not for string); nbytes() = numel * dtype_size.
    std::span<const uint8_t> bytes() const;
    std::size_t nbytes() const;

    // The xtensor array; InternalError if T does not match dtype().
    template <class T> xt::xarray<T>& array();
    template <class T> const xt::xarray<T>& array() const;
    Storage& storage() { return storage_; }
    const Storage& storage() const { return storage_; }

    // Element i (row-major) converted to double (not for string).
    double at_double(int64_t i) const;
    // Element i converted to int64 (integer, bool and float dtypes; floats truncate).
    int64_t at_int(int64_t i) const;
    // All elements as int64 (for shape-like tensors).
    std::vector<int64_t> to_int_vector() const;
    // Converts to another dtype (numeric casts with C++ semantics; bool is != 0). To the
    // storage-only types as ONNX's Cast does: floats round to the nearest value (ties to
    // even; f8e8m0 rounds up), saturating out-of-range values to the largest finite one
    // unless `saturate` is false; 4- and 2-bit integers keep the low bits of the integer
    // (floats rounded half to even first).
    Tensor cast(DType to, bool saturate = true) const;

    // Exact equality of dtype, shape and elements (NaN != NaN).
    friend bool operator==(const Tensor& a, const Tensor& b);

private:
    Storage storage_;
};

template <class T>
Tensor Tensor::from_vector(const std::vector<int64_t>& shape, const std::vector<T>& data) {
    Tensor t = zeros(dtype_of<T>(), shape);
    auto& a = t.array<T>();
    check_internal(static_cast<std::size_t>(a.size()) == data.size(),
                   "Tensor::from_vector: element count does not match the shape");
    std::copy(data.begin(), data.end(), a.begin());
    return t;
}

template <class T> xt::xarray<T>& Tensor::array() {
    auto* p = std::get_if<xt::xarray<T>>(&storage_);
    check_internal(p != nullptr, "Tensor::array: element type does not match dtype " +
                                     std::string(dtype_name(dtype())));
    return *p;
}
template <class T> const xt::xarray<T>& Tensor::array() const {
    return const_cast<Tensor*>(this)->array<T>();
}

}  // namespace neo
