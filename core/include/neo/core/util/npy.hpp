#pragma once
// Reading and writing NumPy .npy files (format versions 1.0–3.0, little-endian,
// C order) as Tensors. Fortran-order and big-endian files are refused with a clear
// message. Used by neo-run for inputs/outputs and by tests for fixtures.
#include <filesystem>

#include "neo/core/ir/tensor.hpp"

namespace neo {

// UserError naming the file on a bad or unsupported file.
Tensor read_npy(const std::filesystem::path& file);
// Writes format 1.0; UserError when the file cannot be written. Not for string tensors.
void write_npy(const std::filesystem::path& file, const Tensor& t);

}  // namespace neo
