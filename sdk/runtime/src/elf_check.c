#define _POSIX_C_SOURCE 200809L
#include "elf_check.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { kEmX86 = 3, kEmArm = 40, kEmX86_64 = 62, kEmAArch64 = 183 };
enum { kArmFloatSoft = 0x200, kArmFloatHard = 0x400 };

#if defined(__x86_64__)
#define HOST_MACHINE kEmX86_64
#define HOST_CLASS 2
#elif defined(__i386__)
#define HOST_MACHINE kEmX86
#define HOST_CLASS 1
#elif defined(__aarch64__)
#define HOST_MACHINE kEmAArch64
#define HOST_CLASS 2
#elif defined(__arm__)
#define HOST_MACHINE kEmArm
#define HOST_CLASS 1
#else
#define HOST_MACHINE 0
#define HOST_CLASS 0
#endif

#if defined(__arm__) && defined(__ARM_PCS_VFP)
#define HOST_ARM_FLOAT kArmFloatHard
#elif defined(__arm__)
#define HOST_ARM_FLOAT kArmFloatSoft
#else
#define HOST_ARM_FLOAT 0
#endif

static const char* machine_name(unsigned machine, unsigned cls, uint32_t flags) {
    switch (machine) {
        case kEmX86_64: return "x86-64";
        case kEmX86: return "32-bit x86";
        case kEmAArch64: return "64-bit ARM (aarch64)";
        case kEmArm:
            if (cls != 1) return "ARM";
            if (flags & kArmFloatHard) return "32-bit ARM, hard-float ABI (armhf)";
            if (flags & kArmFloatSoft) return "32-bit ARM, soft-float ABI (armel)";
            return "32-bit ARM";
        default: return NULL;
    }
}

int neo_elf_mismatch(const char* path, char* buf, size_t size) {
    unsigned char h[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    if (n < 52 || memcmp(h, "\177ELF", 4) != 0 || h[5] != 1 /* little-endian */) return 0;
    unsigned cls = h[4];
    unsigned machine = (unsigned)h[18] | (unsigned)h[19] << 8;
    size_t flags_at = cls == 2 ? 48 : 36;
    uint32_t flags = (uint32_t)h[flags_at] | (uint32_t)h[flags_at + 1] << 8 | (uint32_t)h[flags_at + 2] << 16 |
                     (uint32_t)h[flags_at + 3] << 24;
    int same = machine == HOST_MACHINE && cls == HOST_CLASS;
    if (same && machine == kEmArm && HOST_ARM_FLOAT && (flags & (kArmFloatHard | kArmFloatSoft)) &&
        !(flags & HOST_ARM_FLOAT))
        same = 0;
    if (same || HOST_MACHINE == 0) return 0;
    const char* theirs = machine_name(machine, cls, flags);
    const char* ours = machine_name(HOST_MACHINE, HOST_CLASS, HOST_ARM_FLOAT);
    char other[48];
    if (!theirs) {
        snprintf(other, sizeof other, "ELF machine %u", machine);
        theirs = other;
    }
    snprintf(buf, size, "it is code for %s, but this runtime runs %s code", theirs, ours ? ours : "other");
    return 1;
}
