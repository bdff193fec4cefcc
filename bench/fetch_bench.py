"""The fetcher and scheduler at scale (scripts/bench fetch): `newswire run`
following FEEDS full-text feeds served by a local nginx, all due at start,
next to the floor measured in the same run on the same bytes:

  curl     a plain libcurl multi loop (bench/curl_loop.c) fetching the same
           URLs with the same concurrency and per-host limit
  parse    `newswire parse` of the same feed files (2 threads)
  LMDB     a plain LMDB loop writing the records the daemon committed
           (store_bench --reference), 256 items per fsynced transaction

and then:
  304s     rounds (SIGUSR1: every feed due now) answered 304 by nginx,
           the best of three next to the curl loop's best conditional-GET
           round of three
  idle     the daemon's CPU over 20 s once every feed has been polled
  config   `newswire check` of a 30,000-feed file, and a SIGHUP taking the
           running daemon from FEEDS to 30,000 feeds (signal -> log line)

  python3 bench/fetch_bench.py BIN CURL_LOOP STORE_BENCH WORKDIR [FEEDS [ITEMS]]"""
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import zmq

from benchlib import cpu_seconds, free_port, make_feeds, start_nginx, stop_daemon

BIN, CURL, STORE_BENCH, WORK = (os.path.abspath(a) for a in sys.argv[1:5])
FEEDS = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
ITEMS = int(sys.argv[6]) if len(sys.argv) > 6 else 15
BIG = 30000


def write_conf(path, store, port, n, metrics_port):
    lines = ["[store]", f"path = {store}", "map_size = 2GiB", os.environ.get("FETCH_STORE_EXTRA", ""), "", "[fetcher]", "concurrency = 64",
             "per_host = 8", "timeout = 10s", "host_delay = 0", "", "[parser]", "workers = 2", "",
             "[metrics]", f"listen = 127.0.0.1:{metrics_port}", ""]
    for i in range(n):
        lines += [f'[feed "f{i}"]', f"url = http://127.0.0.1:{port}/f{i % FEEDS}.xml" +
                  (f"?copy={i // FEEDS}" if i >= FEEDS else ""), "interval = 1h", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, runs=3, discard=False):
    """Best wall time of `runs`, with the CPU time of that run (and its
    output, unless discarded)."""
    best = None
    for _ in range(runs):
        c0, t0 = child_cpu(), time.monotonic()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL if discard else subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        wall, cpu = time.monotonic() - t0, child_cpu() - c0
        if p.returncode not in (0, 1):
            raise SystemExit(f"fetch_bench: {cmd[0]} failed: {p.stderr[-500:]}")
        if best is None or wall < best[0]:
            best = (wall, cpu, p.stdout)
    return best


def metric(port, name):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            for line in r.read().decode().splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    if line.split(" ")[0] == name:
                        return float(line.split()[-1])
    except OSError:
        pass
    return -1


def log_time(line):
    """The RFC 3339 time at the start of a log line, as a Unix time."""
    return datetime.fromisoformat(line.split(" ", 1)[0].replace("Z", "+00:00")).timestamp()


