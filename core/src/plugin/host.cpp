// The plugin host: lazy discovery over the search path, duplicate-name refusal, and
// creation of plugin objects that hold their library (see host.hpp).
#include "neo/core/plugin/host.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>

#include "neo/core/plugin/loader.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace fs = std::filesystem;
using plugin::LoadedLibrary;

namespace {

// The deleter of every plugin object: the plugin's own destroy, then the library
// reference, so that the library is unloaded (at the earliest) after its object is
// gone. This code lives in libneo_core, never in the library it may unload.
struct PluginDeleter {
    void (*destroy)(void*);
    std::shared_ptr<const void> library;

    template <class Interface>
    void operator()(Interface* object) {
        destroy(static_cast<void*>(object));
        library.reset();
    }
};

std::string join_paths(const std::vector<fs::path>& dirs) {
    std::string out;
    for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d.string();
    return out.empty() ? "no directory" : out;
}

}  // namespace

struct PluginHost::Impl {
    std::vector<fs::path> directories;   // fixed at construction
    std::once_flag discovered;
    std::vector<LoadedLibrary> loaded;   // sorted by kind then name
    std::vector<PluginInfo> infos;       // the same order as `loaded`
    std::vector<PluginRefusal> refusals;

    // Reads every candidate file once; later calls return at once.
    void discover() {
        std::call_once(discovered, [this] { read_all(); });
    }

    void read_all() {
        for (const auto& file : plugin::candidate_files(directories)) {
            auto result = plugin::load_library(file);
            if (auto* refusal = std::get_if<PluginRefusal>(&result)) {
                refusals.push_back(std::move(*refusal));
                continue;   // the refused library is unloaded here
            }
            auto& lib = std::get<LoadedLibrary>(result);
            if (const LoadedLibrary* first = lookup(lib.info.kind, lib.info.name)) {
                refusals.push_back(duplicate(lib.info, first->info));
                continue;
            }
            loaded.push_back(std::move(lib));
        }
        std::sort(loaded.begin(), loaded.end(), [](const auto& a, const auto& b) {
            return std::tie(a.info.kind, a.info.name) < std::tie(b.info.kind, b.info.name);
        });
        for (const auto& lib : loaded) infos.push_back(lib.info);
    }

    const LoadedLibrary* lookup(PluginKind kind, const std::string& name) const {
        for (const auto& lib : loaded) {
            if (lib.info.kind == kind && lib.info.name == name) return &lib;
        }
        return nullptr;
    }

    static PluginRefusal duplicate(const PluginInfo& second, const PluginInfo& first) {
        return PluginRefusal{
            second.file,
            plugin::describe_file(second.file) + ": a " +
                std::string(plugin_kind_name(second.kind)) + " plugin named '" + second.name +
                "' is already loaded from " + first.file.string() +
                "; duplicate plugin names are an error, remove one of the two files",
            second.name};
    }

    // The UserError for a name that no accepted plugin of `kind` has: lists the accepted
    // ones, a plugin of that name of another kind, and refusals of that name.
    UserError unknown(PluginKind kind, const std::string& name) const {
        const std::string k(plugin_kind_name(kind));
        std::string accepted;
        std::string other_kind;
        for (const auto& info : infos) {
            if (info.kind == kind) accepted += (accepted.empty() ? "" : ", ") + info.name;
            else if (info.name == name) other_kind = std::string(plugin_kind_name(info.kind));
        }
        std::string msg = "no " + k + " plugin named '" + name + "'; accepted " + k +
                          " plugins: " + (accepted.empty() ? "none" : accepted) +
                          " (searched " + join_paths(directories) + ")";
        if (!other_kind.empty()) {
            msg += "; '" + name + "' is a " + other_kind + " plugin, not a " + k + " plugin";
        }
        for (const auto& r : refusals) {
            if (r.name == name) msg += "; a library of that name was refused: " + r.reason;
        }
        return UserError(msg);
    }

    template <class Interface>
    std::shared_ptr<Interface> create(PluginKind kind, const std::string& name) {
        discover();
        const LoadedLibrary* lib = lookup(kind, name);
        if (lib == nullptr) throw unknown(kind, name);
        // create returns a pointer to the interface of its kind (see plugin_abi.h).
        auto* object = static_cast<Interface*>(lib->descriptor->create());
        if (object == nullptr) {
            throw UserError(plugin::describe_file(lib->info.file) + ": its create function " +
                            "failed to make a " + std::string(plugin_kind_name(kind)) +
                            " object for '" + name + "'");
        }
        return std::shared_ptr<Interface>(object,
                                          PluginDeleter{lib->descriptor->destroy, lib->library});
    }
};

PluginHost::PluginHost() : PluginHost(Options{}) {}

PluginHost::PluginHost(Options opts) : impl_(std::make_unique<Impl>()) {
    impl_->directories = plugin::search_path(opts);
}

PluginHost::~PluginHost() = default;

PluginHost& PluginHost::global() {
    // Deliberately leaked: plugin objects held by other static objects may still need
    // their libraries while the process exits.
    static PluginHost* const host = new PluginHost();
    return *host;
}

std::vector<fs::path> PluginHost::directories() const { return impl_->directories; }

const std::vector<PluginInfo>& PluginHost::plugins() {
    impl_->discover();
    return impl_->infos;
}

const std::vector<PluginRefusal>& PluginHost::refusals() {
    impl_->discover();
    return impl_->refusals;
}

const PluginInfo* PluginHost::find(PluginKind kind, const std::string& name) {
    impl_->discover();
    const LoadedLibrary* lib = impl_->lookup(kind, name);
    return lib ? &lib->info : nullptr;
}

std::shared_ptr<FrontendPlugin> PluginHost::create_frontend(const std::string& name) {
    return impl_->create<FrontendPlugin>(PluginKind::frontend, name);
}

std::shared_ptr<TargetPlugin> PluginHost::create_target(const std::string& name) {
    return impl_->create<TargetPlugin>(PluginKind::target, name);
}

std::shared_ptr<QuantizerPlugin> PluginHost::create_quantizer(const std::string& name) {
    return impl_->create<QuantizerPlugin>(PluginKind::quantizer, name);
}

}  // namespace neo
