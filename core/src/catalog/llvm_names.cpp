// The CPU and feature names of LLVM 16 per architecture family: data, as printed by
// `llc-16 -march=<x86-64|aarch64|arm> -mcpu=help` and `-mattr=help` (Debian 16.0.6).
// Keep each list sorted; regenerate from those commands when LLVM is upgraded.
#include "neo/core/catalog/llvm_names.hpp"

#include <algorithm>
#include <sstream>

#include "neo/core/util/error.hpp"

namespace neo {

namespace {

constexpr std::string_view kX86Cpus =
    "alderlake amdfam10 athlon athlon-4 athlon-fx athlon-mp athlon-tbird athlon-xp athlon64 "
    "athlon64-sse3 atom barcelona bdver1 bdver2 bdver3 bdver4 bonnell broadwell btver1 "
    "btver2 c3 c3-2 cannonlake cascadelake cooperlake core-avx-i core-avx2 core2 corei7 "
    "corei7-avx emeraldrapids generic geode goldmont goldmont-plus grandridge graniterapids "
    "haswell i386 i486 i586 i686 icelake-client icelake-server ivybridge k6 k6-2 k6-3 k8 "
    "k8-sse3 knl knm lakemont meteorlake nehalem nocona opteron opteron-sse3 penryn pentium "
    "pentium-m pentium-mmx pentium2 pentium3 pentium3m pentium4 pentium4m pentiumpro "
    "prescott raptorlake rocketlake sandybridge sapphirerapids sierraforest silvermont skx "
    "skylake skylake-avx512 slm tigerlake tremont westmere winchip-c6 winchip2 x86-64 "
    "x86-64-v2 x86-64-v3 x86-64-v4 yonah znver1 znver2 znver3 znver4";

constexpr std::string_view kX86Features =
    "16bit-mode 32bit-mode 3dnow 3dnowa 64bit 64bit-mode adx aes allow-light-256-bit "
    "amx-bf16 amx-fp16 amx-int8 amx-tile avx avx2 avx512bf16 avx512bitalg avx512bw avx512cd "
    "avx512dq avx512er avx512f avx512fp16 avx512ifma avx512pf avx512vbmi avx512vbmi2 "
    "avx512vl avx512vnni avx512vp2intersect avx512vpopcntdq avxifma avxneconvert avxvnni "
    "avxvnniint8 bmi bmi2 branchfusion cldemote clflushopt clwb clzero cmov cmpccxadd crc32 "
    "cx16 cx8 enqcmd ermsb f16c false-deps-getmant false-deps-lzcnt-tzcnt false-deps-mulc "
    "false-deps-mullq false-deps-perm false-deps-popcnt false-deps-range fast-11bytenop "
    "fast-15bytenop fast-7bytenop fast-bextr fast-gather fast-hops fast-lzcnt fast-movbe "
    "fast-scalar-fsqrt fast-scalar-shift-masks fast-shld-rotate "
    "fast-variable-crosslane-shuffle fast-variable-perlane-shuffle fast-vector-fsqrt "
    "fast-vector-shift-masks fma fma4 fsgsbase fsrm fxsr gfni harden-sls-ijmp "
    "harden-sls-ret hreset idivl-to-divb idivq-to-divl invpcid kl lea-sp lea-uses-ag "
    "lvi-cfi lvi-load-hardening lwp lzcnt macrofusion mmx movbe movdir64b movdiri mwaitx "
    "nopl pad-short-functions pclmul pconfig pku popcnt prefer-128-bit prefer-256-bit "
    "prefer-mask-registers prefetchi prefetchwt1 prfchw ptwrite raoint rdpid rdpru rdrnd "
    "rdseed retpoline retpoline-external-thunk retpoline-indirect-branches "
    "retpoline-indirect-calls rtm sahf sbb-dep-breaking serialize seses sgx sha shstk "
    "slow-3ops-lea slow-incdec slow-lea slow-pmaddwd slow-pmulld slow-shld slow-two-mem-ops "
    "slow-unaligned-mem-16 slow-unaligned-mem-32 soft-float sse sse-unaligned-mem sse2 sse3 "
    "sse4.1 sse4.2 sse4a ssse3 tagged-globals tbm tsxldtrk uintr use-glm-div-sqrt-costs "
    "use-slm-arith-costs vaes vpclmulqdq vzeroupper waitpkg wbnoinvd widekl x87 xop xsave "
    "xsavec xsaveopt xsaves";

constexpr std::string_view kAarch64Cpus =
    "a64fx ampere1 ampere1a apple-a10 apple-a11 apple-a12 apple-a13 apple-a14 apple-a15 "
    "apple-a16 apple-a7 apple-a8 apple-a9 apple-latest apple-m1 apple-m2 apple-s4 apple-s5 "
    "carmel cortex-a34 cortex-a35 cortex-a510 cortex-a53 cortex-a55 cortex-a57 cortex-a65 "
    "cortex-a65ae cortex-a710 cortex-a715 cortex-a72 cortex-a73 cortex-a75 cortex-a76 "
    "cortex-a76ae cortex-a77 cortex-a78 cortex-a78c cortex-r82 cortex-x1 cortex-x1c "
    "cortex-x2 cortex-x3 cyclone exynos-m3 exynos-m4 exynos-m5 falkor generic kryo "
    "neoverse-512tvb neoverse-e1 neoverse-n1 neoverse-n2 neoverse-v1 neoverse-v2 saphira "
    "thunderx thunderx2t99 thunderx3t110 thunderxt81 thunderxt83 thunderxt88 tsv110";

constexpr std::string_view kAarch64Features =
    "CONTEXTIDREL2 a35 a510 a53 a55 a57 a64fx a65 a710 a715 a72 a73 a75 a76 a77 a78 a78c "
    "aes aggressive-fma all alternate-sextload-cvt-f32-pattern altnzcv am ampere1 ampere1a "
    "amvs apple-a10 apple-a11 apple-a12 apple-a13 apple-a14 apple-a15 apple-a16 apple-a7 "
    "apple-a7-sysreg arith-bcc-fusion arith-cbz-fusion ascend-store-address b16b16 "
    "balance-fp-ops bf16 brbe bti call-saved-x10 call-saved-x11 call-saved-x12 "
    "call-saved-x13 call-saved-x14 call-saved-x15 call-saved-x18 call-saved-x8 "
    "call-saved-x9 carmel ccdp ccidx ccpp clrbhb cmp-bcc-fusion complxnum cortex-r82 "
    "cortex-x1 cortex-x2 cortex-x3 crc crypto cssc custom-cheap-as-move d128 "
    "disable-latency-sched-heuristic dit dotprod ecv el2vmsa el3 enable-select-opt ete "
    "exynos-cheap-as-move exynosm3 exynosm4 f32mm f64mm falkor fgt fix-cortex-a53-835769 "
    "flagm fmv force-32bit-jump-tables fp-armv8 fp16fml fptoint fullfp16 fuse-address "
    "fuse-adrp-add fuse-aes fuse-arith-logic fuse-crypto-eor fuse-csel fuse-literals "
    "harden-sls-blr harden-sls-nocomdat harden-sls-retbr hbc hcx i8mm ite jsconv kryo lor "
    "ls64 lse lse128 lse2 lsl-fast mec mops mpam mte neon neoverse512tvb neoversee1 "
    "neoversen1 neoversen2 neoversev1 neoversev2 nmi no-bti-at-return-twice "
    "no-neg-immediates no-zcz-fp nv outline-atomics pan pan-rwv pauth perfmon "
    "predictable-select-expensive predres prfm-slc-target rand ras rasv2 rcpc rcpc-immo "
    "rcpc3 rdm reserve-x1 reserve-x10 reserve-x11 reserve-x12 reserve-x13 reserve-x14 "
    "reserve-x15 reserve-x18 reserve-x2 reserve-x20 reserve-x21 reserve-x22 reserve-x23 "
    "reserve-x24 reserve-x25 reserve-x26 reserve-x27 reserve-x28 reserve-x3 reserve-x30 "
    "reserve-x4 reserve-x5 reserve-x6 reserve-x7 reserve-x9 rme saphira sb sel2 sha2 sha3 "
    "slow-misaligned-128store slow-paired-128 slow-strqro-store sm4 sme sme-f16f16 "
    "sme-f64f64 sme-i16i64 sme2 sme2p1 spe spe-eef specres2 specrestrict ssbs strict-align "
    "sve sve2 sve2-aes sve2-bitperm sve2-sha3 sve2-sm4 sve2p1 tagged-globals the thunderx "
    "thunderx2t99 thunderx3t110 thunderxt81 thunderxt83 thunderxt88 tlb-rmi tme tpidr-el1 "
    "tpidr-el2 tpidr-el3 tracev8.4 trbe tsv110 uaops use-experimental-zeroing-pseudos "
    "use-postra-scheduler use-reciprocal-square-root use-scalar-inc-vl v8.1a v8.2a v8.3a "
    "v8.4a v8.5a v8.6a v8.7a v8.8a v8.9a v8a v8r v9.1a v9.2a v9.3a v9.4a v9a vh wfxt xs zcm "
    "zcz zcz-fp-workaround zcz-gp";

constexpr std::string_view kArmCpus =
    "arm1020e arm1020t arm1022e arm10e arm10tdmi arm1136j-s arm1136jf-s arm1156t2-s "
    "arm1156t2f-s arm1176jz-s arm1176jzf-s arm710t arm720t arm7tdmi arm7tdmi-s arm8 arm810 "
    "arm9 arm920 arm920t arm922t arm926ej-s arm940t arm946e-s arm966e-s arm968e-s arm9e "
    "arm9tdmi cortex-a12 cortex-a15 cortex-a17 cortex-a32 cortex-a35 cortex-a5 cortex-a53 "
    "cortex-a55 cortex-a57 cortex-a7 cortex-a710 cortex-a72 cortex-a73 cortex-a75 "
    "cortex-a76 cortex-a76ae cortex-a77 cortex-a78 cortex-a78c cortex-a8 cortex-a9 "
    "cortex-m0 cortex-m0plus cortex-m1 cortex-m23 cortex-m3 cortex-m33 cortex-m35p "
    "cortex-m4 cortex-m55 cortex-m7 cortex-m85 cortex-r4 cortex-r4f cortex-r5 cortex-r52 "
    "cortex-r7 cortex-r8 cortex-x1 cortex-x1c cyclone ep9312 exynos-m3 exynos-m4 exynos-m5 "
    "generic iwmmxt krait kryo mpcore mpcorenovfp neoverse-n1 neoverse-n2 neoverse-v1 sc000 "
    "sc300 strongarm strongarm110 strongarm1100 strongarm1110 swift xscale";

constexpr std::string_view kArmFeatures =
    "32bit 8msecext a12 a15 a17 a32 a35 a5 a53 a55 a57 a7 a72 a73 a75 a76 a77 a78c a8 a9 "
    "aapcs-frame-chain aapcs-frame-chain-leaf aclass acquire-release aes armv4 armv4t "
    "armv5t armv5te armv5tej armv6 armv6-m armv6j armv6k armv6kz armv6s-m armv6t2 armv7-a "
    "armv7-m armv7-r armv7e-m armv7k armv7s armv7ve armv8-a armv8-m.base armv8-m.main "
    "armv8-r armv8.1-a armv8.1-m.main armv8.2-a armv8.3-a armv8.4-a armv8.5-a armv8.6-a "
    "armv8.7-a armv8.8-a armv8.9-a armv9-a armv9.1-a armv9.2-a armv9.3-a armv9.4-a "
    "atomics-32 avoid-movs-shop avoid-partial-cpsr bf16 big-endian-instructions cde cdecp0 "
    "cdecp1 cdecp2 cdecp3 cdecp4 cdecp5 cdecp6 cdecp7 cheap-predicable-cpsr clrbhb "
    "cortex-a710 cortex-a78 cortex-x1 cortex-x1c crc crypto d32 db dfb "
    "disable-postra-scheduler dont-widen-vmovs dotprod dsp execute-only expand-fp-mlx "
    "exynos fix-cmse-cve-2021-35465 fix-cortex-a57-aes-1742098 fp-armv8 fp-armv8d16 "
    "fp-armv8d16sp fp-armv8sp fp16 fp16fml fp64 fpao fpregs fpregs16 fpregs64 fullfp16 "
    "fuse-aes fuse-literals harden-sls-blr harden-sls-nocomdat harden-sls-retbr hwdiv "
    "hwdiv-arm i8mm iwmmxt iwmmxt2 krait kryo lob long-calls loop-align m3 m7 mclass mp "
    "muxed-units mve mve.fp mve1beat mve2beat mve4beat nacl-trap neon neon-fpmovs neonfp "
    "neoverse-v1 no-branch-predictor no-bti-at-return-twice no-movt no-neg-immediates noarm "
    "nonpipelined-vfp pacbti perfmon prefer-ishst prefer-vmovsr prof-unpr r4 r5 r52 r7 ras "
    "rclass read-tp-hard reserve-r9 ret-addr-stack sb sha2 slow-fp-brcc slow-load-D-subreg "
    "slow-odd-reg slow-vdup32 slow-vgetlni32 slowfpvfmx slowfpvmlx soft-float "
    "splat-vfp-neon strict-align swift thumb-mode thumb2 trustzone use-mipipeliner "
    "use-misched v4t v5t v5te v6 v6k v6m v6t2 v7 v7clrex v8 v8.1a v8.1m.main v8.2a v8.3a "
    "v8.4a v8.5a v8.6a v8.7a v8.8a v8.9a v8m v8m.main v9.1a v9.2a v9.3a v9.4a v9a vfp2 "
    "vfp2sp vfp3 vfp3d16 vfp3d16sp vfp3sp vfp4 vfp4d16 vfp4d16sp vfp4sp virtualization "
    "vldn-align vmlx-forwarding vmlx-hazards wide-stride-vfp xscale zcz";

std::vector<std::string> split_names(std::string_view text) {
    std::vector<std::string> names;
    std::istringstream in{std::string(text)};
    for (std::string name; in >> name;) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

enum class Family { x86, aarch64, arm };

Family family_of(Arch a) {
    switch (a) {
        case Arch::x86_64:
        case Arch::x86: return Family::x86;
        case Arch::arm64: return Family::aarch64;
        case Arch::arm_eabihf:
        case Arch::arm_eabi: return Family::arm;
    }
    throw InternalError("unhandled Arch in family_of");
}

bool contains(const std::vector<std::string>& sorted, std::string_view name) {
    return std::binary_search(sorted.begin(), sorted.end(), name,
                              [](std::string_view x, std::string_view y) { return x < y; });
}

}  // namespace

std::string_view llvm_march(Arch a) {
    switch (family_of(a)) {
        case Family::x86: return "x86-64";
        case Family::aarch64: return "aarch64";
        case Family::arm: return "arm";
    }
    throw InternalError("unhandled family in llvm_march");
}

const std::vector<std::string>& llvm_cpu_names(Arch a) {
    static const std::vector<std::string> x86 = split_names(kX86Cpus);
    static const std::vector<std::string> aarch64 = split_names(kAarch64Cpus);
    static const std::vector<std::string> arm = split_names(kArmCpus);
    switch (family_of(a)) {
        case Family::x86: return x86;
        case Family::aarch64: return aarch64;
        case Family::arm: return arm;
    }
    throw InternalError("unhandled family in llvm_cpu_names");
}

const std::vector<std::string>& llvm_feature_names(Arch a) {
    static const std::vector<std::string> x86 = split_names(kX86Features);
    static const std::vector<std::string> aarch64 = split_names(kAarch64Features);
    static const std::vector<std::string> arm = split_names(kArmFeatures);
    switch (family_of(a)) {
        case Family::x86: return x86;
        case Family::aarch64: return aarch64;
        case Family::arm: return arm;
    }
    throw InternalError("unhandled family in llvm_feature_names");
}

bool is_llvm_cpu(Arch a, std::string_view cpu) { return contains(llvm_cpu_names(a), cpu); }
bool is_llvm_feature(Arch a, std::string_view feature) {
    return contains(llvm_feature_names(a), feature);
}

}  // namespace neo
