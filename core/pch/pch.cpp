// The one source of neo_core_pch: the target that owns core's precompiled header.
