#pragma once
// Helpers for writing a plugin in C++: NEO_DEFINE_PLUGIN(kind, "name", "version",
// "description", Class) defines the exported entry point for a class derived from
// neo::FrontendPlugin, neo::TargetPlugin or neo::QuantizerPlugin:
//
//     #include "neo/sdk/frontend.hpp"
//     #include "neo/sdk/plugin.hpp"
//     class OnnxFrontend final : public neo::FrontendPlugin { ... };
//     NEO_DEFINE_PLUGIN(NEO_PLUGIN_FRONTEND, "onnx", "0.1.0", "ONNX models", OnnxFrontend)
//
// The object crosses the library boundary as a pointer to the interface of its kind
// (not to Class), so Class may have several bases; the host deletes it through the
// same interface pointer, with the plugin's own `destroy`. Build plugins with
// neo_add_plugin() (hidden visibility: the entry point is the only exported symbol).
#include <type_traits>

#include "neo/sdk/plugin_abi.h"

namespace neo {
class FrontendPlugin;
class TargetPlugin;
class QuantizerPlugin;

namespace sdk_detail {
// The interface class of each NeoPluginKind.
template <unsigned Kind>
struct PluginInterface;
template <>
struct PluginInterface<NEO_PLUGIN_FRONTEND> { using type = FrontendPlugin; };
template <>
struct PluginInterface<NEO_PLUGIN_TARGET> { using type = TargetPlugin; };
template <>
struct PluginInterface<NEO_PLUGIN_QUANTIZER> { using type = QuantizerPlugin; };
}  // namespace sdk_detail
}  // namespace neo

#define NEO_DEFINE_PLUGIN(KIND, NAME, VERSION, DESCRIPTION, CLASS)                       \
    namespace {                                                                          \
    using neo_plugin_interface_ = ::neo::sdk_detail::PluginInterface<(KIND)>::type;      \
    static_assert(std::is_base_of_v<neo_plugin_interface_, CLASS>,                       \
                  "NEO_DEFINE_PLUGIN: the class must derive from the interface of KIND"); \
    void* neo_plugin_create_() noexcept {                                                \
        try {                                                                            \
            neo_plugin_interface_* object = new CLASS();                                 \
            return static_cast<void*>(object);                                           \
        } catch (...) {                                                                  \
            return nullptr;                                                              \
        }                                                                                \
    }                                                                                    \
    void neo_plugin_destroy_(void* p) noexcept {                                         \
        delete static_cast<neo_plugin_interface_*>(p);                                   \
    }                                                                                    \
    const NeoPluginDescriptor neo_plugin_descriptor_ = {                                 \
        NEO_PLUGIN_ABI_VERSION, sizeof(NeoPluginDescriptor), (KIND), 0u, NAME, VERSION,  \
        DESCRIPTION, &neo_plugin_create_, &neo_plugin_destroy_};                         \
    }                                                                                    \
    extern "C" NEO_PLUGIN_EXPORT const NeoPluginDescriptor* NEO_PLUGIN_ENTRY_POINT() {   \
        return &neo_plugin_descriptor_;                                                  \
    }
