#!/usr/bin/env python3
"""Times neo against ONNX Runtime (and Apache TVM where it is installed) on the model set of
models.py, checks every peer's output against PyTorch's, and writes results.json and results.md.

  python3 bench/run.py                                   # all models, 1 and 2 threads
  python3 bench/run.py --models resnet18 --threads 1 --repeat 3 --rounds 2 --peers neo,ort
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import traceback
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import flops as flops_mod  # noqa: E402
import models  # noqa: E402
import peak  # noqa: E402
import peers as peers_mod  # noqa: E402
import report  # noqa: E402

TOLERANCE = 1e-3  # max abs error relative to the output's largest magnitude


def parse_args():
    repo = os.path.dirname(HERE)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=",".join(models.MODELS), help="comma-separated (default: all)")
    p.add_argument("--threads", default="1,2", help="thread counts, comma-separated (default: 1,2)")
    p.add_argument("--peers", default="neo,ort,tvm", help="neo, ort, tvm (default: all three)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per peer per round (default 5)")
    p.add_argument("--tvm-repeat", type=int, default=1, help="timed TVM runs per round (default 1: it is slow)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds per model and thread count")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs per peer per round (default 1)")
    p.add_argument("--settle", type=float, default=0.3,
                   help="seconds of pause before each timing, so that the previous peer's threads are idle (default 0.3)")
    p.add_argument("--cache", default=os.path.join(HERE, ".cache"), help="exported models and artifacts")
    p.add_argument("--out", default=None, help="folder for results.json and results.md (default: CACHE/results)")
    p.add_argument("--neo-bin", default=os.path.join(repo, "build", "bin"), help="folder of neo-build, neo-run")
    p.add_argument("--target-platform", default='{"Os":"LINUX","Arch":"X86_64"}')
    # The AMD EPYC machines this was measured on: Zen 3 (AVX2) and, later, one with AVX-512.
    cpu = "znver4" if peak.has_avx512() else "znver3"
    p.add_argument("--compiler-options", default='{"mcpu":"%s"}' % cpu,
                   help=f'neo-build\'s compiler options (default here: {{"mcpu":"{cpu}"}}, from the CPU\'s AVX-512 flag)')
    a = p.parse_args()
    a.models = [m for m in a.models.split(",") if m]
    unknown = [m for m in a.models if m not in models.MODELS]
    if unknown:
        p.error(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(models.MODELS)}")
    a.threads = [int(t) for t in a.threads.split(",") if t]
    a.peers = [x for x in a.peers.split(",") if x]
    if not a.threads or min(a.threads) < 1 or a.repeat < 1 or a.rounds < 1 or a.tvm_repeat < 1:
        p.error("--threads, --repeat, --tvm-repeat and --rounds must be positive")
    a.out = a.out or os.path.join(a.cache, "results")
    return a


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def accuracy(output, reference):
    output = np.asarray(output, dtype=np.float64).reshape(reference.shape)
    max_abs = float(np.max(np.abs(output - reference)))
    scale = float(np.max(np.abs(reference))) or 1.0
    return {"max_abs": max_abs, "max_rel": max_abs / scale, "ok": max_abs / scale <= TOLERANCE}


def measure_peak(exe, threads, runs):
    """Adds one peak measurement per thread count to runs; the machine is shared, so the run
    measures it before, between and after the models and keeps the best."""
    for t in threads:
        runs.setdefault(str(t), []).append(peak.measure(exe, t))


def bench_model(name, args, live):
    """Compiles, checks and times one model with every live peer; errors are recorded per peer."""
    m = models.prepare(name, os.path.join(args.cache, "models"))
    reference = np.load(m.reference).astype(np.float64)
    total, unknown = flops_mod.count_flops(m.onnx)
    rec = {"model": name, "input_shape": m.input_shape, "flops": total, "flops_source": "onnx", "peers": {}}
    ready = []
    for peer in live:
        r = rec["peers"][peer.name] = {}
        try:
            log(f"[{name}] {peer.name}: compiling")
            r["compile_s"] = round(peer.compile(m), 3)
            r["accuracy"] = accuracy(peer.output(), reference)
            ready.append(peer)
        except Exception as e:  # noqa: BLE001 - recorded, and the run goes on
            r["error"] = str(e) if isinstance(e, peers_mod.PeerError) else f"{type(e).__name__}: {e}"
            log(f"[{name}] {peer.name}: {r['error']}")
    if unknown:
        neo = next((p for p in ready if p.name == "neo"), None)
        rec["flops_onnx_incomplete"] = unknown
        if neo and neo.flops():
            rec["flops"], rec["flops_source"] = neo.flops(), "neo model.json (ONNX shapes unknown)"
        else:
            rec["flops"] = None
    for t in args.threads:
        samples = {p.name: [] for p in ready}
        for rnd in range(args.rounds):
            order = ready[rnd % len(ready):] + ready[:rnd % len(ready)] if ready else []
            for peer in order:
                repeat = args.tvm_repeat if peer.name == "tvm" else args.repeat
                warmup = 0 if peer.name == "tvm" else args.warmup
                # A peer's worker threads may go on spinning for a while after its last run
                # (ONNX Runtime's do, about 50 ms): the next peer starts after they have parked.
                time.sleep(args.settle)
                try:
                    samples[peer.name] += peer.time(t, repeat, warmup)
                except Exception as e:  # noqa: BLE001
                    rec["peers"][peer.name]["error"] = f"{type(e).__name__}: {e}"
        for peer in ready:
            s = samples[peer.name]
            if s:
                rec["peers"][peer.name].setdefault("latency_ms", {})[str(t)] = {
                    "median": statistics.median(s), "min": min(s), "rounds": s}
        log(f"[{name}] {t} thread(s): " + ", ".join(
            f"{p.name} {statistics.median(samples[p.name]):.2f} ms" for p in ready if samples[p.name]))
    return rec


def command_line(argv):
    """The command as run, less the options that name local folders (--out, --cache, --neo-bin):
    they do not change what is measured, and results are shared with other machines."""
    kept, skip = [os.path.relpath(argv[0])], False
    for a in argv[1:]:
        if skip:
            skip = False
        elif a in ("--out", "--cache", "--neo-bin"):
            skip = True
        elif not a.startswith(("--out=", "--cache=", "--neo-bin=")):
            kept.append(a)
    return " ".join(kept)


def main():
    args = parse_args()
    live, unavailable = [], {}
    for name in args.peers:
        peer, error = peers_mod.make_peer(name, args)
        if peer:
            live.append(peer)
        else:
            unavailable[name] = error
            log(f"{name}: not run: {error}")
    exe = peak.build(args.cache)
    peak_runs = {}
    measure_peak(exe, args.threads, peak_runs)
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
                   f"neo options {args.target_platform} {args.compiler_options}",
        "command": command_line(sys.argv),
        "threads": args.threads, "repeat": args.repeat, "tvm_repeat": args.tvm_repeat,
        "rounds": args.rounds, "warmup": args.warmup,
        "peers": [p.name for p in live],
        "versions": {p.name: p.version for p in live if hasattr(p, "version")},
        "unavailable_peers": unavailable, "models": [],
    }
    for name in args.models:
        try:
            results["models"].append(bench_model(name, args, live))
        except Exception:  # noqa: BLE001 - e.g. the export failed: recorded, the run goes on
            results["models"].append({"model": name, "error": traceback.format_exc(limit=3), "peers": {}})
            log(f"[{name}] failed:\n{results['models'][-1]['error']}")
        measure_peak(exe, args.threads, peak_runs)
    results["peak_gflops_runs"] = peak_runs
    results["peak_gflops"] = {t: max(v) for t, v in peak_runs.items()}
    for t in args.threads:
        for other in results["peers"]:
            if other != "neo" and "neo" in results["peers"]:
                results.setdefault("geomean_neo_over", {}).setdefault(other, {})[str(t)] = report.geomean(
                    [report.ratio(m, "neo", other, t) for m in results["models"] if "flops" in m])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    text = report.markdown(results)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(text)
    print(text)
    log(f"wrote {os.path.join(args.out, 'results.json')} and results.md")


if __name__ == "__main__":
    main()
