#include "program/entry.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/IRBuilder.h>

#include "codegen/emitter.hpp"
#include "lower/lowering.hpp"
#include "neo/runtime/model_abi.h"

namespace neo::llvm_cpu {
namespace {

// The descriptor carries neo::DType numbers as enum neo_dtype.
static_assert(NEO_DTYPE_STRING == static_cast<int>(DType::string) && NEO_DTYPE_U64 == static_cast<int>(DType::u64) && NEO_DTYPE_F8E4M3FN == static_cast<int>(DType::f8e4m3fn) &&
              NEO_DTYPE_I2 == static_cast<int>(DType::i2));

// Constants of the descriptor: strings, shapes, tensor tables.
class ModuleWriter {
public:
    ModuleWriter(llvm::LLVMContext& c, llvm::Module& m) : c_(c), m_(m), ptr_(llvm::PointerType::getUnqual(c)) {}

    llvm::Constant* string(const std::string& s) {
        auto* init = llvm::ConstantDataArray::getString(c_, s, true);
        auto* gv = new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "str");
        gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
        return gv;
    }
    llvm::Constant* i64_array(const std::vector<int64_t>& v) {
        std::vector<uint64_t> u(v.begin(), v.end());
        auto* init = llvm::ConstantDataArray::get(c_, u);
        return new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "shape");
    }
    llvm::StructType* tensor_type() {
        auto* i32 = llvm::Type::getInt32Ty(c_);
        return llvm::StructType::get(c_, {ptr_, i32, i32, ptr_});
    }
    llvm::Constant* tensors(const std::vector<Value*>& values,
                            const std::function<std::vector<int64_t>(const Value*)>& dims_of) {
        if (values.empty()) return llvm::ConstantPointerNull::get(ptr_);
        std::vector<llvm::Constant*> items;
        auto* i32 = llvm::Type::getInt32Ty(c_);
        for (const Value* v : values) {
            auto dims = dims_of(v);
            items.push_back(llvm::ConstantStruct::get(tensor_type(), {string(v->name()),
                llvm::ConstantInt::get(i32, static_cast<uint64_t>(v->dtype())),
                llvm::ConstantInt::get(i32, dims.size()),
                dims.empty() ? static_cast<llvm::Constant*>(llvm::ConstantPointerNull::get(ptr_)) : i64_array(dims)}));
        }
        auto* at = llvm::ArrayType::get(tensor_type(), items.size());
        return new llvm::GlobalVariable(m_, at, true, llvm::GlobalValue::PrivateLinkage, llvm::ConstantArray::get(at, items), "tensors");
    }

private:
    llvm::LLVMContext& c_;
    llvm::Module& m_;
    llvm::PointerType* ptr_;
};

// A constant string tensor as a private table of views (model_abi.h's neo_abi_string), each
// pointing at its bytes (NUL-terminated, so that no view is null).
llvm::Constant* string_table(llvm::Module& m, const Tensor& t) {
    llvm::LLVMContext& c = m.getContext();
    auto* view = string_type(c);
    std::vector<llvm::Constant*> items;
    for (const std::string& s : t.array<std::string>()) {
        auto* init = llvm::ConstantDataArray::getString(c, s, true);
        auto* bytes = new llvm::GlobalVariable(m, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "string");
        bytes->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
        items.push_back(llvm::ConstantStruct::get(view, {bytes, llvm::ConstantInt::get(llvm::Type::getInt64Ty(c), s.size())}));
    }
    auto* at = llvm::ArrayType::get(view, items.size());
    return new llvm::GlobalVariable(m, at, true, llvm::GlobalValue::PrivateLinkage, llvm::ConstantArray::get(at, items),
                                    "strings");
}

