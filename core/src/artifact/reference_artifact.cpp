#include "neo/core/artifact/reference_artifact.hpp"

#include <fstream>
#include <sstream>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/util/error.hpp"

namespace neo {
namespace {

constexpr const char* kPlugin = "reference";

// A copy of `g` in which every constant is a graph input of the same name, type and
// shape, placed after the real inputs; their values go to model.params.
std::unique_ptr<Graph> constants_as_inputs(const Graph& g) {
    auto copy = g.clone();
    for (Value* c : copy->constants()) {
        TensorPtr t = c->constant_ptr();
        std::string name = c->name();
        Value* p = copy->add_input(copy->fresh_value_name(name + "_param"), t->dtype(), t->ir_shape(), c->layout());
        copy->replace_all_uses(c, p);
        copy->remove_value(c);
        copy->rename_value(p, name);
    }
    return copy;
}

std::vector<uint8_t> read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError(file.string() + ": cannot open the file");
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

void write_reference_artifact(const Graph& g, const TargetSpec& target,
                              const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    auto flat = constants_as_inputs(g);

    ParamsWriter params;
    nlohmann::json index = nlohmann::json::array();
    for (const Value* c : g.constants()) index.push_back(params.add(c->name(), c->constant()));
    params.write(dir / "model.params");

    {
        std::ofstream out(dir / "model.graph", std::ios::binary);
        out << print_graph(*flat);
        if (!out) throw UserError((dir / "model.graph").string() + ": cannot write the file");
    }
    nlohmann::json model = describe_model(g, target, kPlugin);
    model["graph"] = "model.graph";
    model["params"] = {{"file", "model.params"}, {"alignment", kParamsAlignment}, {"tensors", index}};
    write_json(dir / "model.json", model);
    write_manifest(dir);
}

std::unique_ptr<Graph> load_reference_artifact(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir))
        throw UserError(dir.string() + ": not an artifact directory (run neo-build first)");
    verify_manifest(dir);
    std::filesystem::path model_file = dir / "model.json";
    nlohmann::json model = read_json(model_file);
    try {
        if (model.at("format").get<std::string>() != "neo-artifact" ||
            model.at("format_version").get<int>() != kArtifactFormatVersion)
            throw UserError(model_file.string() + ": artifact format " + model.at("format").dump() +
                            " version " + model.at("format_version").dump() + " is not supported by neo " +
                            neo_version() + " (which reads version " +
                            std::to_string(kArtifactFormatVersion) + "); rebuild it");
        std::string plugin = model.at("target").at("plugin").get<std::string>();
        if (plugin != kPlugin)
            throw UserError(model_file.string() + ": built by target '" + plugin +
                            "', not by the reference target");
        std::filesystem::path graph_file = dir / model.at("graph").get<std::string>();
        std::ifstream in(graph_file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto g = parse_graph(text.str(), graph_file.string());

        std::filesystem::path params_file = dir / model.at("params").at("file").get<std::string>();
        std::vector<uint8_t> bytes = read_bytes(params_file);
        for (const auto& entry : model.at("params").at("tensors")) {
            std::string name = entry.at("name").get<std::string>();
            Value* in_v = g->find_value(name);
            if (!in_v || !in_v->is_graph_input())
                throw UserError(model_file.string() + ": parameter '" + name + "' is not in " + graph_file.string());
            Value* c = g->add_constant(g->fresh_value_name(name + "_const"), read_param(bytes, entry, params_file));
            c->set_layout(in_v->layout());
            g->replace_all_uses(in_v, c);
            g->remove_input(in_v);
            g->rename_value(c, name);
        }
        return g;
    } catch (const nlohmann::json::exception& e) {
        throw UserError(model_file.string() + ": malformed model description (" + e.what() + ")");
    }
}

}  // namespace neo
