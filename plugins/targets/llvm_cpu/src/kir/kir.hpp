#pragma once
// kir: the llvm_cpu target's loop-nest representation of one kernel.
//
// A Kernel has buffers (its arguments — graph tensors — and small local arrays),
// loop variables, and a body of statements: loops (serial, parallel over the
// runtime's thread pool, vectorized with a width, unrolled), stores and guards.
// Expressions are typed trees over loop variables, constants and buffer loads.
// Index arithmetic is i64. Schedules (tiling, loop order, vector width, unroll,
// parallel axis) are decided by the op lowerings when they build the loop nest;
// the emitter (codegen/emitter.hpp) turns a Kernel into LLVM IR.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "neo/core/ir/dtype.hpp"

namespace neo::llvm_cpu::kir {

enum class Op : uint8_t {
    IntImm, FloatImm, Var, Load,
    Add, Sub, Mul, Div, Mod, Min, Max, Pow,   // Div/Mod on integers: C (truncating) semantics
    FloorDiv,                                 // integers: rounds toward -inf
    And, Or, Xor, Not, Shl, Shr,              // bitwise on integers, logical on bool
    Eq, Ne, Lt, Le, Gt, Ge,                   // -> boolean
    Neg, Abs, Exp, Log, Sqrt, Tanh, Erf, Floor, Ceil, RoundEven, Sin, Cos, Tan,
    Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh, Atanh, IsNan,
    Sigmoid,                                  // floats: 1 / (1 + exp(-a))
    Select, Cast,
    MulAdd,                                   // floats: a * b + c, fused where the CPU has FMA
};

struct Expr;
using ExprP = std::shared_ptr<const Expr>;

struct Expr {
    Op op;
    DType type;           // i64 for index expressions, boolean for comparisons
    int64_t ival = 0;     // IntImm value; Var id; Load buffer id; Cast: its CastMode
    double fval = 0.0;    // FloatImm value
    std::vector<ExprP> args;
};

// Builders. Integer immediates and variables are i64.
ExprP imm(int64_t v, DType t = DType::i64);
ExprP fimm(double v, DType t);
ExprP var(int id);
ExprP load(int buffer, DType t, ExprP index);
ExprP unary(Op op, ExprP a);                        // result type: a's (IsNan/Not on bool: bool)
ExprP binary(Op op, ExprP a, ExprP b);              // both of one type; comparisons give bool
ExprP select(ExprP cond, ExprP a, ExprP b);
ExprP muladd(ExprP a, ExprP b, ExprP c);            // floats of one type
ExprP cast(DType to, ExprP a);                      // identity when a already has type `to`
// How a cast to a storage-only float rounds: ONNX Cast's `saturate` and, to f8e8m0, its
// `round_mode` (the defaults are ONNX's).
struct CastMode {
    bool saturate = true;
    E8M0Rounding e8m0 = E8M0Rounding::up;
};
ExprP cast(DType to, ExprP a, CastMode mode);
CastMode cast_mode(const Expr& cast);
ExprP min(ExprP a, ExprP b);
ExprP max(ExprP a, ExprP b);

// Index arithmetic with constant folding of immediates (x*1, x+0, 2*3).
ExprP operator+(ExprP a, ExprP b);
ExprP operator-(ExprP a, ExprP b);
ExprP operator*(ExprP a, ExprP b);
ExprP operator+(ExprP a, int64_t b);
ExprP operator*(ExprP a, int64_t b);
ExprP floordiv(ExprP a, int64_t b);
ExprP floormod(ExprP a, int64_t b);
bool is_imm(const ExprP& e, int64_t v);

// vector_tile: vectorized with `hint` lanes and then unrolled completely (its extent a
// constant multiple of the lanes), never unrolled before vectorizing; the loop over the
// columns of a register tile, whose accumulators thereby get constant places (registers).
enum class LoopKind : uint8_t { serial, parallel, vectorized, unrolled, vector_tile };

struct Stmt;
using StmtP = std::shared_ptr<const Stmt>;

struct Stmt {
    // Prefetch: a hint to bring buffer[index] into the caches (no effect on results).
    enum class Kind : uint8_t { Block, For, Store, If, Prefetch } kind = Kind::Block;
    // For: var in [begin, end), kind, hint (vector width or unroll factor; 0 = compiler's choice)
    int var = -1;
    ExprP begin, end;
    LoopKind loop = LoopKind::serial;
    int hint = 0;
    // Store: buffer[index] = value; Prefetch: buffer[index]
    int buffer = -1;
    ExprP index, value;
    // If: cond
    ExprP cond;
    std::vector<StmtP> body;  // Block items; For/If body
};

StmtP block(std::vector<StmtP> items);
StmtP loop(int var, ExprP begin, ExprP end, std::vector<StmtP> body,
           LoopKind kind = LoopKind::serial, int hint = 0);
StmtP loop(int var, int64_t extent, std::vector<StmtP> body, LoopKind kind = LoopKind::serial,
           int hint = 0);
StmtP store(int buffer, ExprP index, ExprP value);
StmtP guard(ExprP cond, std::vector<StmtP> body);
// A read prefetch of buffer[index] into the outer caches (L2 and beyond), for data a later
// step reads; `index` must lie inside the buffer.
StmtP prefetch(int buffer, ExprP index);

struct Buffer {
    std::string name;
    DType dtype;
    int64_t numel;     // elements
    bool local;        // a private array of the kernel (registers / stack), else an argument
};

struct Kernel {
    std::string name;               // the LLVM function's name
    std::vector<Buffer> buffers;    // arguments first (in call order), then locals
    std::vector<std::string> vars;  // loop variable names, indexed by id
    StmtP body;
    // FLOPs of one run (for profiles and the tuner's GFLOP/s); 0 when not meaningful.
    double flops = 0;

    int add_arg(std::string name, DType t, int64_t numel);
    int add_local(std::string name, DType t, int64_t numel);
    int new_var(std::string name);
    int num_args() const;
};

// A readable dump of the loop nest (tests, --dump-kir).
std::string to_string(const Kernel& k);

}  // namespace neo::llvm_cpu::kir