// Emits one step function: `body` gets the builder, the context argument and a function
// giving each tensor's address in this function, and returns the step's status (an i32) or
// nullptr for 0.
using AddressOf = std::function<llvm::Value*(const Value*)>;
using StringTables = std::map<const Value*, llvm::Constant*>;
llvm::Function* emit_step(llvm::Module& m, const std::string& name, const std::map<const Value*, Place>& place,
                          const StringTables& strings,
                          const std::function<llvm::Value*(llvm::IRBuilder<>&, llvm::Value*, const AddressOf&)>& body) {
    llvm::LLVMContext& c = m.getContext();
    auto* ptr = llvm::PointerType::getUnqual(c);
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getInt32Ty(c), {ptr}, false),
                                      llvm::Function::InternalLinkage, name, m);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", fn));
    llvm::Value* ctx = fn->getArg(0);
    // neo_abi_context: inputs, outputs, params, workspace, pool, parallel_for, output_dims.
    auto field = [&](unsigned i) { return b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_32(ptr, ctx, i)); };
    std::map<unsigned, llvm::Value*> fields;
    auto cached = [&](unsigned i) {
        auto [it, fresh] = fields.try_emplace(i, nullptr);
        if (fresh) it->second = field(i);
        return it->second;
    };
    std::map<const Value*, llvm::Value*> ptrs;
    AddressOf address = [&](const Value* v) -> llvm::Value* {
        auto it = ptrs.find(v);
        if (it != ptrs.end()) return it->second;
        const Place& p = place.at(v);
        const auto at = static_cast<uint64_t>(p.index_or_offset);
        llvm::Value* r = nullptr;
        switch (p.home) {
        case Home::input: r = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, cached(0), at)); break;
        case Home::output: r = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, cached(1), at)); break;
        case Home::param: r = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), cached(2), at); break;
        case Home::workspace: r = b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), cached(3), at); break;
        case Home::dims: r = b.CreateConstInBoundsGEP1_64(b.getInt64Ty(), cached(6), at); break;
        case Home::strings: r = strings.at(v); break;
        }
        return ptrs[v] = r;
    };
    llvm::Value* status = body(b, ctx, address);
    b.CreateRet(status ? status : b.getInt32(0));
    return fn;
}

}  // namespace

