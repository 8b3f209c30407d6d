// String tensors in compiled code: inputs set through the runtime (and from numpy unicode
// .npy files by neo-run, here and in the Windows build under Wine), Equal on strings,
// LabelEncoder with string keys, Gather of strings and a constant string output, against
// the reference interpreter.
#include <doctest/doctest.h>

#include <fstream>

#include "native_run.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/util/npy.hpp"
#include "neo/runtime/runtime.hpp"
#include "program/build.hpp"
#include "support/run_tool.hpp"

using namespace neo;
using namespace neo::test;
namespace fs = std::filesystem;

namespace {

const char* kGraph = R"(graph s(%a: string[2,3], %b: string[3]) {
    %e = Equal(%a, %b)
    %k = ai.onnx.ml.LabelEncoder(%a) {keys_strings = ["cat", "", "été"], values_int64s = [1, 2, 3], default_int64 = -7}
    %c: string[3] = const ["cat", "dogs", "été"]
    %n = Equal(%b, %c)
    %idx: i64[2] = const [2, 0]
    %g = Gather(%b, %idx)
    return %e, %k, %n, %g, %c })";

Tensor strings(const std::vector<int64_t>& shape, const std::vector<std::string>& v) {
    Tensor t = Tensor::zeros(DType::string, shape);
    std::copy(v.begin(), v.end(), t.array<std::string>().begin());
    return t;
}

// The inputs: equal and unequal strings, prefixes, an empty one, non-ASCII text.
std::vector<Tensor> inputs() {
    return {strings({2, 3}, {"cat", "dog", "été", "", "ca", "été "}), strings({3}, {"cat", "dogs", "été"})};
}

// UTF-32 code units of some UTF-8 text of the inputs above (ASCII and 'é').
std::vector<uint32_t> utf32(const std::string& s) {
    std::vector<uint32_t> v;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) v.push_back(b);
        else v.push_back(((b & 0x1fu) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3fu));
    }
    return v;
}

// A numpy unicode array ('<U<width>'), as numpy.save writes one.
std::string unicode_npy(const Tensor& t) {
    std::size_t width = 1;
    for (const auto& s : t.array<std::string>()) width = std::max(width, utf32(s).size());
    std::string shape = "(";
    for (std::size_t i = 0; i < t.shape().size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape()[i]);
    shape += t.shape().size() == 1 ? ",)" : ")";
    std::string header = "{'descr': '<U" + std::to_string(width) + "', 'fortran_order': False, 'shape': " + shape + ", }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string f = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size() & 0xff) +
                    static_cast<char>(header.size() >> 8) + header;
    for (const auto& s : t.array<std::string>()) {
        auto u = utf32(s);
        u.resize(width, 0);
        for (uint32_t c : u)
            for (int b = 0; b < 4; ++b) f += static_cast<char>((c >> (8 * b)) & 0xff);
    }
    return f;
}

void write_file(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }
std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs the artifact with neo-run (`extra`: --emulate) on unicode .npy inputs and checks
// its outputs against `want`: numbers through .npy, strings as the unicode .npy numpy
// would write for them.
void check_neo_run(const fs::path& art, const std::vector<Tensor>& in, const std::vector<Tensor>& want,
                   const std::string& extra) {
    const fs::path out = art.string() + "_out";
    write_file(art.string() + "_a.npy", unicode_npy(in[0]));
    write_file(art.string() + "_b.npy", unicode_npy(in[1]));
    auto r = run_tool(tool("neo-run") + " " + shell_quote(art.string()) + " " + extra + " --input a=" +
                      shell_quote(art.string() + "_a.npy") + " --input b=" + shell_quote(art.string() + "_b.npy") +
                      " --output-dir " + shell_quote(out.string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(i);
        const fs::path f = out / ("output_" + std::to_string(i) + ".npy");
        if (want[i].dtype() == DType::string) CHECK(read_file(f) == unicode_npy(want[i]));
        else CHECK(tolerance_ratio(read_npy(f), want[i], 0, 0) <= 1.0);
    }
}

}  // namespace

TEST_CASE("llvm_cpu: string tensors match the reference interpreter, through the runtime and neo-run") {
    auto g = make_graph(kGraph);
    const auto in = inputs();
    const auto want = Interpreter(*g).run(in);
    REQUIRE(want.size() == 5);
    const fs::path art = scratch("strings");
    build_native(*g, host_target(), art);
    check_native_runs(art, in, want, 0, 0);  // the inputs' strings are gone when it runs: copied
    check_neo_run(art, in, want, "");
    CHECK(llvm_cpu::tuning_tasks(*g, host_target()).empty());  // nothing to tune in comparisons of views

    // A view without bytes is refused, naming the element and the input.
    neo::runtime::Model m(art.string());
    const neo_abi_string bad[6] = {{"cat", 3}, {nullptr, 2}};
    const int64_t shape[2] = {2, 3};
    CHECK(neo_model_set_input(m.get(), 0, bad, NEO_DTYPE_STRING, 2, shape) == -1);
    CHECK(std::string(neo_last_error()) == "neo_model_set_input: string 1 of input 'a' has no bytes (NULL)");
    fs::remove_all(art);
}

TEST_CASE("llvm_cpu: string tensors compiled for x86-64 Windows run under Wine and match") {
    if (!prepare_wine()) return;
    auto g = make_graph(kGraph);
    const auto in = inputs();
    const auto want = Interpreter(*g).run(in);
    const fs::path art = scratch("strings_win64");
    build_native(*g, resolve_target(DeviceCatalog::builtin(), std::string("x86_win64"), std::nullopt, std::nullopt), art);
    check_neo_run(art, in, want, "--emulate");
    fs::remove_all(art);
}
