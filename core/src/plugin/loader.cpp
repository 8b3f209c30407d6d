// Loading one plugin library with Boost.DLL and checking its descriptor (DESIGN §7:
// "the descriptor carries ABI version and struct size and is checked before anything
// else"). Every failure becomes a PluginRefusal whose message names the file.
#include <exception>
#include <optional>

#include <boost/dll/shared_library.hpp>
#if !defined(_WIN32)
#include <dlfcn.h>
#endif

#include "neo/core/plugin/loader.hpp"

namespace neo {

std::string_view plugin_kind_name(PluginKind k) {
    switch (k) {
        case PluginKind::frontend: return "frontend";
        case PluginKind::target: return "target";
        case PluginKind::quantizer: return "quantizer";
    }
    return "unknown";
}

namespace plugin {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRebuild = "; rebuild the plugin against this neo's SDK";

// The plugin name a library file suggests: libneo_onnx.so -> "onnx". Only used to
// explain refusals of files whose descriptor could not be read.
std::string name_from_file(const fs::path& file) {
    std::string stem = file.stem().string();
    for (std::string_view prefix : {"lib", "neo_"}) {
        if (stem.rfind(prefix, 0) == 0) stem.erase(0, prefix.size());
    }
    return stem;
}

std::optional<PluginKind> kind_from_abi(uint32_t k) {
    switch (k) {
        case NEO_PLUGIN_FRONTEND: return PluginKind::frontend;
        case NEO_PLUGIN_TARGET: return PluginKind::target;
        case NEO_PLUGIN_QUANTIZER: return PluginKind::quantizer;
        default: return std::nullopt;
    }
}

// The dynamic loader's own explanation of a failed load (Boost.DLL keeps only a
// generic error code; dlerror() still holds the text right after the failure).
std::string loader_message(const boost::dll::fs::error_code& ec) {
#if !defined(_WIN32)
    if (const char* text = dlerror()) return text;
#endif
    return ec.message();
}

PluginRefusal refuse(const fs::path& file, std::string name, const std::string& why) {
    return PluginRefusal{file, describe_file(file) + ": " + why, std::move(name)};
}

// The descriptor checks after the ABI version and size: kind, name, functions.
std::optional<std::string> descriptor_problem(const NeoPluginDescriptor& d) {
    if (!kind_from_abi(d.kind)) {
        return "its descriptor declares kind " + std::to_string(d.kind) +
               ", which is none of frontend (" + std::to_string(NEO_PLUGIN_FRONTEND) +
               "), target (" + std::to_string(NEO_PLUGIN_TARGET) + "), quantizer (" +
               std::to_string(NEO_PLUGIN_QUANTIZER) + ")";
    }
    if (d.name == nullptr || d.name[0] == '\0') return "its descriptor has no name";
    if (d.create == nullptr) return "its descriptor has no create function";
    if (d.destroy == nullptr) return "its descriptor has no destroy function";
    return std::nullopt;
}

std::variant<LoadedLibrary, PluginRefusal> load_checked(const fs::path& file) {
    namespace dll = boost::dll;
    auto library = std::make_shared<dll::shared_library>();
    dll::fs::error_code ec;
    // Lazy binding and local symbols: plugins never see each other's symbols.
    library->load(dll::fs::path(file.native()), ec,
                  dll::load_mode::rtld_lazy | dll::load_mode::rtld_local);
    if (ec || !library->is_loaded()) {
        return refuse(file, name_from_file(file), "cannot be loaded: " + loader_message(ec));
    }
    if (!library->has(NEO_PLUGIN_ENTRY_POINT_NAME)) {
        return refuse(file, name_from_file(file),
                      "not a neo plugin: it does not export " NEO_PLUGIN_ENTRY_POINT_NAME);
    }
    const auto entry = library->get<const NeoPluginDescriptor*()>(NEO_PLUGIN_ENTRY_POINT_NAME);
    const NeoPluginDescriptor* d = entry();
    if (d == nullptr) {
        return refuse(file, name_from_file(file),
                      "its entry point " NEO_PLUGIN_ENTRY_POINT_NAME " returned no descriptor");
    }
    // abi_version and struct_size are the two fields every ABI version shares; nothing
    // else of the descriptor may be read before they pass.
    if (d->abi_version != NEO_PLUGIN_ABI_VERSION) {
        return refuse(file, name_from_file(file),
                      "built for plugin ABI version " + std::to_string(d->abi_version) +
                          ", this neo uses ABI version " +
                          std::to_string(NEO_PLUGIN_ABI_VERSION) + kRebuild);
    }
    if (d->struct_size < sizeof(NeoPluginDescriptor)) {
        return refuse(file, name_from_file(file),
                      "its descriptor is " + std::to_string(d->struct_size) +
                          " bytes, smaller than the " +
                          std::to_string(sizeof(NeoPluginDescriptor)) +
                          " bytes of plugin ABI version " +
                          std::to_string(NEO_PLUGIN_ABI_VERSION) + kRebuild);
    }
    const bool named = d->name != nullptr && d->name[0] != '\0';
    if (auto problem = descriptor_problem(*d)) {
        return refuse(file, named ? d->name : name_from_file(file), *problem);
    }
    PluginInfo info{*kind_from_abi(d->kind), d->name, d->version ? d->version : "",
                    d->description ? d->description : "", file};
    return LoadedLibrary{std::move(info), d, std::move(library)};
}

}  // namespace

std::string describe_file(const fs::path& file) {
    return "plugin " + file.filename().string() + " (" + file.string() + ")";
}

std::variant<LoadedLibrary, PluginRefusal> load_library(const fs::path& file) {
    try {
        return load_checked(file);
    } catch (const std::exception& e) {
        return refuse(file, name_from_file(file), std::string("cannot be loaded: ") + e.what());
    }
}

}  // namespace plugin
}  // namespace neo
