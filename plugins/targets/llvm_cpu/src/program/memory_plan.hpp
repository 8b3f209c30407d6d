#pragma once
// Static memory plan of a graph's intermediate tensors: each gets an offset in one
// workspace, reusing the space of tensors whose last reader has run (first fit,
// offsets aligned to the runtime's alignment). A step's outputs never overlap its inputs.
#include <cstdint>
#include <vector>

namespace neo::llvm_cpu {

struct PlannedBuffer {
    int64_t bytes = 0;
    int first_step = 0;  // the step that writes it
    int last_step = 0;   // the last step that reads it (>= first_step)
    int64_t offset = -1; // filled by plan_memory
};

// Assigns offsets; returns the workspace size in bytes.
int64_t plan_memory(std::vector<PlannedBuffer>& buffers, int64_t alignment);

}  // namespace neo::llvm_cpu
