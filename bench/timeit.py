#!/usr/bin/env python3
"""Times a command: runs it N times with its standard output going to FILE,
and prints "best_seconds peak_kib" (wall clock of the fastest run; the
largest resident set of any run, as GNU time measures it).

    timeit.py N FILE CMD [ARG...]
"""
import os
import subprocess
import sys
import tempfile
import time


def main():
    runs, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    best, peak = None, 0
    with tempfile.TemporaryDirectory() as tmp:
        mem = os.path.join(tmp, "mem")
        for _ in range(runs):
            with open(out, "wb") as f:
                t0 = time.perf_counter()
                subprocess.run(["/usr/bin/time", "-f", "%M", "-o", mem] + cmd, stdout=f, check=False)
                t = time.perf_counter() - t0
            best = t if best is None or t < best else best
            with open(mem) as m:
                peak = max(peak, int(m.read().split()[-1]))
    print(f"{best:.4f} {peak}")


if __name__ == "__main__":
    main()
