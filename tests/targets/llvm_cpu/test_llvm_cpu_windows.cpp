// Windows: model.dll for every Windows CPU (x86-64, x86, ARM64, ARMv7), read back with
// LLVM's COFF reader (machine, exports, imports only from system DLLs), reproducible; and,
// verified by running, models compiled for x86-64 Windows run under Wine with the runtime
// and neo-run cross-built by MinGW-w64 (`neo-run --emulate`), matching the reference
// interpreter, PyTorch and ONNX's expected outputs. The running part is skipped, with a
// message, without the MinGW-w64 cross compiler or Wine.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include <llvm/Object/COFF.h>
#include <llvm/Object/ObjectFile.h>

#include "native_run.hpp"
#include "neo/core/artifact/artifact.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/npy.hpp"
#include "neo/core/util/tensor_proto.hpp"
#include "neo/runtime/runtime.h"
#include "support/run_tool.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

// Calls math functions of the C runtime (tanh, erf) besides the inline exp of Softmax and
// SiLU, and rounds (Round: roundeven without SSE4.1).
const char* kNet = R"(graph net(%x: f32[1,3,12,12], %w: f32[8,3,3,3], %b: f32[8], %w2: f32[8,1,3,3], %fc: f32[10,72]) {
    %c = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]}
    %r = Relu(%c)
    %d = Conv(%r, %w2, _) {group = 8, strides = [2, 2], pads = [1, 1, 1, 1]}
    %s = Sigmoid(%d)
    %m = Mul(%d, %s)
    %t = Atan(%m)
    %e = Erf(%t)
    %p = AveragePool(%e) {kernel_shape = [2, 2], strides = [2, 2]}
    %f = Flatten(%p)
    %y = Gemm(%f, %fc, _) {transB = 1}
    %q = Round(%y)
    %z = Softmax(%y)
    return %z, %q })";

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct PeInfo {
    uint16_t machine = 0;
    std::set<std::string> exports;
    std::map<std::string, std::set<std::string>> imports;  // DLL -> imported names
};

PeInfo read_pe(const fs::path& file) {
    auto bin = llvm::object::ObjectFile::createObjectFile(file.string());
    INFO(file.string());
    REQUIRE(bool(bin));
    auto* coff = llvm::dyn_cast<llvm::object::COFFObjectFile>(bin->getBinary());
    REQUIRE(coff != nullptr);
    PeInfo pe;
    pe.machine = coff->getMachine();
    for (const auto& e : coff->export_directories()) {
        llvm::StringRef name;
        if (!e.getSymbolName(name)) pe.exports.insert(name.str());
    }
    for (const auto& dir : coff->import_directories()) {
        llvm::StringRef dll;
        REQUIRE(!dir.getName(dll));
        auto& names = pe.imports[dll.str()];
        for (const auto& sym : dir.imported_symbols()) {
            llvm::StringRef name;
            if (!sym.getSymbolName(name)) names.insert(name.str());
        }
    }
    return pe;
}

TargetSpec windows_target(Arch arch, const std::string& triple, const std::string& cpu) {
    TargetSpec t;
    t.os = Os::windows;
    t.arch = arch;
    t.triple = triple;
    t.cpu = cpu;
    return t;
}

}  // namespace