void emit_entry(llvm::Module& m, const EntryInfo& info) {
    llvm::LLVMContext& c = m.getContext();
    const Graph& g = info.graph;
    auto* ptr = llvm::PointerType::getUnqual(c);
    auto* i32 = llvm::Type::getInt32Ty(c);
    auto* i64 = llvm::Type::getInt64Ty(c);
    ModuleWriter w(c, m);
    struct Emitted {
        llvm::Function* fn;
        std::string name, node, op;
        double flops;
    };
    std::vector<Emitted> steps;
    StringTables strings;
    for (const auto& [v, p] : info.place)
        if (p.home == Home::strings) strings[v] = string_table(m, v->constant());
    for (const Step& s : info.steps) {
        auto* fn = emit_step(m, "step_" + s.name, info.place, strings, [&](llvm::IRBuilder<>& b, llvm::Value* ctx, const AddressOf& address) {
            std::vector<llvm::Value*> args{ctx};
            for (const Value* v : s.args) args.push_back(address(v));
            llvm::CallInst* call = b.CreateCall(s.kernel, args);
            return call->getType()->isVoidTy() ? nullptr : static_cast<llvm::Value*>(call);  // an offloaded kernel's status
        });
        steps.push_back({fn, s.name, s.node, s.op, s.flops});
    }
    // Outputs not written in place: graph inputs, constants, repeated outputs.
    std::vector<std::size_t> copies;
    for (std::size_t i = 0; i < g.outputs().size(); ++i) {
        const Place& p = info.place.at(g.outputs()[i]);
        if (p.home != Home::output || p.index_or_offset != static_cast<int64_t>(i)) copies.push_back(i);
    }
    if (!copies.empty()) {
        auto* fn = emit_step(m, "step_outputs", info.place, strings, [&](llvm::IRBuilder<>& b, llvm::Value* ctx, const AddressOf& address) {
            llvm::Value* outs = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_32(ptr, ctx, 1));
            for (std::size_t i : copies) {
                const Value* v = g.outputs()[i];
                llvm::Value* dst = b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, outs, i));
                const uint64_t bytes = static_cast<uint64_t>(numel_of(info.dims_of(v))) * info.element_bytes(v->dtype());
                if (bytes) b.CreateMemCpy(dst, llvm::MaybeAlign(NEO_ABI_ALIGNMENT), address(v), llvm::MaybeAlign(1), bytes);
            }
            return nullptr;
        });
        steps.push_back({fn, "outputs", "", "copy", 0});
    }
    auto* run = llvm::Function::Create(llvm::FunctionType::get(i32, {ptr}, false), llvm::Function::InternalLinkage, "neo_run", m);
    run->addFnAttr(llvm::Attribute::NoUnwind);
    // neo_run: every step in order, stopping at the first nonzero status.
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", run));
    llvm::BasicBlock* failed = nullptr;
    llvm::PHINode* status = nullptr;
    if (!steps.empty()) {
        failed = llvm::BasicBlock::Create(c, "failed", run);
        llvm::IRBuilder<> fb(failed);
        status = fb.CreatePHI(i32, static_cast<unsigned>(steps.size()));
        fb.CreateRet(status);
    }
    for (const auto& s : steps) {
        llvm::Value* rc = b.CreateCall(s.fn, {run->getArg(0)});
        auto* next = llvm::BasicBlock::Create(c, "next", run);
        status->addIncoming(rc, b.GetInsertBlock());
        b.CreateCondBr(b.CreateICmpNE(rc, b.getInt32(0)), failed, next);
        b.SetInsertPoint(next);
    }
    b.CreateRet(b.getInt32(0));

    // The descriptor and its step table.
    auto* step_ty = llvm::StructType::get(c, {ptr, ptr, ptr, llvm::Type::getDoubleTy(c), ptr});
    std::vector<llvm::Constant*> items;
    for (const auto& s : steps)
        items.push_back(llvm::ConstantStruct::get(step_ty, {w.string(s.name), w.string(s.node), w.string(s.op),
                                                            llvm::ConstantFP::get(llvm::Type::getDoubleTy(c), s.flops), s.fn}));
    auto* steps_ty = llvm::ArrayType::get(step_ty, items.size());
    auto* table = new llvm::GlobalVariable(m, steps_ty, true, llvm::GlobalValue::PrivateLinkage,
                                           llvm::ConstantArray::get(steps_ty, items), "steps");
    auto* model_ty = llvm::StructType::get(c, {i32, i32, i32, i32, ptr, ptr, i64, i64, ptr, i32, i32, ptr});
    auto* model = new llvm::GlobalVariable(m, model_ty, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantStruct::get(model_ty, {llvm::ConstantInt::get(i32, NEO_MODEL_ABI_VERSION),
            llvm::ConstantInt::get(i32, g.inputs().size()), llvm::ConstantInt::get(i32, g.outputs().size()),
            llvm::ConstantInt::get(i32, 0), w.tensors(g.inputs(), info.dims_of), w.tensors(g.outputs(), info.dims_of),
            llvm::ConstantInt::get(i64, info.params_size), llvm::ConstantInt::get(i64, info.workspace_size), run,
            llvm::ConstantInt::get(i32, steps.size()), llvm::ConstantInt::get(i32, 0), table}),
        "model");
    auto* desc = llvm::Function::Create(llvm::FunctionType::get(ptr, false), llvm::Function::ExternalLinkage,
                                        NEO_MODEL_DESCRIPTOR_SYMBOL, m);
    // model.dll exports it by this attribute (model.so: every external symbol is visible).
    if (llvm::Triple(m.getTargetTriple()).isOSWindows()) desc->setDLLStorageClass(llvm::GlobalValue::DLLExportStorageClass);
    llvm::IRBuilder<> db(llvm::BasicBlock::Create(c, "entry", desc));
    db.CreateRet(model);
}

}  // namespace neo::llvm_cpu
