// The sampling and image-geometry lowerings (GridSample, AffineGrid, RoiAlign, Col2Im,
// DeformConv, Resize's tf_crop_and_resize, MaxPool's Indices, MaxUnpool) compiled for this
// machine and run with 1 and 2 threads, against the reference interpreter.
#include <doctest/doctest.h>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

namespace {

const std::vector<GraphCase> kCases = {
    {"grid sample modes and paddings", R"(graph g(%x: f32[2,3,5,6], %grid: f32[2,16,16,2]) {
        %s: f32[] = const [1.4]
        %gs = Mul(%grid, %s)
        %a = GridSample(%x, %gs) {mode = "linear", padding_mode = "zeros"}
        %b = GridSample(%x, %gs) {mode = "nearest", padding_mode = "border", align_corners = 1}
        %c = GridSample(%x, %gs) {mode = "cubic", padding_mode = "reflection"}
        %d = GridSample(%x, %gs) {mode = "bilinear", padding_mode = "reflection", align_corners = 1}
        %e = GridSample(%x, %gs) {mode = "bicubic", padding_mode = "zeros", align_corners = 1}
        return %a, %b, %c, %d, %e })"},
    {"affine grids and volumetric grid sample", R"(graph g(%x: f32[2,3,4,5,6], %t3: f32[2,3,4], %t2: f32[2,2,3]) {
        %s3: i64[5] = const [2, 3, 6, 7, 8]
        %g3 = AffineGrid(%t3, %s3) {align_corners = 1}
        %s2: i64[4] = const [2, 1, 9, 5]
        %g2 = AffineGrid(%t2, %s2)
        %y = GridSample(%x, %g3) {mode = "linear", padding_mode = "border"}
        %z = GridSample(%x, %g3) {mode = "nearest", padding_mode = "reflection"}
        return %g3, %g2, %y, %z })"},
    {"col2im strides dilations pads", R"(graph g(%x: f32[2,12,15], %xi: i32[1,4,15], %v: f32[1,6,10]) {
        %img: i64[2] = const [5, 6]
        %blk: i64[2] = const [2, 2]
        %y = Col2Im(%x, %img, %blk) {strides = [2, 1], dilations = [1, 2], pads = [1, 0, 0, 1]}
        %yi = Col2Im(%xi, %img, %blk) {strides = [2, 1], dilations = [1, 2], pads = [1, 0, 0, 1]}
        %img1: i64[1] = const [12]
        %blk1: i64[1] = const [3]
        %z = Col2Im(%v, %img1, %blk1)
        return %y, %yi, %z })"},
    {"deform conv groups, offset groups, bias and mask", R"(graph g(%x: f32[2,4,7,6], %w: f32[6,2,3,3], %off: f32[2,36,4,4], %b: f32[6], %m: f32[2,18,4,4], %w1: f32[3,4,2,2], %off1: f32[2,8,6,5]) {
        %s: f32[] = const [2.5]
        %o2 = Mul(%off, %s)
        %y = DeformConv(%x, %w, %o2, %b, %m) {group = 2, offset_group = 2, pads = [1, 0, 1, 2], strides = [2, 1], dilations = [1, 2]}
        %z = DeformConv(%x, %w1, %off1)
        return %y, %z })"},
    {"roi align modes", R"(graph g(%x: f32[2,3,8,9], %jitter: f32[3,4]) {
        %base: f32[3,4] = const [1, 1, 4, 5, 0.5, 2, 6, 3, 2, 0, 3, 6]
        %rois = Add(%base, %jitter)
        %bi: i64[3] = const [1, 0, 1]
        %a = RoiAlign(%x, %rois, %bi) {output_height = 3, output_width = 2}
        %b = RoiAlign(%x, %rois, %bi) {mode = "max", sampling_ratio = 2, coordinate_transformation_mode = "output_half_pixel"}
        %c = RoiAlign(%x, %rois, %bi) {output_height = 2, output_width = 4, spatial_scale = 1.5, sampling_ratio = 3}
        %d = RoiAlign(%x, %rois, %bi) {mode = "max", output_height = 4, output_width = 3, spatial_scale = 0.8}
        return %a, %b, %c, %d })"},
    {"resize tf_crop_and_resize", R"(graph g(%x: f32[1,2,5,6]) {
        %roi: f32[8] = const [0, 0, 0.2, -0.3, 1, 1, 1.1, 0.9]
        %sz: i64[4] = const [1, 2, 4, 7]
        %a = Resize(%x, %roi, _, %sz) {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 3.0}
        %roi2: f32[4] = const [-0.1, 0.2, 0.8, 1.3]
        %sc: f32[2] = const [1.5, 0.8]
        %b = Resize(%x, %roi2, %sc) {mode = "cubic", axes = [3, 2], coordinate_transformation_mode = "tf_crop_and_resize"}
        %c = Resize(%x, %roi2, %sc) {mode = "nearest", axes = [2, 3], coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = -2.0}
        return %a, %b, %c })"},
    {"max pool indices and max unpool", R"(graph g(%x: f32[2,3,6,8], %v: f32[1,2,4,5,6]) {
        %m, %i = MaxPool(%x) {kernel_shape = [2, 2], strides = [2, 2]}
        %u = MaxUnpool(%m, %i) {kernel_shape = [2, 2], strides = [2, 2]}
        %os: i64[4] = const [2, 3, 7, 9]
        %w = MaxUnpool(%m, %i, %os) {kernel_shape = [2, 2], strides = [2, 2]}
        %n, %j = MaxPool(%x) {kernel_shape = [3, 2], strides = [2, 1], pads = [1, 0, 1, 1], storage_order = 1}
        %p, %k = MaxPool(%v) {kernel_shape = [2, 3, 2], strides = [1, 2, 2], pads = [0, 1, 0, 1, 1, 1], storage_order = 1}
        return %m, %i, %u, %w, %n, %j, %p, %k })"},
};

}  // namespace

TEST_CASE("llvm_cpu: sampling lowerings match the reference interpreter") { check_graph_cases(kCases); }