TEST_CASE("llvm_cpu: model.dll for each Windows CPU exports the descriptor and imports only system DLLs") {
    struct Case {
        const char* what;
        TargetSpec target;
        uint16_t machine;
    };
    const auto& catalog = DeviceCatalog::builtin();
    // The catalog's Windows devices, and ARM64 / ARMv7 Windows (which its platform matrix
    // does not offer) with a target spelled out.
    const Case cases[] = {
        {"x86_win64", resolve_target(catalog, std::string("x86_win64"), std::nullopt, std::nullopt), 0x8664},
        {"x86_win32", resolve_target(catalog, std::string("x86_win32"), std::nullopt, std::nullopt), 0x14c},
        {"ARM64 Windows", windows_target(Arch::arm64, "aarch64-pc-windows-msvc", "generic"), 0xaa64},
        {"ARMv7 Windows", windows_target(Arch::arm_eabi, "thumbv7a-pc-windows-msvc", "generic"), 0x1c4},
    };
    auto g = make_graph(kNet, {"w", "b", "w2", "fc"});
    const fs::path work = scratch("windows_dll");
    for (const Case& c : cases) {
        INFO(c.what);
        const fs::path a = work / (std::string(c.what) + "_a"), b = work / (std::string(c.what) + "_b");
        build_native(*g, c.target, a);
        CHECK(!fs::exists(a / "model.so"));
        const nlohmann::json model = read_json(a / "model.json");
        CHECK(model["llvm_cpu"]["library"] == "model.dll");
        CHECK(read_json(a / "manifest.json")["files"].contains("model.dll"));
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(a)) files.push_back(e.path().filename().string());
        std::sort(files.begin(), files.end());
        CHECK(files == std::vector<std::string>{"manifest.json", "model.dll", "model.json", "model.params"});

        const PeInfo pe = read_pe(a / "model.dll");
        CHECK(pe.machine == c.machine);
        CHECK(pe.exports == std::set<std::string>{"neo_model_descriptor"});
        for (const auto& [dll, names] : pe.imports) {
            CAPTURE(dll);
            CHECK((dll == "ucrtbase.dll" || dll == "ntdll.dll"));
            if (dll == "ucrtbase.dll")  // C names, without x86's decoration ("_expf")
                for (const auto& n : names) CHECK_MESSAGE(n.front() != '_', n);
        }
        // atan comes from the C runtime (tanh, erf and the sigmoid are inline); 32-bit x86's
        // has no atanf, so it is computed in double there.
        const auto& crt = pe.imports.at("ucrtbase.dll");
        if (c.machine == 0x14c) CHECK((crt.count("atan") == 1 && crt.count("atanf") == 0));
        else CHECK(crt.count("atanf") == 1);

        // Same inputs, same bytes.
        build_native(*g, c.target, b);
        for (const char* f : {"model.dll", "model.params", "model.json", "manifest.json"}) {
            CAPTURE(f);
            CHECK(read_file(a / f) == read_file(b / f));
        }
        // This (Linux) runtime refuses it and says why.
        CHECK(neo_model_load(a.string().c_str()) == nullptr);
        CHECK(std::string(neo_last_error()).find("holds model.dll, the code of a model built for Windows") !=
              std::string::npos);
    }
    fs::remove_all(work);
}

