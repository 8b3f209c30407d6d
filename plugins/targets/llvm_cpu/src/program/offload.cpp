#include "program/offload.hpp"

#include <algorithm>
#include <cctype>

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/IRBuilder.h>

#include "codegen/emitter.hpp"
#include "neo/core/util/error.hpp"
#include "neo/runtime/offload.h"

namespace neo::llvm_cpu {
namespace {

bool is_c_identifier(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

// Private constant data of the module.
template <typename T>
llvm::Constant* constant_array(llvm::Module& m, const std::vector<T>& values, const char* name) {
    auto* ptr = llvm::PointerType::getUnqual(m.getContext());
    if (values.empty()) return llvm::ConstantPointerNull::get(ptr);
    auto* init = llvm::ConstantDataArray::get(m.getContext(), values);
    return new llvm::GlobalVariable(m, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, name);
}

}  // namespace

Offloads choose_offloads(const Graph& g, const cpu_codegen::Options& options,
                         const std::function<const nlohmann::json&(const Node&)>& schedule_of) {
    Offloads out;
    if (!options.offload) return out;
    for (const Node* n : g.topological_order()) {
        std::optional<cpu_codegen::OffloadKernel> k = options.offload(*n, schedule_of(*n));
        if (!k) continue;
        const std::string where = options.target_name + " offloads node '" + n->name() + "' (" + n->qualified_op() + ")";
        if (!is_c_identifier(k->symbol))
            throw UserError(where + " to kernel '" + k->symbol + "', which is not a C identifier");
        for (const Value* v : offload_args(*n))
            if (!v->shape().is_static() || !emittable(v->dtype()))
                throw UserError(where + ", but its tensor '" + v->name() + "' (" + std::string(dtype_name(v->dtype())) + " " +
                                v->shape().str() + ") has no static shape or no native element type; the plugin must "
                                "leave such nodes to the CPU");
        out.emplace(n, std::move(*k));
    }
    return out;
}

Epilogue without_offloaded(Epilogue e, const Offloads& offloads) {
    auto cut = std::find_if(e.nodes.begin(), e.nodes.end(), [&](const Node* m) { return offloads.count(m) > 0; });
    if (cut == e.nodes.end()) return e;
    e.nodes.erase(cut, e.nodes.end());
    e.result = e.nodes.empty() ? nullptr : e.nodes.back()->outputs()[0];
    return e;
}

std::vector<const Value*> offload_args(const Node& n) {
    std::vector<const Value*> args;
    for (const Value* v : n.inputs())
        if (v) args.push_back(v);
    for (const Value* v : n.outputs()) args.push_back(v);
    return args;
}

llvm::Function* emit_offload(llvm::Module& m, const std::string& name, const Node& n,
                             const cpu_codegen::OffloadKernel& kernel) {
    llvm::LLVMContext& c = m.getContext();
    auto* ptr = llvm::PointerType::getUnqual(c);
    auto* i32 = llvm::Type::getInt32Ty(c);
    const std::vector<const Value*> args = offload_args(n);
    std::vector<llvm::Type*> params(args.size() + 1, ptr);
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(i32, params, false), llvm::Function::InternalLinkage, name, m);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", fn));

    // neo_offload_tensor arrays: an absent optional input is {NULL, its dtype 0, 0, NULL}.
    auto* tensor_ty = llvm::StructType::get(c, {ptr, i32, i32, ptr});
    unsigned next_arg = 1;
    auto tensors = [&](const std::vector<Value*>& values, const char* label) -> llvm::Value* {
        if (values.empty()) return llvm::ConstantPointerNull::get(ptr);
        auto* array = b.CreateAlloca(llvm::ArrayType::get(tensor_ty, values.size()), nullptr, label);
        for (std::size_t i = 0; i < values.size(); ++i) {
            const Value* v = values[i];
            llvm::Value* data = llvm::ConstantPointerNull::get(ptr);
            int32_t dtype = 0, ndim = 0;
            llvm::Constant* shape = llvm::ConstantPointerNull::get(ptr);
            if (v) {
                data = fn->getArg(next_arg++);
                dtype = static_cast<int32_t>(v->dtype());
                const std::vector<int64_t> dims = v->shape().static_dims();
                ndim = static_cast<int32_t>(dims.size());
                shape = constant_array(m, std::vector<uint64_t>(dims.begin(), dims.end()), "offload_shape");
            }
            auto field = [&](unsigned f) { return b.CreateConstInBoundsGEP2_32(tensor_ty, b.CreateConstInBoundsGEP1_64(tensor_ty, array, i), 0, f); };
            b.CreateStore(data, field(0));
            b.CreateStore(b.getInt32(static_cast<uint32_t>(dtype)), field(1));
            b.CreateStore(b.getInt32(static_cast<uint32_t>(ndim)), field(2));
            b.CreateStore(shape, field(3));
        }
        return array;
    };
    llvm::Value* inputs = tensors(n.inputs(), "offload_inputs");
    llvm::Value* outputs = tensors(n.outputs(), "offload_outputs");

    // neo_offload_call.
    auto* call_ty = llvm::StructType::get(c, {i32, i32, i32, i32, i32, i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr});
    auto* call = b.CreateAlloca(call_ty, nullptr, "offload_call");
    llvm::Value* ctx = fn->getArg(0);
    auto ctx_field = [&](unsigned i) { return b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_32(ptr, ctx, i)); };
    auto* node_name = llvm::ConstantDataArray::getString(c, n.name(), true);
    auto* node_gv = new llvm::GlobalVariable(m, node_name->getType(), true, llvm::GlobalValue::PrivateLinkage, node_name, "offload_node");
    const std::vector<llvm::Value*> fields = {
        b.getInt32(NEO_OFFLOAD_ABI_VERSION),
        b.getInt32(static_cast<uint32_t>(n.inputs().size())),
        b.getInt32(static_cast<uint32_t>(n.outputs().size())),
        b.getInt32(static_cast<uint32_t>(kernel.ints.size())),
        b.getInt32(static_cast<uint32_t>(kernel.floats.size())),
        b.getInt32(0),
        inputs,
        outputs,
        constant_array(m, std::vector<uint64_t>(kernel.ints.begin(), kernel.ints.end()), "offload_ints"),
        constant_array(m, kernel.floats, "offload_floats"),
        node_gv,
        ctx_field(4),  // neo_abi_context.pool
        ctx_field(5),  // neo_abi_context.parallel_for
    };
    for (unsigned i = 0; i < fields.size(); ++i) b.CreateStore(fields[i], b.CreateConstInBoundsGEP2_32(call_ty, call, 0, i));
    llvm::FunctionCallee callee = m.getOrInsertFunction(kernel.symbol, llvm::FunctionType::get(i32, {ptr}, false));
    b.CreateRet(b.CreateCall(callee, {call}));
    return fn;
}

}  // namespace neo::llvm_cpu
