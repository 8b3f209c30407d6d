"""This machine's FP32 peak, measured by fma_peak.c (built here with the system C compiler)."""

import json
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def has_avx512():
    """Whether this CPU has AVX-512 F (from /proc/cpuinfo; False where that is missing)."""
    try:
        with open("/proc/cpuinfo") as f:
            return any(line.startswith("flags") and " avx512f" in line for line in f)
    except OSError:
        return False


def build(cache_dir, cc="gcc"):
    if shutil.which(cc) is None:
        raise RuntimeError(f"no C compiler '{cc}' on PATH: it builds the FMA peak microbenchmark")
    exe = os.path.join(cache_dir, "fma_peak")
    os.makedirs(cache_dir, exist_ok=True)
    # The widest FMAs this CPU runs: the peak the models are measured against.
    wide = ["-mavx512f"] if has_avx512() else []
    cmd = [cc, "-O2", "-mavx2", "-mfma", *wide, "-pthread", os.path.join(HERE, "fma_peak.c"), "-o", exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stderr.strip()}")
    return exe


def measure(exe, threads, trials=7):
    """Best GFLOP/s of `trials` runs with `threads` threads."""
    r = subprocess.run([exe, str(threads), str(trials)], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{exe} {threads} failed: {r.stderr.strip()}")
    return json.loads(r.stdout)["gflops"]