def main():
    feeds_dir = os.path.join(WORK, f"feeds-v2-{FEEDS}x{ITEMS}")
    if not os.path.exists(os.path.join(feeds_dir, ".done")):
        shutil.rmtree(feeds_dir, ignore_errors=True)
        make_feeds(feeds_dir, FEEDS + 40, ITEMS)  # the same files as the store benchmark
        open(os.path.join(feeds_dir, ".done"), "w").close()
    files = [os.path.join(feeds_dir, f"f{i}.xml") for i in range(FEEDS)]
    port, mport = free_port(), free_port()
    nginx = start_nginx(WORK, feeds_dir, port)
    want = FEEDS * ITEMS
    rows = []
    try:
        urls = os.path.join(WORK, "urls.txt")
        with open(urls, "w") as f:
            f.write("".join(f"http://127.0.0.1:{port}/f{i}.xml\n" for i in range(FEEDS)))
        etags = os.path.join(WORK, "etags.txt")
        # the floor: fetch, parse, write
        cw, cc, out = timed([CURL, urls, "64", "8", etags])
        n, ok, _, nbytes = (int(x) for x in out.split()[:4])
        if ok != FEEDS:
            raise SystemExit(f"fetch_bench: the curl loop fetched {ok} of {FEEDS}")
        cw304, cc304, out = timed([CURL, urls, "64", "8", etags, "conditional"])
        n304 = int(out.split()[2])
        pw, pc, _ = timed([BIN, "parse", "-j", "2"] + files, discard=True)

        store = os.path.join(WORK, "fetch-store")
        shutil.rmtree(store, ignore_errors=True)
        os.makedirs(store)
        conf = os.path.join(WORK, "fetch.conf")
        write_conf(conf, store, port, FEEDS, mport)
        ctx = zmq.Context()
        sub = ctx.socket(zmq.SUB)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.connect(f"ipc://{store}/events.ipc")
        errlog = os.path.join(WORK, "fetch-stderr.log")
        err = open(errlog, "w")
        t0 = time.monotonic()
        run = subprocess.Popen([BIN, "run", "-c", conf], stdout=subprocess.DEVNULL, stderr=err)
        try:
            top = 0
            deadline = t0 + 600
            while top < want and time.monotonic() < deadline and run.poll() is None:
                if sub.poll(100):
                    top = max(top, json.loads(sub.recv_multipart()[1])["seq"])
            ingest = time.monotonic() - t0
            ingest_cpu = cpu_seconds(run.pid)
            if top < want:
                raise SystemExit(f"fetch_bench: only {top} of {want} items stored (see {errlog})")
            # rounds of 304s: every feed due now (SIGUSR1), nginx answers
            # 304; the best of three, as for the curl loop
            rounds = []
            for _ in range(3):
                time.sleep(3)
                base = metric(mport, 'newswire_fetches_total{outcome="not_modified"}')
                c0 = cpu_seconds(run.pid)
                s0 = time.monotonic()
                run.send_signal(signal.SIGUSR1)
                got = base
                while got < base + FEEDS and time.monotonic() < s0 + 120:
                    time.sleep(0.02)
                    got = metric(mport, 'newswire_fetches_total{outcome="not_modified"}')
                rounds.append((time.monotonic() - s0, cpu_seconds(run.pid) - c0, int(got - base)))
            round2, round2_cpu, n2 = min(rounds)
            worst = max(rounds)
            time.sleep(3)
            c0 = cpu_seconds(run.pid)
            time.sleep(20)
            idle = (cpu_seconds(run.pid) - c0) / 20 * 100
            # SIGHUP from FEEDS to 30,000 feeds
            big = os.path.join(WORK, "fetch-30k.conf")
            write_conf(big, store, port, BIG, mport)
            shutil.copy(big, conf)
            err.flush()
            def reloads():
                return [x for x in open(errlog).read().splitlines() if "reload:" in x and " feeds: " in x]
            before = len(reloads())
            h0 = time.time()
            run.send_signal(signal.SIGHUP)
            line = None
            for _ in range(200):
                time.sleep(0.05)
                got_lines = reloads()
                if len(got_lines) > before:
                    line = got_lines[-1]
                    break
            hup_ms = (log_time(line) - h0) * 1000 if line else float("nan")
        finally:
            stop_daemon(run, 60)
            err.close()
        cw30, _, _ = timed([BIN, "check", "-c", big], runs=3)
        ref = subprocess.run([STORE_BENCH, "--reference", store, os.path.join(WORK, "fetch-ref"), "256"],
                             capture_output=True, text=True, check=True).stdout.split()
        ref_items, lc, lw = int(ref[0]), float(ref[1]), float(ref[2])
    finally:
        nginx.terminate()
        nginx.wait(10)

    floor_wall = cw + pw + lw
    floor_cpu = cc + pc + lc
    us = lambda s: s / want * 1e6  # noqa: E731
    print(f"| {FEEDS:,} feeds x {ITEMS} items, {nbytes / 1e6:.0f} MB (nginx, full text, all due at start) "
          f"| seconds | CPU s | CPU µs/item |")
    print("|---|---|---|---|")
    print(f"| floor: curl multi loop, same URLs (64 connections, 8 per host) | {cw:.2f} | {cc:.2f} | {us(cc):.0f} |")
    print(f"| floor: `newswire parse -j 2` of the same files | {pw:.2f} | {pc:.2f} | {us(pc):.0f} |")
    print(f"| floor: LMDB loop writing the daemon's records ({ref_items:,} items, 256 per txn) "
          f"| {lw:.2f} | {lc:.2f} | {us(lc):.0f} |")
    print(f"| floor, the three one after the other | {floor_wall:.2f} | {floor_cpu:.2f} | {us(floor_cpu):.0f} |")
    print(f"| `newswire run`: every item committed | {ingest:.2f} ({ingest / floor_wall:.2f}x the floor) "
          f"| {ingest_cpu:.2f} | {us(ingest_cpu):.0f} |")
    print()
    print("| second round, conditional GET | seconds | 304s | per second |")
    print("|---|---|---|---|")
    print(f"| curl multi loop, If-None-Match | {cw304:.2f} | {n304:,} | {n304 / cw304:,.0f} |")
    print(f"| `newswire run`, SIGUSR1 (every feed due now) | {round2:.2f} | {n2:,} | {n2 / round2:,.0f} "
          f"({n2 / round2 / (n304 / cw304):.2f}x curl; daemon CPU {round2_cpu:.2f} s; "
          f"slowest round {worst[2] / worst[0]:,.0f}/s) |")
    print()
    print("| scheduler | measured |")
    print("|---|---|")
    print(f"| idle CPU, {FEEDS:,} feeds polled, 20 s | {idle:.2f}% of a core |")
    print(f"| `newswire check`, {BIG:,} feeds (process start included) | {cw30 * 1000:.0f} ms |")
    print(f"| SIGHUP, {FEEDS:,} -> {BIG:,} feeds, signal to the reload's log line | {hup_ms:.0f} ms |")


main()
