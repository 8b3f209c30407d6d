// The service's spelling of OS, architecture and accelerator values, both ways.
#include <algorithm>
#include <cctype>

#include "neo/core/catalog/device.hpp"
#include "neo/core/util/error.hpp"

namespace neo {

namespace {

template <typename E>
struct Named {
    E value;
    std::string_view name;
};

constexpr Named<Os> kOsNames[] = {
    {Os::linux_, "LINUX"}, {Os::android, "ANDROID"}, {Os::windows, "WINDOWS"}, {Os::ios, "IOS"},
};
constexpr Named<Arch> kArchNames[] = {
    {Arch::x86_64, "X86_64"}, {Arch::x86, "X86"}, {Arch::arm64, "ARM64"},
    {Arch::arm_eabihf, "ARM_EABIHF"}, {Arch::arm_eabi, "ARM_EABI"},
};
constexpr Named<Accelerator> kAcceleratorNames[] = {
    {Accelerator::none, ""},
    {Accelerator::nvidia, "NVIDIA"},
    {Accelerator::intel_graphics, "INTEL_GRAPHICS"},
    {Accelerator::mali, "MALI"},
    {Accelerator::nna, "NNA"},
    {Accelerator::inferentia, "INFERENTIA"},
    {Accelerator::trainium, "TRAINIUM"},
    {Accelerator::elastic_inference, "ELASTIC_INFERENCE"},
    {Accelerator::coreml, "COREML"},
};

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

template <typename E, std::size_t N>
std::string_view name_of(const Named<E> (&table)[N], E value, const char* what) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    throw InternalError(std::string("no name for this ") + what + " value " +
                        std::to_string(static_cast<int>(value)));
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Named<E> (&table)[N], std::string_view s) {
    for (const auto& entry : table)
        if (same_ignoring_case(entry.name, s)) return entry.value;
    return std::nullopt;
}

template <typename E, std::size_t N>
std::vector<E> values_of(const Named<E> (&table)[N]) {
    std::vector<E> out;
    for (const auto& entry : table) out.push_back(entry.value);
    return out;
}

}  // namespace

std::string_view os_name(Os o) { return name_of(kOsNames, o, "Os"); }
std::string_view arch_name(Arch a) { return name_of(kArchNames, a, "Arch"); }
std::string_view accelerator_name(Accelerator a) {
    return name_of(kAcceleratorNames, a, "Accelerator");
}

std::optional<Os> parse_os(std::string_view s) { return value_of(kOsNames, s); }
std::optional<Arch> parse_arch(std::string_view s) { return value_of(kArchNames, s); }
std::optional<Accelerator> parse_accelerator(std::string_view s) {
    return value_of(kAcceleratorNames, s);
}

const std::vector<Os>& all_os() {
    static const std::vector<Os> v = values_of(kOsNames);
    return v;
}
const std::vector<Arch>& all_archs() {
    static const std::vector<Arch> v = values_of(kArchNames);
    return v;
}
const std::vector<Accelerator>& all_accelerators() {
    static const std::vector<Accelerator> v = values_of(kAcceleratorNames);
    return v;
}

}  // namespace neo
