"""Runs one wrk measurement and records where the two cores' time went while it ran.

    python run_wrk.py OUT_PREFIX SERVER_PID CPU,CPU -- wrk …

writes OUT_PREFIX.txt (wrk's output) and OUT_PREFIX.cpu.json: for each listed core its busy and steal shares over the
run (from /proc/stat), and the CPU the server (SERVER_PID and its children, such as gunicorn's worker) and wrk used,
in percent of one core. Busy time beyond the server's and wrk's (the kernel's loopback work, other processes) shows
how much the rest of the machine took from the measurement. SIGTERM or SIGINT stops wrk too.
"""

import json
import os
import signal
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cores(wanted):
    stats = {}
    with open("/proc/stat") as file:
        for line in file:
            name, *fields = line.split()
            if name.startswith("cpu") and name[3:] in wanted:
                values = [int(field) for field in fields[:8]]
                idle = values[3] + values[4]
                stats[name] = {"total": sum(values), "idle": idle, "steal": values[7]}
    return stats


def process_ticks(pid):
    """utime + stime of pid and its children (gunicorn's worker), in ticks."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as file:
                    fields = file.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return sum(ticks for each, (parent, ticks) in stats.items() if each == pid or parent == pid)


def main():
    prefix, server_pid, cpu_list = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
    command = sys.argv[sys.argv.index("--") + 1:]
    before, server_before, start = cores(cpu_list), process_ticks(server_pid), time.monotonic()
    with open(prefix + ".txt", "w") as out:
        process = subprocess.Popen(command, stdout=out)

        def stop(signum, frame):
            process.terminate()
            sys.exit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    after, server_after = cores(cpu_list), process_ticks(server_pid)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"run_wrk.py: wrk exited with {os.waitstatus_to_exitcode(status)}")
    result = {}
    for name in before:
        total = max(after[name]["total"] - before[name]["total"], 1)
        busy = total - (after[name]["idle"] - before[name]["idle"])
        result[name] = {"busy_pct": round(100 * busy / total, 1),
                        "steal_pct": round(100 * (after[name]["steal"] - before[name]["steal"]) / total, 1)}
    result["server_pct"] = round(100 * (server_after - server_before) / TICKS / elapsed, 1)
    result["wrk_pct"] = round(100 * (usage.ru_utime + usage.ru_stime) / elapsed, 1)
    with open(prefix + ".cpu.json", "w") as file:
        json.dump(result, file)


if __name__ == "__main__":
    main()
