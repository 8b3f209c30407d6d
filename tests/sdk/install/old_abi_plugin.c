/* A target plugin built against an older plugin ABI than the installed neo's: its
 * descriptor claims version NEO_PLUGIN_ABI_VERSION - 1. The installed tools must refuse
 * it, saying why. */
#include "neo/sdk/plugin_abi.h"

static void* create(void) { return 0; }
static void destroy(void* p) { (void)p; }

static const NeoPluginDescriptor descriptor = {
    NEO_PLUGIN_ABI_VERSION - 1u, sizeof(NeoPluginDescriptor), NEO_PLUGIN_TARGET, 0u, "old_vendor", "0.0.1",
    "a target plugin built against an older SDK", create, destroy};

NEO_PLUGIN_EXPORT const NeoPluginDescriptor* NEO_PLUGIN_ENTRY_POINT(void) { return &descriptor; }