TEST_CASE("llvm_cpu: models compiled for x86-64 Windows run under Wine and match") {
    if (!prepare_wine()) return;
    const fs::path work = scratch("windows_wine");
    fs::remove_all(work);
    fs::create_directories(work);
    const TargetSpec win64 = resolve_target(DeviceCatalog::builtin(), std::string("x86_win64"), std::nullopt, std::nullopt);
    // neo-run --emulate on the artifact; its outputs.
    auto run = [&](const fs::path& art, const std::string& inputs) {
        const fs::path out = art.string() + "_out";
        auto rr = run_tool(tool("neo-run") + " " + shell_quote(art.string()) + " --emulate --threads 2 " + inputs +
                           " --output-dir " + shell_quote(out.string()));
        INFO(rr.output);
        REQUIRE(rr.status == 0);
        return out;
    };

    {  // a CNN with C runtime math, against the reference interpreter
        auto g = make_graph(kNet, {"w", "b", "w2", "fc"});
        auto inputs = random_inputs(*g);
        const auto want = Interpreter(*g).run(inputs);
        write_npy(work / "x.npy", inputs[0]);
        build_native(*g, win64, work / "net");
        const fs::path out = run(work / "net", "--input x=" + shell_quote((work / "x.npy").string()));
        CHECK(tolerance_ratio(read_npy(out / "output_0.npy"), want.at(0), 1e-4, 1e-6) <= 1.0);
        CHECK(tolerance_ratio(read_npy(out / "output_1.npy"), want.at(1), 0, 0) <= 1.0);

        // The same artifact with the ARM64 Windows build of its code: the runtime names
        // the DLL's machine.
        build_native(*g, windows_target(Arch::arm64, "aarch64-pc-windows-msvc", "generic"), work / "arm64");
        fs::copy_file(work / "arm64" / "model.dll", work / "net" / "model.dll", fs::copy_options::overwrite_existing);
        write_manifest(work / "net");
        auto rr = run_tool(tool("neo-run") + " " + shell_quote((work / "net").string()) + " --emulate --fill ones");
        INFO(rr.output);
        CHECK(rr.status == 1);
        CHECK(rr.output.find("model.dll: cannot be loaded: it is code for 64-bit ARM Windows, but this runtime "
                             "runs x86-64 Windows code") != std::string::npos);
    }
    {  // Unique of 2000 values: its kernel's frame (two 16 KB arrays) calls the stack probe
        auto g = make_graph(R"(graph u(%x: i32[2000]) {
            %y, %i, %v, %c = Unique(%x)
            return %y, %i, %v, %c })");
        auto inputs = random_inputs(*g);
        const auto want = Interpreter(*g).run(inputs);
        write_npy(work / "u.npy", inputs[0]);
        build_native(*g, win64, work / "unique");
        CHECK(read_pe(work / "unique" / "model.dll").imports.at("ntdll.dll").count("__chkstk") == 1);
        const fs::path out = run(work / "unique", "--input x=" + shell_quote((work / "u.npy").string()));
        for (std::size_t i = 0; i < want.size(); ++i) {
            CAPTURE(i);
            CHECK(tolerance_ratio(read_npy(out / ("output_" + std::to_string(i) + ".npy")), want[i], 0, 0) <= 1.0);
        }
    }
    {  // the PyTorch CNN, against PyTorch
        const std::string data = NEO_SOURCE_DIR "/tests/data/targets/llvm_cpu/small_cnn";
        auto b = run_tool(neo_build() + " " + shell_quote(data + ".onnx") + " --target-device x86_win64 -o " +
                          shell_quote((work / "cnn").string()));
        INFO(b.output);
        REQUIRE(b.status == 0);
        CHECK(b.output.find("target plugin 'llvm_cpu'") != std::string::npos);
        const fs::path out = run(work / "cnn", "--input input=" + shell_quote(data + ".input.npy"));
        CHECK(tolerance_ratio(read_npy(out / "output_0.npy"), read_npy(data + ".output.npy"), 1e-4, 1e-4) <= 1.0);
    }
    const char* root = std::getenv("NEO_ONNX_CONFORMANCE_DIR");
    if (!root || !*root) {
        MESSAGE("NEO_ONNX_CONFORMANCE_DIR is not set: the light model is skipped");
    } else {  // an ONNX light model, against ONNX's expected output
        const fs::path light = fs::path(root) / "light";
        auto b = run_tool(neo_build() + " " + shell_quote((light / "light_squeezenet.onnx").string()) +
                          " --target-device x86_win64 -o " + shell_quote((work / "light").string()));
        INFO(b.output);
        REQUIRE(b.status == 0);
        // Its input as ONNX's runner makes it for a case without input data: arange(n) / n.
        const nlohmann::json in = read_json(work / "light" / "model.json")["inputs"].at(0);
        Tensor x = Tensor::zeros(DType::f32, in["shape"].get<std::vector<int64_t>>());
        auto& a = x.array<float>();
        for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(static_cast<double>(i) / static_cast<double>(a.size()));
        write_npy(work / "light_x.npy", x);
        const fs::path out = run(work / "light", "--input " + in["name"].get<std::string>() + "=" +
                                                     shell_quote((work / "light_x.npy").string()));
        const auto want = read_tensor_proto(light / "light_squeezenet_output_0.pb");
        REQUIRE(want.has_value());
        CHECK(tolerance_ratio(read_npy(out / "output_0.npy"), *want, 1e-3, 1e-5) <= 1.0);
    }
    fs::remove_all(work);
}
