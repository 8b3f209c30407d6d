// Resize (core/src/ops/image/resize.cpp): inference from constant scales / sizes, attribute
// and input checks, hand-computed values and the NumPy fixtures (nearest / linear / cubic,
// the coordinate transformation and nearest modes, axes, tf_crop_and_resize, aspect ratio).
#include "image_test_util.hpp"

using namespace image_test;

namespace {
Tensor scales_of(std::vector<float> v) {
    const auto n = static_cast<int64_t>(v.size());
    return Tensor::from_vector<float>({n}, v);
}
Tensor sizes_of(std::vector<int64_t> v) {
    const auto n = static_cast<int64_t>(v.size());
    return Tensor::from_vector<int64_t>({n}, v);
}
In f32(Shape s) { return In::of(DType::f32, std::move(s)); }
}  // namespace

TEST_CASE("Resize: NumPy fixtures") { run_fixture_cases("Resize"); }

TEST_CASE("Resize: hand-computed") {
    Tensor x = Tensor::from_vector<float>({1, 1, 2, 2}, {1, 2, 3, 4});
    Tensor sc = scales_of({1, 1, 2, 2});
    // nearest, half_pixel, round_prefer_floor: each pixel repeated 2x2.
    auto y = run("Resize", {&x, nullptr, &sc}, {});
    check_close(y[0], Tensor::from_vector<float>({1, 1, 4, 4}, {1, 1, 2, 2, 1, 1, 2, 2,
                                                                3, 3, 4, 4, 3, 3, 4, 4}), 0, 0);
    // linear, align_corners to 3x3: the midpoints.
    Tensor sz = sizes_of({1, 1, 3, 3});
    y = run("Resize", {&x, nullptr, nullptr, &sz},
            {{"mode", "linear"}, {"coordinate_transformation_mode", "align_corners"}}, 1, true);
    check_close(y[0], Tensor::from_vector<float>({1, 1, 3, 3},
                                                 {1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4}), 1e-6, 1e-6);
    // An empty roi and an empty scales input count as omitted.
    Tensor empty = Tensor::zeros(DType::f32, {0});
    y = run("Resize", {&x, &empty, &empty, &sz}, {{"mode", "linear"},
            {"coordinate_transformation_mode", "align_corners"}});
    CHECK(y[0].shape() == std::vector<int64_t>{1, 1, 3, 3});
    // Integer dtypes with nearest.
    Tensor xi = Tensor::from_vector<uint8_t>({1, 3}, {10, 20, 30});
    Tensor s2 = scales_of({1, 2});
    y = run("Resize", {&xi, nullptr, &s2}, {{"coordinate_transformation_mode", "asymmetric"}});
    CHECK(y[0].dtype() == DType::u8);
    CHECK(y[0].to_int_vector() == std::vector<int64_t>{10, 10, 20, 20, 30, 30});
    // f16 linear (computed in double, rounded to f16).
    Tensor xh = Tensor::from_vector<float>({1, 2}, {0, 1}).cast(DType::f16);
    Tensor s4 = scales_of({1, 2});
    y = run("Resize", {&xh, nullptr, &s4}, {{"mode", "linear"}});
    CHECK(y[0].dtype() == DType::f16);
    check_close(y[0], Tensor::from_vector<float>({1, 4}, {0, 0.25, 0.75, 1}), 0, 0);
}

