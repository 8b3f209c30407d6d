#pragma once
// neo-build --list-devices / --list-plugins.
#include <iosfwd>

#include "neo/core/plugin/host.hpp"

namespace neo::tools {

// A table of every device: name, OS, arch, accelerator, default options and the
// target plugin that would serve it (or JSON lines with --json).
void list_devices(PluginHost& host, std::ostream& out, bool json);
// Accepted plugins (kind, name, version, file) and refused libraries with the reason.
void list_plugins(PluginHost& host, std::ostream& out, bool json);

}  // namespace neo::tools
