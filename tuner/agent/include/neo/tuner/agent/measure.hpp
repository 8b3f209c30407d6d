#pragma once
// Measuring one compiled candidate in a child process, so that a kernel that crashes or
// hangs cannot take down the process that asked (the tuner or the agent).
//
// A measure request is a Bundle:
//   "file:NAME"    the artifact's files (model.so, model.params, model.json, manifest.json)
//   "input:I"      raw little-endian bytes of input I (graph-input order; dtype and shape
//                  are the artifact's)
//   "warmup", "repeats", "threads", "timeout_ms"   decimal text
//   "flush_bytes"  decimal text, optional: before each run, read this many bytes of a
//                  buffer of the measuring process (at most kMaxFlushBytes) so that the
//                  candidate's data leave the caches
// Before each run (after the flush) the inputs are written again, the outputs read and the
// runtime's workers woken (neo_model_wake_threads), as inside a model, where the kernel
// before has just written the inputs and the workers poll for the next kernel.
// Its result is a Bundle:
//   "status"       "ok", "run" (the artifact did not load or run, or the child died) or
//                  "timeout" (the child took longer than timeout_ms and was killed)
//   "message"      what went wrong, empty when ok
//   "times"        seconds of each timed run (its kernels' steps), space-separated
//   "step_nodes"   the graph node of each step of a run, one per line ("" for the copy of
//                  outputs)
//   "step_times"   one line per timed run: the seconds of each step, space-separated
//   "output:I"     raw bytes of output I after the last run
#include <filesystem>
#include <string>
#include <sys/types.h>

#include "neo/tuner/agent/protocol.hpp"

namespace neo::agent {

constexpr long kMaxFlushBytes = 1L << 30;

// Writes the request's artifact files and the request into a new directory under `tmp`.
std::filesystem::path stage_request(const Bundle& request, const std::filesystem::path& tmp);

// Runs the staged request in this process (the child): loads the artifact, sets the
// inputs, runs `warmup` times, then times `repeats` runs; writes the result to the
// directory's "result" file. Returns the process exit status to use.
int measure_staged(const std::filesystem::path& dir);

// Waits for the child `pid` that measures `dir`: kills it after `timeout_ms`, and turns
// its end (the result file, a non-zero exit, a signal) into a result Bundle. Removes `dir`.
Bundle await_measurement(pid_t pid, const std::filesystem::path& dir, int timeout_ms);

// The agent's way: stage, fork, measure in the child, await.
Bundle measure_forked(const Bundle& request, const std::filesystem::path& tmp);

// Integer field of a request ("warmup", ...), else `fallback`.
long request_int(const Bundle& request, const std::string& name, long fallback);

}  // namespace neo::agent