TEST_CASE("Resize: inference") {
    const In none = In::none();
    // Constant scales: floor(in * scale).
    CHECK(infer_shape("Resize", {f32({1, 3, 5, 7}), none,
                                 In::constant_of(scales_of({1, 1, 0.5, 1.5}))}) ==
          Shape({1, 3, 2, 10}));
    // Constant sizes, with the input's dims unknown.
    CHECK(infer_shape("Resize", {f32(Shape(std::vector<Dim>{Dim::symbol("N"), 3, Dim::unknown(), 7})), none, none,
                                 In::constant_of(sizes_of({1, 3, 9, 9}))}) ==
          Shape({1, 3, 9, 9}));
    // axes: the other dims are kept.
    CHECK(infer_shape("Resize", {f32(Shape(std::vector<Dim>{Dim::symbol("N"), 3, 4, 4})), none,
                                 In::constant_of(scales_of({2, 3}))},
                      {{"axes", std::vector<int64_t>{2, 3}}}) ==
          Shape({Dim::symbol("N"), Dim(3), Dim(8), Dim(12)}));
    CHECK(infer_shape("Resize", {f32(Shape(std::vector<Dim>{Dim::symbol("N"), 3, 4, 4})), none, none,
                                 In::constant_of(sizes_of({6}))},
                      {{"axes", std::vector<int64_t>{-1}}}) ==
          Shape({Dim::symbol("N"), Dim(3), Dim(4), Dim(6)}));
    // Scales not constant: unknown dims on the resized axes, known rank.
    CHECK(infer_shape("Resize", {f32({1, 3, 4, 4}), none, In::of(DType::f32, Shape{4})}) ==
          Shape({Dim::unknown(), Dim::unknown(), Dim::unknown(), Dim::unknown()}));
    CHECK(infer_shape("Resize", {f32({1, 3, 4, 4}), none, In::of(DType::f32, Shape{2})},
                      {{"axes", std::vector<int64_t>{2, 3}}}) ==
          Shape({Dim(1), Dim(3), Dim::unknown(), Dim::unknown()}));
    // Constant scales but an unknown input dim.
    CHECK(infer_shape("Resize", {f32(Shape(std::vector<Dim>{1, 3, Dim::unknown(), 4})), none,
                                 In::constant_of(scales_of({1, 1, 2, 2}))}) ==
          Shape({Dim::unknown(), Dim::unknown(), Dim::unknown(), Dim::unknown()}));
    CHECK(infer_shape("Resize", {In::of(DType::f32, Shape::unranked()), none,
                                 In::constant_of(scales_of({1, 1, 2, 2}))}) ==
          Shape::unranked());
    // keep_aspect_ratio_policy not_smaller: one scale (max of 6/4, 6/2), rounded.
    CHECK(infer_shape("Resize", {f32({1, 1, 4, 2}), none, none,
                                 In::constant_of(sizes_of({6, 6}))},
                      {{"axes", std::vector<int64_t>{2, 3}},
                       {"keep_aspect_ratio_policy", "not_smaller"}}) == Shape({1, 1, 12, 6}));
}

TEST_CASE("Resize: errors") {
    const In none = In::none();
    const In sc = In::constant_of(scales_of({1, 1, 2, 2}));
    const In sz = In::constant_of(sizes_of({1, 1, 2, 2}));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc}, {{"mode", "area"}}),
                   "attribute 'mode' must be nearest, linear or cubic, got 'area'"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"coordinate_transformation_mode", "corner"}}),
                   "attribute 'coordinate_transformation_mode' must be"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"nearest_mode", "round"}}),
                   "attribute 'nearest_mode' must be"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"antialias", int64_t{1}}}),
                   "antialias=1 is not supported"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"keep_aspect_ratio_policy", "fit"}}),
                   "attribute 'keep_aspect_ratio_policy' must be"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc, sz}),
                   "only one of the inputs 'scales' and 'sizes' may be given"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2})}),
                   "one of the inputs 'scales' and 'sizes' must be given"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none,
                                          In::constant_of(scales_of({2, 2}))}),
                   "input 'scales' has 2 values, expected 4"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none,
                                          In::constant_of(scales_of({1, 1, 0, 2}))}),
                   "input 'scales' must hold positive values"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, none,
                                          In::constant_of(sizes_of({1, 1, -2, 2}))}),
                   "input 'sizes' holds a negative size -2"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"axes", std::vector<int64_t>{2, 2}}}),
                   "attribute 'axes' repeats axis 2"));
    CHECK(contains(infer_error("Resize", {f32({1, 1, 2, 2}), none, sc},
                               {{"axes", std::vector<int64_t>{4}}}),
                   "attribute 'axes' value 4 is out of range for rank 4"));
    CHECK(contains(infer_error("Resize", {In::of(DType::i32, Shape{1, 4}), none, sc},
                               {{"mode", "linear"}}),
                   "mode 'linear' supports f32, f64, f16, bf16"));
    CHECK(contains(infer_error("Resize", {f32({1, 4}), none, none,
                                          In::of(DType::i32, Shape{2})}),
                   "input 'sizes' must be i64, got i32"));
    Tensor x = Tensor::from_vector<float>({1, 4}, {1, 2, 3, 4});
    Tensor roi = scales_of({0, 0, 1});
    Tensor s = scales_of({1, 2});
    CHECK(contains(compute_error("Resize", {&x, &roi, &s},
                                 {{"coordinate_transformation_mode", "tf_crop_and_resize"}}),
                   "input 'roi' has 3 values, expected 4"));
}
