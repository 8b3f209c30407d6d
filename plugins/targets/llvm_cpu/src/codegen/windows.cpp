#include "codegen/windows.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <llvm/BinaryFormat/COFF.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/Object/COFFImportFile.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

#include "neo/core/util/error.hpp"

namespace neo::llvm_cpu {
namespace {

namespace fs = std::filesystem;

// The math functions of ucrtbase.dll that generated code may call, double versions; every
// one has its float version ("expf") too, except on 32-bit x86 where those of
// kNoFloatOnX86 are not exported (the C headers there compute them in double).
constexpr std::string_view kUcrtMath[] = {
    "acos",  "acosh", "asin",  "asinh", "atan",      "atan2", "atanh", "cbrt", "ceil", "copysign", "cos",
    "cosh",  "erf",   "erfc",  "exp",   "exp2",      "expm1", "floor", "fma",  "fmax", "fmin",     "fmod",
    "log",   "log10", "log1p", "log2",  "nearbyint", "pow",   "remainder", "rint", "round", "sin", "sinh",
    "sqrt",  "tan",   "tanh",  "trunc"};
constexpr std::string_view kNoFloatOnX86[] = {"acos", "asin", "atan", "atan2", "ceil", "copysign", "cos", "cosh", "exp",
                                              "floor", "fmod", "log", "log10", "pow", "sin", "sinh", "sqrt", "tan", "tanh"};
constexpr std::string_view kUcrtMemory[] = {"memcmp", "memcpy", "memmove", "memset"};

// ntdll.dll's helpers per machine: the stack probe, and the 64-bit arithmetic that 32-bit
// x86 and ARMv7 code calls.
constexpr std::string_view kNtdllX64[] = {"__chkstk"};
constexpr std::string_view kNtdllX86[] = {"_chkstk", "_alldiv", "_alldvrm", "_allmul", "_allrem", "_allshl",
                                          "_allshr", "_aulldiv", "_aulldvrm", "_aullrem", "_aullshr"};
constexpr std::string_view kNtdllArm[] = {"__chkstk", "__rt_sdiv", "__rt_udiv", "__rt_sdiv64", "__rt_udiv64",
                                          "__dtoi64", "__dtou64", "__stoi64", "__stou64", "__i64tod", "__u64tod",
                                          "__i64tos", "__u64tos"};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], std::string_view name) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

bool is_x86(const llvm::Triple& t) { return t.getArch() == llvm::Triple::x86; }

// The DLL that exports `name` (undecorated) on the triple's machine, or "".
std::string_view dll_of(std::string_view name, const llvm::Triple& t) {
    if (listed(kUcrtMemory, name) || listed(kUcrtMath, name)) return "ucrtbase.dll";
    if (name.size() > 1 && name.back() == 'f') {
        const std::string_view base = name.substr(0, name.size() - 1);
        if (listed(kUcrtMath, base) && !(is_x86(t) && listed(kNoFloatOnX86, base))) return "ucrtbase.dll";
    }
    const bool ntdll = is_x86(t)               ? listed(kNtdllX86, name)
                       : t.isARM() || t.isThumb() ? listed(kNtdllArm, name)
                                                  : listed(kNtdllX64, name);
    return ntdll ? "ntdll.dll" : "";
}

// A float function computed with integer-exact float additions: |x| below 2^(mantissa
// bits) rounds to an integer, ties to even, when 2^mantissa is added and subtracted (the
// default rounding mode); larger values, infinities and NaN are integers or themselves.
void define_roundeven(llvm::Module& m, const char* name, llvm::Type* type, double magic,
                      std::vector<llvm::GlobalValue*>& keep) {
    llvm::LLVMContext& c = m.getContext();
    auto* fty = llvm::FunctionType::get(type, {type}, false);
    auto* fn = llvm::dyn_cast<llvm::Function>(m.getOrInsertFunction(name, fty).getCallee());
    if (!fn || !fn->isDeclaration()) return;
    fn->setLinkage(llvm::GlobalValue::ExternalLinkage);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", fn));
    llvm::Value* x = fn->getArg(0);
    llvm::Value* a = b.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
    llvm::Value* big = llvm::ConstantFP::get(type, magic);
    llvm::Value* r = b.CreateFSub(b.CreateFAdd(a, big), big);
    r = b.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, r, x);
    b.CreateRet(b.CreateSelect(b.CreateFCmpOLT(a, big), r, x));
    keep.push_back(fn);
}

}  // namespace

