// Offloaded nodes (neo/sdk/cpu_codegen.hpp, neo/runtime/offload.h): a node the plugin hands
// to an accelerator kernel is called through the documented interface, in its place in
// the run, with the plugin's parameters, and is never fused with CPU kernels; a failing
// kernel's status reaches the caller naming its node; a kernel no link input defines, or
// a symbol that is not a C identifier, is refused at build time.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/error.hpp"
#include "neo/runtime/runtime.hpp"
#include "neo/sdk/cpu_codegen.hpp"

using namespace neo;
using namespace neo::test;

namespace {

const char* kGraph = R"(graph g(%x: f32[2,4,9,9], %w: f32[8,4,3,3], %b: f32[8,1,1]) {
    %c = Conv(%x, %w, _) {pads = [1, 1, 1, 1]}
    %r = Relu(%c)
    %y = Add(%r, %b)
    return %y })";

// Relu nodes to `symbol` with the parameters test_offload_relu checks.
cpu_codegen::Options relu_to(const std::string& symbol, std::vector<std::filesystem::path> link = {NEO_TEST_OFFLOAD_KERNELS}) {
    cpu_codegen::Options o;
    o.target_name = "offload_test";
    o.offload = [symbol](const Node& n, const nlohmann::json&) -> std::optional<cpu_codegen::OffloadKernel> {
        if (n.op() != "Relu") return std::nullopt;
        return cpu_codegen::OffloadKernel{symbol, {11, 22}, {0.5f}};
    };
    o.link_inputs = std::move(link);
    return o;
}

std::string kernel_ops(const std::filesystem::path& dir) {
    const auto model = nlohmann::json::parse(std::ifstream(dir / "model.json"));
    std::string ops;
    for (const auto& k : model["llvm_cpu"]["kernels"])
        ops += k["op"].get<std::string>() + (k.contains("offload") ? "@" + k["offload"].get<std::string>() : "") + " ";
    return ops;
}

}  // namespace

TEST_CASE("an offloaded node calls its kernel with the plugin's parameters, unfused, and matches the interpreter") {
    auto g = make_graph(kGraph, {"w", "b"});
    auto inputs = random_inputs(*g);
    auto want = Interpreter(*g).run(inputs);
    auto dir = scratch("offload");
    cpu_codegen::build(*g, host_target(), {}, dir, relu_to("test_offload_relu"));
    // Without offloading the Relu and the Add would be applied in the Conv's stores.
    CHECK(kernel_ops(dir) == "Conv Relu@test_offload_relu Add ");
    const auto model = nlohmann::json::parse(std::ifstream(dir / "model.json"));
    CHECK(model["target"]["plugin"] == "offload_test");
    check_native_runs(dir, inputs, want, 1e-5, 1e-6);
    std::filesystem::remove_all(dir);

    // The CPU's tuning tasks leave the offloaded node out.
    for (const auto& t : cpu_codegen::tuning_tasks(*g, host_target(), relu_to("test_offload_relu")))
        CHECK(t.op != "Relu");
}

TEST_CASE("a failing offloaded kernel stops the run, and the error names its step, node and status") {
    auto g = make_graph(kGraph, {"w", "b"});
    auto dir = scratch("offload_fail");
    cpu_codegen::build(*g, host_target(), {}, dir, relu_to("test_offload_fail"));
    neo::runtime::Model model(dir.string());
    std::string message;
    try {
        model.run();
    } catch (const neo::runtime::Error& e) {
        message = e.what();
    }
    INFO(message);
    CHECK(message.find("node 'Relu_1'") != std::string::npos);
    CHECK(message.find("op Relu") != std::string::npos);
    CHECK(message.find("status 7") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("offloading to a kernel that no link input defines, or to a bad symbol, is refused at build time") {
    auto g = make_graph(kGraph, {"w", "b"});
    auto dir = scratch("offload_missing");
    auto message = [&](const cpu_codegen::Options& o) {
        std::filesystem::remove_all(dir);
        try {
            cpu_codegen::build(*g, host_target(), {}, dir, o);
        } catch (const UserError& e) {
            return std::string(e.what());
        }
        return std::string("built");
    };
    std::string m = message(relu_to("test_offload_absent"));
    CHECK(m.find("test_offload_absent") != std::string::npos);
    CHECK(m.find("not defined") != std::string::npos);
    m = message(relu_to("test_offload_relu", {}));
    CHECK(m.find("test_offload_relu") != std::string::npos);
    CHECK(m.find("none given") != std::string::npos);
    m = message(relu_to("1 bad"));
    INFO(m);
    CHECK(m.find("offload_test offloads node 'Relu_1' (Relu)") != std::string::npos);
    CHECK(m.find("not a C identifier") != std::string::npos);
    m = message(relu_to("test_offload_relu", {dir / "absent.a"}));
    CHECK(m.find("absent.a") != std::string::npos);
    std::filesystem::remove_all(dir);
}
