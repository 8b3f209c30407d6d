#include "machine_check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "platform.h"

/* ELF e_machine values and ARM float-ABI flags. */
enum { kEmX86 = 3, kEmArm = 40, kEmX86_64 = 62, kEmAArch64 = 183 };
enum { kArmFloatSoft = 0x200, kArmFloatHard = 0x400 };
/* PE/COFF machine types. */
enum { kPeI386 = 0x14c, kPeArmNT = 0x1c4, kPeAmd64 = 0x8664, kPeArm64 = 0xaa64 };

#if defined(__x86_64__) || defined(_M_X64)
#define HOST_MACHINE kEmX86_64
#define HOST_CLASS 2
#define HOST_PE kPeAmd64
#elif defined(__i386__) || defined(_M_IX86)
#define HOST_MACHINE kEmX86
#define HOST_CLASS 1
#define HOST_PE kPeI386
#elif defined(__aarch64__) || defined(_M_ARM64)
#define HOST_MACHINE kEmAArch64
#define HOST_CLASS 2
#define HOST_PE kPeArm64
#elif defined(__arm__) || defined(_M_ARM)
#define HOST_MACHINE kEmArm
#define HOST_CLASS 1
#define HOST_PE kPeArmNT
#else
#define HOST_MACHINE 0
#define HOST_CLASS 0
#define HOST_PE 0
#endif

#if defined(__arm__) && defined(__ARM_PCS_VFP)
#define HOST_ARM_FLOAT kArmFloatHard
#elif defined(__arm__) && !defined(_WIN32)
#define HOST_ARM_FLOAT kArmFloatSoft
#else
#define HOST_ARM_FLOAT 0
#endif

static const char* elf_machine_name(unsigned machine, unsigned cls, uint32_t flags) {
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

static const char* pe_machine_name(unsigned machine) {
    switch (machine) {
        case kPeAmd64: return "x86-64 Windows";
        case kPeI386: return "32-bit x86 Windows";
        case kPeArm64: return "64-bit ARM Windows";
        case kPeArmNT: return "32-bit ARM (Thumb-2) Windows";
        default: return NULL;
    }
}

static unsigned u16_at(const unsigned char* h, size_t at) { return (unsigned)h[at] | (unsigned)h[at + 1] << 8; }
static uint32_t u32_at(const unsigned char* h, size_t at) {
    return (uint32_t)h[at] | (uint32_t)h[at + 1] << 8 | (uint32_t)h[at + 2] << 16 | (uint32_t)h[at + 3] << 24;
}

/* This runtime's machine as messages name it; the ELF names on POSIX, the PE ones on
 * Windows. */
static const char* host_name(void) {
#ifdef _WIN32
    return pe_machine_name(HOST_PE);
#else
    return elf_machine_name(HOST_MACHINE, HOST_CLASS, HOST_ARM_FLOAT);
#endif
}

static int elf_mismatch(const unsigned char* h, size_t n, char* buf, size_t size) {
    if (n < 52 || h[5] != 1 /* little-endian */) return 0;
    unsigned cls = h[4];
    unsigned machine = u16_at(h, 18);
    uint32_t flags = u32_at(h, cls == 2 ? 48 : 36);
#ifdef _WIN32
    int same = 0; /* no ELF library runs here */
#else
    int same = machine == HOST_MACHINE && cls == HOST_CLASS;
    if (same && machine == kEmArm && HOST_ARM_FLOAT && (flags & (kArmFloatHard | kArmFloatSoft)) &&
        !(flags & HOST_ARM_FLOAT))
        same = 0;
#endif
    if (same || HOST_MACHINE == 0) return 0;
    const char* theirs = elf_machine_name(machine, cls, flags);
    char other[48];
    if (!theirs) {
        snprintf(other, sizeof other, "ELF machine %u", machine);
        theirs = other;
    }
    const char* ours = host_name();
    snprintf(buf, size, "it is code for %s%s, but this runtime runs %s code", theirs,
#ifdef _WIN32
             " (an ELF library for Linux or Android)",
#else
             "",
#endif
             ours ? ours : "other");
    return 1;
}

/* "MZ", the PE header's offset at 0x3c, "PE\0\0", then the COFF header's machine. */
static int pe_mismatch(FILE* f, const unsigned char* h, size_t n, char* buf, size_t size) {
    if (n < 64) return 0;
    uint32_t at = u32_at(h, 0x3c);
    unsigned char pe[6];
    if (at > (1u << 20) || fseek(f, (long)at, SEEK_SET) != 0 || fread(pe, 1, sizeof pe, f) != sizeof pe ||
        memcmp(pe, "PE\0\0", 4) != 0)
        return 0;
    unsigned machine = u16_at(pe, 4);
#ifdef _WIN32
    if (machine == HOST_PE || HOST_PE == 0) return 0;
#else
    if (HOST_MACHINE == 0) return 0; /* no PE library runs here */
#endif
    const char* theirs = pe_machine_name(machine);
    char other[48];
    if (!theirs) {
        snprintf(other, sizeof other, "PE machine 0x%x", machine);
        theirs = other;
    }
    const char* ours = host_name();
    snprintf(buf, size, "it is code for %s%s, but this runtime runs %s code", theirs,
#ifdef _WIN32
             "",
#else
             " (a DLL)",
#endif
             ours ? ours : "other");
    return 1;
}

int neo_machine_mismatch(const char* path, char* buf, size_t size) {
    unsigned char h[64];
    FILE* f = neo_open_read(path);
    if (!f) return 0;
    size_t n = fread(h, 1, sizeof h, f);
    int r = 0;
    if (n >= 4 && memcmp(h, "\177ELF", 4) == 0) r = elf_mismatch(h, n, buf, size);
    else if (n >= 2 && h[0] == 'M' && h[1] == 'Z') r = pe_mismatch(f, h, n, buf, size);
    fclose(f);
    return r;
}
