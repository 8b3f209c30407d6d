// neo's device runtime for C++17: a thin, header-only wrapper of runtime.h.
//
//     neo::runtime::Model model("out/");
//     model.set_input("data", pixels.data(), NEO_DTYPE_F32, {1, 3, 224, 224});
//     model.run();
//     const float* y = model.output_as<float>(0);
//
// Every failure throws neo::runtime::Error (a std::runtime_error) carrying
// neo_last_error()'s message.
#ifndef NEO_RUNTIME_RUNTIME_HPP
#define NEO_RUNTIME_RUNTIME_HPP

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "neo/runtime/runtime.h"

namespace neo::runtime {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
};

struct TensorInfo {
    std::string name;
    int32_t dtype = 0;
    std::vector<int64_t> shape;
    uint64_t nbytes = 0;

    const char* dtype_name() const { return neo_dtype_name(dtype); }
    int64_t numel() const {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        return n;
    }
};

inline const char* version() { return neo_runtime_version(); }
inline const char* dtype_name(int32_t dtype) { return neo_dtype_name(dtype); }
inline uint64_t dtype_size(int32_t dtype) { return neo_dtype_size(dtype); }

class Model {
public:
    Model() = default;
    // Loads the artifact directory; throws Error.
    explicit Model(const std::string& artifact_dir) : m_(neo_model_load(artifact_dir.c_str())) {
        if (!m_) throw Error(neo_last_error());
    }
    static Model load(const std::string& artifact_dir) { return Model(artifact_dir); }

    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;
    Model(Model&& o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    Model& operator=(Model&& o) noexcept {
        if (this != &o) {
            neo_model_free(m_);
            m_ = std::exchange(o.m_, nullptr);
        }
        return *this;
    }
    ~Model() { neo_model_free(m_); }

    explicit operator bool() const { return m_ != nullptr; }
    neo_model* get() const { return m_; }

    int num_inputs() const { return neo_model_num_inputs(m_); }
    int num_outputs() const { return neo_model_num_outputs(m_); }
    TensorInfo input(int index) const { return info(neo_model_input_info, index); }
    TensorInfo output(int index) const { return info(neo_model_output_info, index); }
    std::vector<TensorInfo> inputs() const { return infos(num_inputs(), neo_model_input_info); }
    std::vector<TensorInfo> outputs() const { return infos(num_outputs(), neo_model_output_info); }

    // The index of the input called `name`; throws Error listing the inputs.
    int input_index(const std::string& name) const { return check(neo_model_input_index(m_, name.c_str())); }

    // Copies `data` into the input; throws Error when dtype or shape differ.
    void set_input(int index, const void* data, int32_t dtype, const std::vector<int64_t>& shape) {
        check(neo_model_set_input(m_, index, data, dtype, static_cast<int32_t>(shape.size()),
                                  shape.data()));
    }
    void set_input(const std::string& name, const void* data, int32_t dtype,
                   const std::vector<int64_t>& shape) {
        set_input(input_index(name), data, dtype, shape);
    }
    // A string input (UTF-8 bytes each), copied.
    void set_input_strings(int index, const std::vector<std::string>& strings, const std::vector<int64_t>& shape) {
        std::vector<neo_abi_string> views;
        for (const std::string& s : strings) views.push_back({s.data(), s.size()});
        set_input(index, views.data(), NEO_DTYPE_STRING, shape);
    }
    // The input's own buffer, to fill in place.
    void* input_data(int index) { return check_ptr(neo_model_input_data(m_, index)); }

    void run() { check(neo_model_run(m_)); }

    // Output `index`'s buffer, valid until the next run.
    const void* output_data(int index) const {
        return check_ptr(const_cast<void*>(neo_model_output_data(m_, index)));
    }
    template <class T> const T* output_as(int index) const { return static_cast<const T*>(output_data(index)); }
    // A string output's elements, copied.
    std::vector<std::string> output_strings(int index) const {
        const TensorInfo i = output(index);
        const auto* views = output_as<neo_abi_string>(index);
        std::vector<std::string> v;
        for (uint64_t k = 0; k < i.nbytes / sizeof(neo_abi_string); ++k)
            v.emplace_back(views[k].data, static_cast<std::size_t>(views[k].size));
        return v;
    }

    // The steps of a run (one per kernel) and one profiled run's time per step in seconds.
    std::vector<neo_step_info> steps() const {
        std::vector<neo_step_info> v(static_cast<std::size_t>(neo_model_num_steps(m_)));
        for (std::size_t i = 0; i < v.size(); ++i) check(neo_model_step_info(m_, static_cast<int>(i), &v[i]));
        return v;
    }
    std::vector<double> run_profiled() {
        std::vector<double> seconds(static_cast<std::size_t>(neo_model_num_steps(m_)));
        check(neo_model_run_profiled(m_, seconds.data()));
        return seconds;
    }

    void set_threads(int n) { check(neo_model_set_threads(m_, n)); }  // 0: one per online CPU
    int threads() const { return neo_model_threads(m_); }

private:
    using InfoFn = int (*)(const neo_model*, int, neo_tensor_info*);

    static int check(int rc) {
        if (rc < 0) throw Error(neo_last_error());
        return rc;
    }
    static void* check_ptr(void* p) {
        if (!p) throw Error(neo_last_error());
        return p;
    }
    TensorInfo info(InfoFn fn, int index) const {
        neo_tensor_info i{};
        check(fn(m_, index, &i));
        TensorInfo t;
        t.name = i.name;
        t.dtype = i.dtype;
        t.shape.assign(i.shape, i.shape + i.ndim);
        t.nbytes = i.nbytes;
        return t;
    }
    std::vector<TensorInfo> infos(int n, InfoFn fn) const {
        std::vector<TensorInfo> v;
        for (int i = 0; i < n; ++i) v.push_back(info(fn, i));
        return v;
    }

    neo_model* m_ = nullptr;
};

}  // namespace neo::runtime

#endif
