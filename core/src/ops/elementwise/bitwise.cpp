// Bitwise ops on integers with numpy broadcasting: BitwiseAnd, BitwiseOr, BitwiseXor,
// BitwiseNot, and BitShift (unsigned integers only, direction "LEFT" or "RIGHT"; bits
// shifted past the width are lost, a shift by the width or more gives 0).
#include <climits>
#include <string>
#include <type_traits>

#include "ops/elementwise/ew_schemas.hpp"

namespace neo::ops::ew {
namespace {

// Integer promotion would turn ~x of a narrow type into a wider value; cast back.
template <class T> T bit_not(T x) { return static_cast<T>(~x); }

auto bitshift_maker = [](const OpContext& c, DType) {
    const std::string& dir = c.attr_s("direction");
    if (dir != "LEFT" && dir != "RIGHT")
        c.fail("attribute 'direction' must be \"LEFT\" or \"RIGHT\", got \"" + dir + "\"");
    const bool left = dir == "LEFT";
    return [left](auto x, auto y) {
        using T = decltype(x);
        static_assert(std::is_unsigned_v<T>);
        constexpr auto bits = static_cast<uint64_t>(sizeof(T) * CHAR_BIT);
        const auto n = static_cast<uint64_t>(y);
        if (n >= bits) return T(0);
        return static_cast<T>(left ? static_cast<uint64_t>(x) << n : static_cast<uint64_t>(x) >> n);
    };
};

// The unsigned integer dtypes neo has.
constexpr DTypeSet kUnsigned = bit(DType::u8) | bit(DType::u16) | bit(DType::u32) | bit(DType::u64);

}  // namespace

void register_bitwise_ops(OpRegistry& r) {
    r.add(binary<kInt>("BitwiseAnd", plain([](auto a, auto b) { return static_cast<decltype(a)>(a & b); })));
    r.add(binary<kInt>("BitwiseOr", plain([](auto a, auto b) { return static_cast<decltype(a)>(a | b); })));
    r.add(binary<kInt>("BitwiseXor", plain([](auto a, auto b) { return static_cast<decltype(a)>(a ^ b); })));
    r.add(unary<kInt>("BitwiseNot", plain([](auto x) { return bit_not(x); })));
    AttrSpec direction{"direction", AttrType::s, std::nullopt, true, "\"LEFT\" or \"RIGHT\""};
    r.add(binary<kUnsigned>("BitShift", bitshift_maker, {direction}));
}

}  // namespace neo::ops::ew
