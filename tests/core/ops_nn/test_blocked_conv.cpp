// neo.BlockedConv and neo.Unblock: shapes of blocked tensors and the errors for blocks that
// do not fit (the results themselves are checked against Conv by test_block_channels.cpp).
#include "nn_test_util.hpp"

namespace {

using namespace nn_test;

// Infers one neo-domain node over inputs of the given shapes; its output shape, or the error.
std::string infer_neo(const std::string& op, const std::vector<Shape>& shapes, Attributes attrs = {}) {
    neo::Graph g;
    std::vector<neo::Value*> ins;
    for (std::size_t i = 0; i < shapes.size(); ++i) ins.push_back(g.add_input("in" + std::to_string(i), DType::f32, shapes[i]));
    neo::Node* n = g.add_node(op, ins, 1, std::move(attrs), "n");
    n->set_domain("neo");
    const neo::OpSchema* s = neo::OpRegistry::global().find("neo", op);
    REQUIRE(s);
    try {
        neo::check_node_against_schema(*s, *n);
        neo::infer_node(*s, *n);
    } catch (const neo::UserError& e) {
        return e.what();
    }
    return n->output(0)->shape().str();
}

}  // namespace

TEST_CASE("neo.BlockedConv: shapes in and out of blocks") {
    // Plain X (N, C, H, W) to blocked Y: 16 output channels in blocks of 8.
    CHECK(infer_neo("BlockedConv", {Shape{1, 3, 9, 9}, Shape{16, 3, 3, 3}}, {{"pads", Attribute(std::vector<int64_t>{1, 1, 1, 1})}, {"out_block", Attribute(int64_t{8})}}) ==
          Shape{1, 2, 9, 9, 8}.str());
    // Blocked X (2 blocks of 8 = 16 channels) with stride 2 to plain Y.
    CHECK(infer_neo("BlockedConv", {Shape{1, 2, 9, 9, 8}, Shape{4, 16, 1, 1}}, {{"strides", Attribute(std::vector<int64_t>{2, 2})}, {"in_block", Attribute(int64_t{8})}}) ==
          Shape{1, 4, 5, 5}.str());
    CHECK(infer_neo("Unblock", {Shape{2, 3, 5, 4}}) == Shape{2, 12, 5}.str());
}

TEST_CASE("neo.BlockedConv: blocks that do not fit are named") {
    CHECK(infer_neo("BlockedConv", {Shape{1, 3, 9, 9}, Shape{12, 3, 3, 3}}, {{"out_block", Attribute(int64_t{8})}})
              .find("the 12 output channels (W.shape[0]) are not a multiple of out_block 8") != std::string::npos);
    CHECK(infer_neo("BlockedConv", {Shape{1, 2, 9, 9, 4}, Shape{8, 8, 1, 1}}, {{"in_block", Attribute(int64_t{8})}})
              .find("input X has blocks of 4 channels, expected 8") != std::string::npos);
    CHECK(infer_neo("BlockedConv", {Shape{1, 2, 9, 9, 4}, Shape{8, 8, 1, 1}}, {{"in_block", Attribute(int64_t{-1})}})
              .find("attribute 'in_block' must be 0 or positive") != std::string::npos);
    CHECK(infer_neo("Unblock", {Shape{2, 3}}).find("must be blocked") != std::string::npos);
}
