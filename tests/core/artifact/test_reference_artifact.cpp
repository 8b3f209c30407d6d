#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/artifact/reference_artifact.hpp"
#include "neo/core/catalog/catalog.hpp"
#include "neo/core/catalog/resolve.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

namespace fs = std::filesystem;

namespace {

const char* kGraph = R"(
graph tiny(%x: f32[1,2]@NC) {
  %w: f32[2,3] = const [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]
  %b: f32[3] = const [0.1, 0.2, -0.3]
  %labels: string[2] = const ["cat", "dog"]
  %mask: bool[3] = const [true, false, true]
  %mm: f32[1,3] = MatMul(%x, %w) #mm
  %y: f32[1,3] = Add(%mm, %b) #bias
  %r: f32[1,3] = Relu(%y) #relu
  return %r, %labels, %mask
})";

fs::path fresh_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("neo_test_artifact_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}

std::string read_all(const fs::path& f) {
    std::ifstream in(f, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

neo::TargetSpec target() {
    return neo::resolve_target(neo::DeviceCatalog::builtin(), std::string("ml_c5"), std::nullopt,
                               std::nullopt);
}

}  // namespace

TEST_CASE("reference artifact: files, model.json and aligned params") {
    auto g = neo::parse_graph(kGraph);
    fs::path dir = fresh_dir("files");
    neo::write_reference_artifact(*g, target(), dir);
    for (const char* f : {"model.json", "model.graph", "model.params", "manifest.json"})
        CHECK(fs::is_regular_file(dir / f));
    auto model = neo::read_json(dir / "model.json");
    CHECK(model["target"]["plugin"] == "reference");
    CHECK(model["target"]["device"] == "ml_c5");
    CHECK(model["compiler"]["version"] == neo::neo_version());
    CHECK(model["inputs"][0]["name"] == "x");
    CHECK(model["inputs"][0]["shape"] == nlohmann::json({1, 2}));
    CHECK(model["inputs"][0]["layout"] == "NC");
    CHECK(model["outputs"].size() == 3);
    CHECK(model["ops"] == nlohmann::json({"Add", "MatMul", "Relu"}));
    for (const auto& t : model["params"]["tensors"])
        CHECK(t["offset"].get<std::size_t>() % neo::kParamsAlignment == 0);
    auto manifest = neo::read_json(dir / "manifest.json");
    CHECK(manifest["files"]["model.params"] == neo::sha256_file(dir / "model.params"));
    fs::remove_all(dir);
}

TEST_CASE("reference artifact: the same graph gives byte-identical files") {
    fs::path a = fresh_dir("det_a"), b = fresh_dir("det_b");
    neo::write_reference_artifact(*neo::parse_graph(kGraph), target(), a);
    neo::write_reference_artifact(*neo::parse_graph(kGraph), target(), b);
    for (const char* f : {"model.json", "model.graph", "model.params", "manifest.json"})
        CHECK(read_all(a / f) == read_all(b / f));
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST_CASE("reference artifact: loads back to a graph computing the same results") {
    auto g = neo::parse_graph(kGraph);
    fs::path dir = fresh_dir("load");
    neo::write_reference_artifact(*g, target(), dir);
    auto loaded = neo::load_reference_artifact(dir);
    CHECK(neo::print_graph(*loaded) == neo::print_graph(*g));
    neo::Tensor x = neo::Tensor::from_vector<float>({1, 2}, {1.0f, 2.0f});
    auto out = neo::Interpreter(*loaded).run(std::vector<neo::Tensor>{x});
    // By hand: [1,2] x w = [1.0, -2.5, 5.0]; + b = [1.1, -2.3, 4.7]; relu -> [1.1, 0, 4.7].
    CHECK(out[0].at_double(0) == doctest::Approx(1.1));
    CHECK(out[0].at_double(1) == 0.0);
    CHECK(out[0].at_double(2) == doctest::Approx(4.7));
    CHECK(out[1].array<std::string>()(1) == "dog");
    fs::remove_all(dir);
}

TEST_CASE("reference artifact: a corrupt or missing file is named") {
    fs::path dir = fresh_dir("corrupt");
    neo::write_reference_artifact(*neo::parse_graph(kGraph), target(), dir);
    {
        std::fstream f(dir / "model.params", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(3);
        f.put('\x7f');
    }
    CHECK_THROWS_WITH_AS(neo::load_reference_artifact(dir),
                         doctest::Contains("model.params: sha256 does not match manifest.json"),
                         neo::UserError);
    fs::remove(dir / "model.graph");
    CHECK_THROWS_WITH_AS(neo::load_reference_artifact(dir),
                         doctest::Contains("model.graph: listed in manifest.json but missing"),
                         neo::UserError);
    CHECK_THROWS_WITH_AS(neo::load_reference_artifact(dir / "nope"),
                         doctest::Contains("not an artifact directory"), neo::UserError);
    fs::remove_all(dir);
}
