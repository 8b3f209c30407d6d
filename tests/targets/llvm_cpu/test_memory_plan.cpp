// The workspace plan: tensors alive at the same time never overlap, offsets are aligned,
// and space is reused once a tensor's last reader has run.
#include <doctest/doctest.h>

#include <random>

#include "program/memory_plan.hpp"

using neo::llvm_cpu::PlannedBuffer;
using neo::llvm_cpu::plan_memory;

TEST_CASE("a chain of steps reuses the space of dead tensors") {
    // a -> b -> c -> d, each read only by the next step.
    std::vector<PlannedBuffer> bufs{{1000, 0, 1}, {1000, 1, 2}, {1000, 2, 3}, {1000, 3, 3}};
    int64_t total = plan_memory(bufs, 64);
    CHECK(total == 2 * 1024);  // two buffers of 1000 bytes rounded to 1024 suffice
    CHECK(bufs[0].offset != bufs[1].offset);
    CHECK(bufs[0].offset == bufs[2].offset);
}

TEST_CASE("random lifetimes: live tensors never overlap and offsets are aligned") {
    std::mt19937 rng(3);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<PlannedBuffer> bufs;
        const int steps = 1 + static_cast<int>(rng() % 20);
        int64_t sum = 0;
        for (int i = 0; i < 1 + static_cast<int>(rng() % 30); ++i) {
            int first = static_cast<int>(rng() % static_cast<unsigned>(steps));
            int last = first + static_cast<int>(rng() % static_cast<unsigned>(steps - first));
            int64_t bytes = static_cast<int64_t>(rng() % 5000);
            bufs.push_back({bytes, first, last});
            sum += (std::max<int64_t>(bytes, 1) + 63) / 64 * 64;
        }
        const int64_t total = plan_memory(bufs, 64);
        CHECK(total <= sum);
        for (std::size_t i = 0; i < bufs.size(); ++i) {
            CHECK(bufs[i].offset % 64 == 0);
            CHECK(bufs[i].offset + bufs[i].bytes <= total);
            for (std::size_t j = i + 1; j < bufs.size(); ++j) {
                const bool same_time = bufs[i].first_step <= bufs[j].last_step && bufs[j].first_step <= bufs[i].last_step;
                const bool disjoint = bufs[i].offset + std::max<int64_t>(bufs[i].bytes, 1) <= bufs[j].offset ||
                                      bufs[j].offset + std::max<int64_t>(bufs[j].bytes, 1) <= bufs[i].offset;
                if (same_time) CHECK(disjoint);
            }
        }
    }
}
