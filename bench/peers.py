"""The compilers and runtimes compared: neo (neo-build / neo-run), ONNX Runtime and Apache TVM.
Each peer compiles a model once, then times it at a given thread count and returns latencies in ms."""

import json
import os
import shutil
import statistics
import subprocess
import time

import numpy as np


class PeerError(RuntimeError):
    """A peer could not compile or run a model; the message says why."""


def _tail(text, lines=15):
    return "\n".join(text.strip().splitlines()[-lines:])


class Neo:
    name = "neo"

    def __init__(self, bin_dir, cache_dir, target_platform, compiler_options):
        self.build_exe = os.path.join(bin_dir, "neo-build")
        self.run_exe = os.path.join(bin_dir, "neo-run")
        for exe in (self.build_exe, self.run_exe):
            if not os.access(exe, os.X_OK):
                raise PeerError(f"{exe} not found: build neo first (see bench/README.md) or pass --neo-bin")
        self.cache_dir = cache_dir
        self.target_platform = target_platform
        self.compiler_options = compiler_options

    def compile(self, m):
        """Builds m into an artifact; returns the wall time of neo-build in seconds."""
        self.artifact = os.path.join(self.cache_dir, "neo", m.name)
        shutil.rmtree(self.artifact, ignore_errors=True)
        cmd = [self.build_exe, m.onnx, "--input-shapes", json.dumps({m.input_name: m.input_shape}),
               "--target-platform", json.dumps(self.target_platform),
               "--compiler-options", json.dumps(self.compiler_options), "-o", self.artifact]
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        if r.returncode != 0:
            raise PeerError(f"neo-build exited with {r.returncode}:\n{_tail(r.stderr + r.stdout)}")
        self.input = (m.input_name, m.input)
        return seconds

    def _run(self, threads, repeat, warmup, output_dir=None):
        cmd = [self.run_exe, self.artifact, "--input", "%s=%s" % self.input, "--threads", str(threads),
               "--repeat", str(repeat), "--warmup", str(warmup), "--json"]
        if output_dir:
            cmd += ["--output-dir", output_dir]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise PeerError(f"neo-run exited with {r.returncode}:\n{_tail(r.stderr + r.stdout)}")
        return json.loads(r.stdout.strip().splitlines()[-1])

    def output(self):
        out_dir = os.path.join(self.artifact, "outputs")
        report = self._run(threads=0, repeat=1, warmup=0, output_dir=out_dir)
        return np.load(report["outputs"][0]["file"])

    def time(self, threads, repeat, warmup):
        """neo-run times model.run() alone (no process start, loading or file I/O); it reports
        statistics, not each run, so one call gives one median."""
        return [self._run(threads, repeat, warmup)["latency"]["median_ms"]]

    def flops(self):
        """FLOPs neo counted for its kernels (model.json), or None."""
        with open(os.path.join(self.artifact, "model.json")) as f:
            kernels = json.load(f).get("llvm_cpu", {}).get("kernels", [])
        return sum(k.get("flops", 0) for k in kernels) or None


def _time_calls(call, repeat, warmup):
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1e3)
    return [statistics.median(times)]


class OnnxRuntime:
    name = "ort"

    def __init__(self):
        import onnxruntime

        self.ort = onnxruntime
        self.version = onnxruntime.__version__
        self.sessions = {}

    def compile(self, m):
        t0 = time.perf_counter()
        self.model = m
        self.feed = {m.input_name: np.load(m.input)}
        self.sessions = {}
        self._session(1)
        return time.perf_counter() - t0

    def _session(self, threads):
        if threads not in self.sessions:
            so = self.ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            so.execution_mode = self.ort.ExecutionMode.ORT_SEQUENTIAL
            so.graph_optimization_level = self.ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self.sessions[threads] = self.ort.InferenceSession(self.model.onnx, so,
                                                               providers=["CPUExecutionProvider"])
        return self.sessions[threads]

    def output(self):
        return self._session(1).run(None, self.feed)[0]

    def time(self, threads, repeat, warmup):
        s = self._session(threads)
        return _time_calls(lambda: s.run(None, self.feed), repeat, warmup)


class Tvm:
    """Apache TVM's Relax ONNX frontend and its default CPU pipeline, untuned (no MetaSchedule
    search, which takes hours per model on two cores)."""

    name = "tvm"

    def __init__(self, mcpu):
        import tvm

        self.tvm = tvm
        self.version = tvm.__version__
        self.mcpu = mcpu
        self.pool = tvm.get_global_func("runtime.config_threadpool", allow_missing=True)

    def compile(self, m):
        import onnx
        from tvm import relax
        from tvm.relax.frontend.onnx import from_onnx

        x = np.load(m.input)
        t0 = time.perf_counter()
        mod = from_onnx(onnx.load(m.onnx), shape_dict={m.input_name: list(x.shape)})
        target = self.tvm.target.Target({"kind": "llvm", "mcpu": self.mcpu, "num-cores": os.cpu_count()})
        executable = self.tvm.compile(mod, target=target)
        seconds = time.perf_counter() - t0
        self.vm = relax.VirtualMachine(executable, self.tvm.cpu())
        self.x = self.tvm.runtime.tensor(x)
        return seconds

    def _call(self):
        out = self.vm["main"](self.x)
        return out if hasattr(out, "numpy") else out[0]

    def output(self):
        return self._call().numpy()

    def time(self, threads, repeat, warmup):
        if self.pool is not None:
            self.pool(1, threads)  # mode 1: big cores; the thread count for parallel loops
        return _time_calls(self._call, repeat, warmup)


def make_peer(name, args):
    """Returns (peer or None, error message or None); a missing Python package is an error, not a crash."""
    try:
        if name == "neo":
            return Neo(args.neo_bin, args.cache, json.loads(args.target_platform),
                       json.loads(args.compiler_options)), None
        if name == "ort":
            return OnnxRuntime(), None
        if name == "tvm":
            return Tvm(json.loads(args.compiler_options).get("mcpu", "native")), None
    except ImportError as e:
        return None, f"cannot import {name}: {e} (pip install -r bench/requirements.txt)"
    except PeerError as e:
        return None, str(e)
    return None, f"unknown peer '{name}' (known: neo, ort, tvm)"
