"""The Markdown form of a results JSON written by run.py."""

import math

PEER_TITLES = {"neo": "neo", "ort": "ORT", "tvm": "TVM"}


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def _num(v, fmt="{:.2f}"):
    return "—" if v is None else fmt.format(v)


def _ms(v):
    if v is None:
        return "—"
    return "{:.1f}".format(v) if v >= 10 else "{:.2f}".format(v)


def latency(model, peer, threads):
    p = model["peers"].get(peer, {})
    return p.get("latency_ms", {}).get(str(threads), {}).get("median")


def ratio(model, a, b, threads):
    x, y = latency(model, a, threads), latency(model, b, threads)
    return x / y if x and y else None


def _throughput(model, peer, threads, peak):
    ms = latency(model, peer, threads)
    if not ms or not model.get("flops"):
        return "—"
    gflops = model["flops"] / (ms * 1e6)
    return "{:.1f} ({:.0%})".format(gflops, gflops / peak) if peak else "{:.1f}".format(gflops)


def timing_table(results, threads):
    peers = results["peers"]
    others = [p for p in peers if p != "neo"]
    peak = results["peak_gflops"].get(str(threads))
    head = ["model", "GFLOP"] + [f"{PEER_TITLES[p]} ms" for p in peers]
    head += [f"neo/{PEER_TITLES[p]}" for p in others if "neo" in peers]
    head += [f"{PEER_TITLES[p]} GFLOP/s (% peak)" for p in peers if p != "tvm"]
    rows = []
    for m in results["models"]:
        row = [m["model"], _num(m["flops"] / 1e9 if m.get("flops") else None)]
        row += [_ms(latency(m, p, threads)) if not m["peers"].get(p, {}).get("error") else "error"
                for p in peers]
        row += [_num(ratio(m, "neo", p, threads)) for p in others if "neo" in peers]
        row += [_throughput(m, p, threads, peak) for p in peers if p != "tvm"]
        rows.append(row)
    if "neo" in peers and others:
        gm = ["geometric mean", ""] + [""] * len(peers)
        gm += [_num(geomean([ratio(m, "neo", p, threads) for m in results["models"]])) for p in others]
        gm += [""] * len([p for p in peers if p != "tvm"])
        rows.append(gm)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def accuracy_table(results):
    peers = results["peers"]
    head = ["model", "neo build s"] if "neo" in peers else ["model"]
    head += [f"{PEER_TITLES[p]} max abs err (rel)" for p in peers]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in results["models"]:
        row = [m["model"]]
        if "neo" in peers:
            row.append(_num(m["peers"].get("neo", {}).get("compile_s"), "{:.1f}"))
        for p in peers:
            a = m["peers"].get(p, {}).get("accuracy")
            if m["peers"].get(p, {}).get("error") and not a:
                row.append("error")
            elif a:
                flag = "" if a["ok"] else " **over 1e-3**"
                row.append("{:.1e} ({:.1e}){}".format(a["max_abs"], a["max_rel"], flag))
            else:
                row.append("—")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def errors_list(results):
    lines = []
    for m in results["models"]:
        for p, r in m["peers"].items():
            if r.get("error"):
                text = " ".join(r["error"].split())
                text = text if len(text) <= 300 else text[:297] + "..."
                lines.append(f"- {m['model']} / {PEER_TITLES[p]}: `{text}`")
    for p, e in results.get("unavailable_peers", {}).items():
        lines.append(f"- {PEER_TITLES.get(p, p)}: {e}")
    return "\n".join(lines)


def markdown(results):
    out = [f"Run {results['date']} on {results['machine']}; "
           f"{results['rounds']} interleaved rounds of {results['repeat']} runs "
           f"(TVM: {results['tvm_repeat']}) per peer, median of the round medians, in ms."]
    peak = ", ".join(f"{t} thread{'s' if t != '1' else ''}: {g:.0f} GFLOP/s"
                     for t, g in results["peak_gflops"].items())
    out.append(f"Measured FP32 peak (FMA microbenchmark): {peak}.")
    for t in results["threads"]:
        out += ["", f"**{t} thread{'s' if t != 1 else ''}**", "", timing_table(results, t)]
    out += ["", "**Build time and accuracy against PyTorch** (relative: to the output's largest magnitude)",
            "", accuracy_table(results)]
    errors = errors_list(results)
    if errors:
        out += ["", "**Errors**", "", errors]
    return "\n".join(out) + "\n"