void add_windows_runtime(llvm::Module& m) {
    llvm::LLVMContext& c = m.getContext();
    std::vector<llvm::GlobalValue*> keep;
    if (!m.getNamedValue("_fltused")) {
        auto* i32 = llvm::Type::getInt32Ty(c);
        keep.push_back(new llvm::GlobalVariable(m, i32, true, llvm::GlobalValue::ExternalLinkage,
                                                llvm::ConstantInt::get(i32, 0x9875), "_fltused"));
    }
    define_roundeven(m, "roundevenf", llvm::Type::getFloatTy(c), 0x1p23, keep);
    define_roundeven(m, "roundeven", llvm::Type::getDoubleTy(c), 0x1p52, keep);
    llvm::appendToCompilerUsed(m, keep);
}

std::vector<DllImports> windows_imports(const std::string& object_bytes, const llvm::Triple& triple) {
    auto obj = llvm::object::ObjectFile::createObjectFile(
        llvm::MemoryBufferRef(llvm::StringRef(object_bytes.data(), object_bytes.size()), "model.obj"));
    if (!obj) throw InternalError("llvm_cpu: cannot read back the object just generated: " + llvm::toString(obj.takeError()));
    std::map<std::string, std::vector<std::string>> by_dll;
    std::set<std::string> unknown;
    for (const llvm::object::SymbolRef& s : (*obj)->symbols()) {
        auto flags = s.getFlags();
        auto name = s.getName();
        if (!flags || !name) throw InternalError("llvm_cpu: a symbol of the generated object cannot be read");
        if (!(*flags & llvm::object::SymbolRef::SF_Undefined)) continue;
        std::string_view plain(name->data(), name->size());
        if (is_x86(triple) && !plain.empty() && plain.front() == '_') plain.remove_prefix(1);  // cdecl's '_'
        const std::string_view dll = dll_of(plain, triple);
        if (dll.empty()) unknown.insert(name->str());
        else by_dll[std::string(dll)].push_back(name->str());
    }
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : ", ") + u;
        throw InternalError("llvm_cpu: the code generated for " + triple.str() + " calls " + list +
                            ", which no Windows system DLL that model.dll may import provides");
    }
    std::vector<DllImports> out;
    for (auto& [dll, symbols] : by_dll) {
        std::sort(symbols.begin(), symbols.end());
        out.push_back({dll, std::move(symbols)});
    }
    return out;
}

std::string coff_machine_name(const llvm::Triple& triple) {
    switch (triple.getArch()) {
    case llvm::Triple::x86_64: return "x64";
    case llvm::Triple::x86: return "x86";
    case llvm::Triple::aarch64: return "arm64";
    case llvm::Triple::arm:
    case llvm::Triple::thumb: return "arm";
    default: throw InternalError("llvm_cpu: no Windows machine type for " + triple.str());
    }
}

void write_import_library(const DllImports& imports, const llvm::Triple& triple, const fs::path& lib) {
    const std::string m = coff_machine_name(triple);
    const auto machine = m == "x64"   ? llvm::COFF::IMAGE_FILE_MACHINE_AMD64
                         : m == "x86" ? llvm::COFF::IMAGE_FILE_MACHINE_I386
                         : m == "arm64" ? llvm::COFF::IMAGE_FILE_MACHINE_ARM64
                                        : llvm::COFF::IMAGE_FILE_MACHINE_ARMNT;
    std::vector<llvm::object::COFFShortExport> exports;
    for (const std::string& s : imports.symbols) {
        llvm::object::COFFShortExport e;
        e.Name = s;  // the object's name: on x86 the import is the name without its '_'
        exports.push_back(std::move(e));
    }
    if (llvm::Error err = llvm::object::writeImportLibrary(imports.dll, lib.string(), exports, machine, false))
        throw UserError(lib.string() + ": cannot write the import library of " + imports.dll + ": " +
                        llvm::toString(std::move(err)));
}

}  // namespace neo::llvm_cpu
