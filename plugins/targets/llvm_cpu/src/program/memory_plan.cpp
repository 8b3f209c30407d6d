#include "program/memory_plan.hpp"

#include <algorithm>
#include <map>

namespace neo::llvm_cpu {

int64_t plan_memory(std::vector<PlannedBuffer>& buffers, int64_t alignment) {
    auto align = [&](int64_t v) { return (v + alignment - 1) / alignment * alignment; };
    int last = 0;
    for (const auto& b : buffers) last = std::max(last, b.last_step);
    std::map<int64_t, int64_t> live;  // offset -> end, of buffers alive at the current step
    std::vector<std::vector<std::size_t>> born(static_cast<std::size_t>(last) + 1), dies(born.size());
    for (std::size_t i = 0; i < buffers.size(); ++i) {
        born[static_cast<std::size_t>(buffers[i].first_step)].push_back(i);
        dies[static_cast<std::size_t>(buffers[i].last_step)].push_back(i);
    }
    int64_t total = 0;
    for (std::size_t step = 0; step < born.size(); ++step) {
        for (std::size_t i : born[step]) {
            const int64_t size = align(std::max<int64_t>(buffers[i].bytes, 1));
            int64_t at = 0;  // first gap that fits
            for (const auto& [off, end] : live) {
                if (off - at >= size) break;
                at = std::max(at, align(end));
            }
            buffers[i].offset = at;
            live[at] = at + size;
            total = std::max(total, at + size);
        }
        for (std::size_t i : dies[step]) live.erase(buffers[i].offset);
    }
    return total;
}

}  // namespace neo::llvm_cpu
