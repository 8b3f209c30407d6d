/* The neo plugin ABI (DESIGN §4, §7).
 *
 * Every plugin is a shared library exporting exactly one C symbol,
 * NEO_PLUGIN_ENTRY_POINT_NAME, a function returning a pointer to a static
 * NeoPluginDescriptor. The host reads abi_version and struct_size before anything
 * else and refuses a plugin whose ABI version differs from its own, or whose
 * struct_size is smaller than this header's descriptor. Those two fields stay the first
 * two of the struct in every ABI version, so that any host can read them.
 *
 * Bump NEO_PLUGIN_ABI_VERSION whenever this struct or any plugin interface class
 * (frontend.hpp, target.hpp, quantizer.hpp) or a type they use changes layout. */
#ifndef NEO_SDK_PLUGIN_ABI_H
#define NEO_SDK_PLUGIN_ABI_H

#include <stdint.h>

#define NEO_PLUGIN_ABI_VERSION 3u
#define NEO_PLUGIN_ENTRY_POINT neo_plugin_descriptor
#define NEO_PLUGIN_ENTRY_POINT_NAME "neo_plugin_descriptor"

#if defined(_WIN32)
#define NEO_PLUGIN_EXPORT __declspec(dllexport)
#else
#define NEO_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum NeoPluginKind {
    NEO_PLUGIN_FRONTEND = 1,
    NEO_PLUGIN_TARGET = 2,
    NEO_PLUGIN_QUANTIZER = 3
} NeoPluginKind;

typedef struct NeoPluginDescriptor {
    uint32_t abi_version;   /* NEO_PLUGIN_ABI_VERSION the plugin was built with */
    uint32_t struct_size;   /* sizeof(NeoPluginDescriptor) the plugin was built with */
    uint32_t kind;          /* a NeoPluginKind */
    uint32_t reserved;
    const char* name;       /* unique among loaded plugins, e.g. "onnx", "reference" */
    const char* version;    /* the plugin's own version, e.g. "0.1.0" */
    const char* description;
    /* Creates the plugin object: a neo::FrontendPlugin*, neo::TargetPlugin* or
     * neo::QuantizerPlugin* (as void*: a pointer to that interface, not to a derived
     * class), or NULL on failure. */
    void* (*create)(void);
    /* Destroys an object made by create (given the very pointer create returned). */
    void (*destroy)(void*);
} NeoPluginDescriptor;

typedef const NeoPluginDescriptor* (*NeoPluginEntryPoint)(void);

#ifdef __cplusplus
}
#endif

#endif /* NEO_SDK_PLUGIN_ABI_H */
