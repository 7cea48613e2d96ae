"""Reads the wrk outputs of Benchmarks/server.sh and prints the table and, last, the JSON line.

    python report.py WRK_DIR RUNS

WRK_DIR holds NAME.RUN.txt (wrk --latency output) and NAME.RUN.cpu.json (run_wrk.py's account of the cores) for
NAME in flask, open, jwt and RUN in 1…RUNS. Each server's figure is the median of its runs, req/s and
p99 taken separately. A run with non-2xx responses or socket errors is marked, and the exit status is then 1.
"""

import json
import re
import statistics
import sys

SERVERS = [("flask", "Flask + twilio-python, gunicorn 1 sync worker, GET /accessToken"),
           ("open", "twilio-token-server, auth none, GET /token"),
           ("jwt", "twilio-token-server, auth jwt RS256, POST /v1/token")]
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
# The targets: (server, at least this many times Flask's req/s, p99 at most this many ms).
TARGETS = [("open", 12, 3.0), ("jwt", 5, 5.0)]


def parse(path):
    with open(path) as file:
        text = file.read()
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)
    total = re.search(r"^\s+(\d+) requests in", text, re.M)
    if not (rps and p99 and total):
        sys.exit(f"report.py: cannot read wrk's output in {path}:\n{text}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = []
    if non2xx:
        errors.append(f"{non2xx.group(1)} non-2xx")
    if sockets and any(int(n) for n in sockets.groups()):
        errors.append("socket errors " + "/".join(sockets.groups()) + " (connect/read/write/timeout)")
    return {
        "rps": float(rps.group(1)),
        "p99": float(p99.group(1)) * UNITS_MS[p99.group(2)],
        "requests": int(total.group(1)),
        "errors": errors,
    }


def main():
    directory, runs = sys.argv[1], int(sys.argv[2])
    results = {}
    for name, _ in SERVERS:
        results[name] = []
        for run in range(1, runs + 1):
            result = parse(f"{directory}/{name}.{run}.txt")
            with open(f"{directory}/{name}.{run}.cpu.json") as file:
                result["cpu"] = json.load(file)
            results[name].append(result)
    median = {name: {"rps": statistics.median(r["rps"] for r in rs), "p99": statistics.median(r["p99"] for r in rs),
                     "errors": any(r["errors"] for r in rs)} for name, rs in results.items()}
    flask_rps = median["flask"]["rps"]

    print()
    header = "| server | req/s (median) | p99 ms (median) | × Flask | " + " | ".join(
        f"run {run}: req/s, p99 ms" for run in range(1, runs + 1)) + " |"
    print(header)
    print("| --- | ---: | ---: | ---: |" + " ---: |" * runs)
    for name, _ in SERVERS:
        m = median[name]
        cells = []
        for r in results[name]:
            cell = f"{r['rps']:,.0f}, {r['p99']:.2f}"
            if r["errors"]:
                cell += " ERRORS: " + "; ".join(r["errors"])
            cells.append(cell)
        flag = " (runs with errors)" if m["errors"] else ""
        print(f"| {name}{flag} | {m['rps']:,.0f} | {m['p99']:.2f} | {m['rps'] / flask_rps:.1f}× | "
              + " | ".join(cells) + " |")
    print()
    cores = [key for key in results["flask"][0]["cpu"] if key.startswith("cpu")]
    print("CPU during each run, % of one core: busy share of each core (steal), and the server's and wrk's own use")
    for name, _ in SERVERS:
        cells = []
        for run, r in enumerate(results[name], 1):
            cpu = r["cpu"]
            busy = ", ".join(
                f"{core} {cpu[core]['busy_pct']:.0f} (steal {cpu[core]['steal_pct']:.0f})" for core in cores)
            cells.append(f"run {run}: {busy}; server {cpu['server_pct']:.0f}, wrk {cpu['wrk_pct']:.0f}")
        print(f"  {name}: " + " | ".join(cells))
    print()
    for name, description in SERVERS:
        print(f"{name}: {description}")
    for name, ratio, p99 in TARGETS:
        m = median[name]
        met = m["rps"] >= ratio * flask_rps and m["p99"] <= p99
        print(f"target {name}: ≥ {ratio}× Flask and p99 ≤ {p99:g} ms: {m['rps'] / flask_rps:.1f}×, "
              f"{m['p99']:.2f} ms: {'met' if met else 'NOT met'}")
    failed = [name for name, m in median.items() if m["errors"]]
    if failed:
        print(f"ERRORS in the runs of: {', '.join(failed)} (the figures above include failed requests)")

    print(json.dumps({
        "server_open_rps": round(median["open"]["rps"]),
        "server_open_p99_ms": round(median["open"]["p99"], 2),
        "server_jwt_rps": round(median["jwt"]["rps"]),
        "server_jwt_p99_ms": round(median["jwt"]["p99"], 2),
        "flask_rps": round(median["flask"]["rps"]),
        "flask_p99_ms": round(median["flask"]["p99"], 2),
    }))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
