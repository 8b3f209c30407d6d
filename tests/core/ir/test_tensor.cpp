// Tensor (zeros, from_vector, from_bytes, cast, equality), Dim/Shape/Layout printing.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "neo/core/ir/shape.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/util/error.hpp"

using namespace neo;

TEST_CASE("Dim and Shape print as the text format writes them") {
    CHECK(Dim(7).str() == "7");
    CHECK(Dim::symbol("N").str() == "N");
    CHECK(Dim::unknown().str() == "?");
    CHECK(Dim::symbol("N").is_symbolic());
    CHECK_FALSE(Dim::unknown().is_symbolic());
    CHECK_FALSE(Dim::unknown().is_static());
    CHECK_THROWS_AS(Dim::symbol("N").value(), InternalError);

    Shape s({Dim(1), Dim(3), Dim::symbol("N"), Dim::unknown()});
    CHECK(s.str() == "[1,3,N,?]");
    CHECK(s.rank() == 4);
    CHECK_FALSE(s.is_static());
    CHECK_THROWS_AS(s.numel(), InternalError);
    CHECK(Shape().str() == "[]");
    CHECK(Shape().numel() == 1);
    CHECK(Shape::unranked().str() == "[*]");
    CHECK_FALSE(Shape::unranked().ranked());
    CHECK_THROWS_AS(Shape::unranked().rank(), InternalError);
    CHECK(Shape{2, 3}.numel() == 6);
    CHECK(Shape{2, 3}.static_dims() == std::vector<int64_t>{2, 3});
    CHECK(Shape{2, 3} == Shape::from({2, 3}));
    CHECK_FALSE(Shape() == Shape::unranked());
    CHECK_FALSE(Shape({Dim::symbol("N")}) == Shape({Dim::unknown()}));

    CHECK(Layout("NCHW16c").name() == "NCHW16c");
    CHECK(Layout().empty());
    CHECK_THROWS_AS(Layout("NC-HW"), InternalError);
}

TEST_CASE("Tensor basics") {
    Tensor scalar;
    CHECK(scalar.dtype() == DType::f32);
    CHECK(scalar.rank() == 0);
    CHECK(scalar.numel() == 1);

    Tensor z = Tensor::zeros(DType::i16, {2, 3});
    CHECK(z.dtype() == DType::i16);
    CHECK(z.shape() == std::vector<int64_t>{2, 3});
    CHECK(z.ir_shape() == Shape{2, 3});
    CHECK(z.nbytes() == 12);
    CHECK(z.at_int(5) == 0);

    Tensor s = Tensor::zeros(DType::string, {2});
    CHECK(s.array<std::string>()(1).empty());
    CHECK_THROWS_AS((void)s.bytes(), InternalError);

    Tensor v = Tensor::from_vector<int64_t>({3}, {4, 5, 6});
    CHECK(v.to_int_vector() == std::vector<int64_t>{4, 5, 6});
    CHECK(v.at_double(2) == 6.0);
    CHECK_THROWS_AS((void)v.array<float>(), InternalError);
    CHECK_THROWS_AS(Tensor::from_vector<float>({2}, {1.0f}), InternalError);

    Tensor empty = Tensor::zeros(DType::f32, {0, 4});
    CHECK(empty.numel() == 0);
    CHECK(empty.nbytes() == 0);
}

TEST_CASE("Tensor::from_bytes is little-endian raw data and checks its size") {
    std::vector<uint8_t> bytes = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0};  // 1.0, -2.0
    Tensor t = Tensor::from_bytes(DType::f32, {2}, bytes);
    CHECK(t.array<float>()(0) == 1.0f);
    CHECK(t.array<float>()(1) == -2.0f);
    CHECK(std::vector<uint8_t>(t.bytes().begin(), t.bytes().end()) == bytes);

    Tensor h = Tensor::from_bytes(DType::f16, {2, 2}, bytes);
    CHECK(h.array<float16>()(0, 1).bits == 0x3f80);

    try {
        Tensor::from_bytes(DType::f32, {3}, bytes);
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()) == "tensor data has 8 bytes but f32[3] needs 12");
    }
    CHECK(Tensor::from_bytes(DType::i8, {0}, {}).numel() == 0);
}

TEST_CASE("Tensor::cast") {
    Tensor f = Tensor::from_vector<float>({5}, {1.7f, -1.7f, 0.0f, 0.5f, 300.0f});
    CHECK(f.cast(DType::i32).to_int_vector() == std::vector<int64_t>{1, -1, 0, 0, 300});
    Tensor bools = f.cast(DType::boolean);
    CHECK(bools.dtype() == DType::boolean);
    CHECK(bools == Tensor::from_vector<bool>({5}, {true, true, false, true, true}));
    Tensor h = f.cast(DType::f16);
    CHECK(h.array<float16>()(3).bits == 0x3800);  // 0.5
    CHECK(h.cast(DType::f32).array<float>()(4) == 300.0f);
    Tensor b = f.cast(DType::bf16);
    CHECK(static_cast<float>(b.array<bfloat16>()(0)) == 1.703125f);  // nearest bf16 of 1.7
    CHECK(Tensor::from_vector<bool>({2}, {true, false}).cast(DType::f64) ==
          Tensor::from_vector<double>({2}, {1.0, 0.0}));
    CHECK(f.cast(DType::f32) == f);
    CHECK(f.cast(DType::i64).shape() == std::vector<int64_t>{5});
    // Integer to integer converts directly: no bit of a big 64-bit value is lost.
    Tensor big = Tensor::from_vector<uint64_t>({2}, {(uint64_t{1} << 63) + 1, 65535});
    CHECK(big.cast(DType::i64).array<int64_t>()(0) == std::numeric_limits<int64_t>::min() + 1);
    CHECK(big.cast(DType::u16).array<uint16_t>()(1) == 65535);
    CHECK(big.cast(DType::u32).dtype() == DType::u32);

    Tensor s = Tensor::zeros(DType::string, {1});
    try {
        (void)s.cast(DType::f32);
        FAIL("expected a UserError");
    } catch (const UserError& e) {
        CHECK(std::string(e.what()) == "cannot cast between string and numeric tensors");
    }
    CHECK_THROWS_AS((void)f.cast(DType::string), UserError);
}

TEST_CASE("Tensor equality: dtype, shape and exact elements, NaN is unequal") {
    Tensor a = Tensor::from_vector<float>({2}, {1.0f, 2.0f});
    CHECK(a == Tensor::from_vector<float>({2}, {1.0f, 2.0f}));
    CHECK_FALSE(a == Tensor::from_vector<float>({2}, {1.0f, 3.0f}));
    CHECK_FALSE(a == Tensor::from_vector<float>({2, 1}, {1.0f, 2.0f}));
    CHECK_FALSE(a == Tensor::from_vector<double>({2}, {1.0, 2.0}));
    Tensor n = Tensor::from_vector<float>({1}, {std::numeric_limits<float>::quiet_NaN()});
    CHECK_FALSE(n == n);
    CHECK(Tensor::from_vector<std::string>({2}, {"a", "b"}) ==
          Tensor::from_vector<std::string>({2}, {"a", "b"}));
}
