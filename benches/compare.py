#!/usr/bin/env python3
"""Runs the comparison plan written by benches/compare.sh and prints the table of medians.

usage: compare.py PLAN.json RAW.tsv

The plan is a list of cases; each case has contenders (the first is aslctl, the reference of
the ratios). Repetitions alternate: rep 1 runs every contender of a case once, then rep 2, and
so on, so a change in machine load hits every contender alike.

Each run is one child process under `/usr/bin/time -v`. Wall time is a monotonic clock around
spawn and wait; CPU (user + sys) is the rusage wait4(2) returns, in microseconds (`time -v`
rounds to 10 ms); peak RSS is the "Maximum resident set size" `time -v` prints. In the start-up
case (`"direct": true`) `time -v` would add about 1.5 ms to a 1 ms run, so wall and CPU come from
runs without it, and one extra run per repetition under `time -v` gives the RSS.
"""
import json
import os
import statistics
import subprocess
import sys
import time

SLOW_S = float(os.environ.get("SLOW_S", "20"))
SLOW_REPS = int(os.environ.get("SLOW_REPS", "2"))


def spawn(cmd, stdin, stdout_path):
    with open(stdin or os.devnull, "rb") as i, open(stdout_path, "wb") as o:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=i, stdout=o, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, p.returncode


def peak_rss_mb(time_log):
    for line in open(time_log):
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) / 1024.0
    return float("nan")


def run_once(cmd, stdin, stdout_path, direct, rss):
    """(wall s, CPU s, peak RSS MB, exit code) of one run; see the module comment. A direct run
    without `rss` reports the RSS given."""
    log = stdout_path + ".time"
    timed = ["/usr/bin/time", "-v", "-o", log, *cmd]
    if not direct:
        wall, cpu, rc = spawn(timed, stdin, stdout_path)
        return wall, cpu, peak_rss_mb(log), rc
    wall, cpu, rc = spawn(cmd, stdin, stdout_path)
    if rss is None:
        spawn(timed, stdin, os.devnull)
        rss = peak_rss_mb(log)
    return wall, cpu, rss, rc


def check_sim(stdout_path, expect):
    """aslctl's JSON result against the workload's expect.json (states entered, output)."""
    try:
        out = json.load(open(stdout_path))
    except (OSError, ValueError):
        return "no JSON output"
    if out.get("status") != "SUCCEEDED":
        return f"{out.get('status')} {out.get('error')}"
    notes = []
    n = out.get("stats", {}).get("transitions")
    want = expect.get("states_entered")
    if want is not None and n != want:
        notes.append(f"states {n}!={want}")
    exp_out = expect.get("output")
    if isinstance(exp_out, dict) and isinstance(out.get("output"), dict):
        if any(out["output"].get(k) != v for k, v in exp_out.items()):
            notes.append("output differs")
    v = expect.get("virtual_seconds_elapsed")
    if v is not None and abs(out.get("stats", {}).get("virtual_seconds", 0) - v) > 1:
        notes.append("virtual time differs")
    return ", ".join(notes) or "ok"


def main():
    plan = json.load(open(sys.argv[1]))
    raw = open(sys.argv[2], "w")
    raw.write("group\tcase\ttool\trep\twall_s\tcpu_s\trss_mb\trc\tload1\n")
    scratch = os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "out")
    reps = int(os.environ.get("REPS", "5"))
    results = {}
    for case in plan:
        key = (case["group"], case["case"])
        print(f"== {case['group']} / {case['case']}", file=sys.stderr, flush=True)
        rows = results.setdefault(key, {c["tool"]: [] for c in case["contenders"]})
        checks = {}
        for rep in range(1, reps + 1):
            for c in case["contenders"]:
                runs = rows[c["tool"]]
                if len(runs) >= SLOW_REPS and max(r[0] for r in runs) > SLOW_S:
                    continue
                rss = None
                for _ in range(case.get("inner", 1)):
                    wall, cpu, rss, rc = run_once(c["cmd"], c.get("stdin"), scratch,
                                                  case.get("direct", False), rss)
                    runs.append((wall, cpu, rss, rc))
                    load = os.getloadavg()[0]
                    raw.write(f"{key[0]}\t{key[1]}\t{c['tool']}\t{rep}\t{wall:.6f}\t{cpu:.6f}\t{rss:.1f}\t{rc}\t{load:.2f}\n")
                if c.get("expect") and c["tool"] not in checks:
                    checks[c["tool"]] = check_sim(scratch, json.load(open(c["expect"])))
                print(f"  {c['tool']:<22} rep {rep}: {wall*1e3:9.1f} ms wall {cpu*1e3:9.1f} ms cpu "
                      f"{rss:7.1f} MB rc={rc} load={os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        case["checks"] = checks
    raw.close()
    print_table(plan, results)


def fmt_ms(s):
    return f"{s*1e3:.1f}" if s < 10 else f"{s:.2f} s"


def print_table(plan, results):
    print(f"1-min load average at the end: {os.getloadavg()[0]:.1f} (2 cores shared: compare CPU, not wall)\n")
    group = None
    for case in plan:
        if case["group"] != group:
            group = case["group"]
            print(f"\n### {group}\n")
            print("| case | tool | runs | wall ms | CPU ms | peak RSS MB | states / CPU-s | wall ÷ aslctl | CPU ÷ aslctl | exit | check |")
            print("|---|---|---|---|---|---|---|---|---|---|---|")
        rows = results[(case["group"], case["case"])]
        ref = None
        for c in case["contenders"]:
            runs = rows[c["tool"]]
            if not runs:
                continue
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = statistics.median(r[2] for r in runs)
            rcs = sorted({r[3] for r in runs})
            if ref is None:
                ref = (wall, cpu)
            states = case.get("states")
            rate = f"{states / cpu:,.0f}" if states and cpu > 0 else ""
            rw = f"{wall / ref[0]:.2f}" if ref[0] > 0 else ""
            rc = f"{cpu / ref[1]:.2f}" if ref[1] > 0 else ""
            check = case.get("checks", {}).get(c["tool"], "")
            print(f"| {case['case']} | {c['tool']} | {len(runs)} | {fmt_ms(wall)} | {fmt_ms(cpu)} | "
                  f"{rss:.1f} | {rate} | {rw} | {rc} | {','.join(map(str, rcs))} | {check} |")


if __name__ == "__main__":
    main()
