#pragma once
// NumPy .npy files for neo-run's runtime path: little-endian, C order, the element types
// of model_abi.h (bf16 as raw 2-byte records, as neo writes it; the storage-only types
// float8 / float4 / int4 / int2 as raw 1-byte records '|V1', each element's byte as in
// model_abi.h; neo-run also takes uint8 arrays for them, such as numpy's .view(numpy.uint8)
// of an ml_dtypes array), and strings: numpy's unicode arrays ('<U<n>', UTF-32) and byte
// strings ('|S<n>'), which neo-run hands to the runtime as UTF-8.
#include <cstdint>
#include <string>
#include <vector>

namespace neo::run {

// The dtype read from raw 1-byte records ('|V1'): the bytes of whichever storage-only type
// the model's input has.
constexpr int32_t kNpyBytes = -1;
// float8, float4, int4, int2 (enum neo_dtype).
bool is_storage_only_dtype(int32_t dtype);

struct NpyArray {
    int32_t dtype = 0;  // enum neo_dtype, or kNpyBytes
    std::vector<int64_t> shape;
    std::vector<uint8_t> data;         // not for strings
    std::vector<std::string> strings;  // NEO_DTYPE_STRING: the elements as UTF-8
};

// Reads a .npy file; InputError naming the file when it is not one neo-run can read.
NpyArray read_npy_file(const std::string& file);
// Writes `nbytes` of row-major data as a .npy file (version 1.0); InputError on failure.
void write_npy_file(const std::string& file, int32_t dtype, const std::vector<int64_t>& shape,
                    const void* data, uint64_t nbytes);
// Writes UTF-8 strings as a numpy unicode array ('<U<longest>'); InputError on failure or
// on bytes that are not UTF-8.
void write_npy_strings(const std::string& file, const std::vector<int64_t>& shape, const std::vector<std::string>& strings);

// Element conversions for filling inputs and previewing outputs (round to nearest even
// for f16 and bf16; integers truncate; bool is v != 0). Of the storage-only types only the
// integers (int4, int2: the value of their byte) convert; the floats store and load 0.
void store_double(int32_t dtype, double v, void* dst);
double load_double(int32_t dtype, const void* src);

}  // namespace neo::run
