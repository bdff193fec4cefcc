#!/usr/bin/env python3
"""Times a command: runs it N times with its standard output going to FILE,
and prints "best_seconds peak_kib" (wall clock of the fastest run; the
largest resident set of any run, as GNU time measures it).

    timeit.py N FILE CMD [ARG...]

Times two commands whose ratio is reported, taking turns (A, B, A, B...),
and prints "best_a peak_a best_b peak_b". On a machine whose speed drifts
over a minute (a virtual machine sharing its host), runs of A all in one
spell and of B in another give a ratio that says more about the spells
than about the commands; taken in turns, the best of each was measured
in the same conditions. --fresh DIR removes DIR before each run of A
(a store to fill from empty).

    timeit.py --turns N FILE [--fresh DIR] CMD_A [ARG...] --- CMD_B [ARG...]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time


def timed(cmd, out, mem):
    """Wall seconds and peak KiB of one run of cmd."""
    with open(out, "wb") as f:
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", mem] + cmd, stdout=f, check=False)
        t = time.perf_counter() - t0
    with open(mem) as m:
        return t, int(m.read().split()[-1])


def main():
    args = sys.argv[1:]
    turns = args and args[0] == "--turns"
    if turns:
        args = args[1:]
    runs, out, rest = int(args[0]), args[1], args[2:]
    fresh = None
    if turns and rest[:1] == ["--fresh"]:
        fresh, rest = rest[1], rest[2:]
    cmds = [rest]
    if turns:
        if "---" not in rest:
            sys.exit("timeit.py --turns: CMD_A ... --- CMD_B ...")
        k = rest.index("---")
        cmds = [rest[:k], rest[k + 1:]]
    best = [None] * len(cmds)
    peak = [0] * len(cmds)
    with tempfile.TemporaryDirectory() as tmp:
        mem = os.path.join(tmp, "mem")
        for _ in range(runs):
            for i, cmd in enumerate(cmds):
                if i == 0 and fresh:
                    shutil.rmtree(fresh, ignore_errors=True)
                t, m = timed(cmd, out, mem)
                best[i] = t if best[i] is None or t < best[i] else best[i]
                peak[i] = max(peak[i], m)
    print(" ".join(f"{b:.4f} {p}" for b, p in zip(best, peak)))


if __name__ == "__main__":
    main()
