"""The daemon at scale (scripts/bench store): `newswire run` following
10,000 full-text feeds served by a local nginx.

Measures, in one run:
  ingest    wall time until every item is committed (events counted)
  peak RSS  of the daemon (VmHWM) after the ingest
  idle CPU  of the daemon over 20 s once every feed has been polled
  tail -f   commit -> line latency: 20 feeds added one every 0.25 s, then
            20 more at once, by SIGHUP, are polled and stored while a
            `newswire tail -f` in another process prints them; each line's arrival is compared with the arrival of the
            EVENT that announced its seq (both read here, on one clock)
  tail scan `newswire tail --from 1` of the whole store to /dev/null, best
            of 3, next to `mdb_dump -s items` of the same store

  python3 bench/store_daemon.py BIN WORKDIR [FEEDS [ITEMS]]"""
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

import zmq

from benchlib import cpu_seconds, free_port, make_feeds, start_nginx, status_mib, stop_daemon

BIN, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FEEDS = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
ITEMS = int(sys.argv[4]) if len(sys.argv) > 4 else 15
EXTRA = 40  # feeds added later, for the latency measurement


def write_conf(path, store, port, n):
    # every feed is on one local nginx: no pause between requests to it
    lines = ["[store]", f"path = {store}", "map_size = 1GiB", "", "[fetcher]", "concurrency = 64",
             "per_host = 8", "timeout = 10s", "host_delay = 0", "", "[parser]", "workers = 2", ""]
    for i in range(n):
        lines += [f'[feed "f{i}"]', f"url = http://127.0.0.1:{port}/f{i}.xml", "interval = 1h", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    feeds_dir = os.path.join(WORK, f"feeds-v2-{FEEDS}x{ITEMS}")
    if not os.path.exists(os.path.join(feeds_dir, ".done")):
        shutil.rmtree(feeds_dir, ignore_errors=True)
        make_feeds(feeds_dir, FEEDS + EXTRA, ITEMS)
        open(os.path.join(feeds_dir, ".done"), "w").close()
    store = os.path.join(WORK, "daemon-store")
    shutil.rmtree(store, ignore_errors=True)
    port = free_port()
    nginx = start_nginx(WORK, feeds_dir, port)
    conf = os.path.join(WORK, "daemon.conf")
    write_conf(conf, store, port, FEEDS)
    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    os.makedirs(store, exist_ok=True)
    sub.connect(f"ipc://{store}/events.ipc")
    err = open(os.path.join(WORK, "daemon-stderr.log"), "w")
    t0 = time.monotonic()
    run = subprocess.Popen([BIN, "run", "-c", conf], stdout=subprocess.DEVNULL, stderr=err)
    want = FEEDS * ITEMS
    events = {}  # top seq -> (arrival, count)
    top = 0
    try:
        deadline = time.monotonic() + 300
        peak_anon = 0
        while top < want and time.monotonic() < deadline and run.poll() is None:
            peak_anon = max(peak_anon, status_mib(run.pid, "RssAnon"))
            if sub.poll(100):
                frames = sub.recv_multipart()
                ev = json.loads(frames[1])
                top = max(top, ev["seq"])
        ingest = time.monotonic() - t0
        if top < want:
            raise SystemExit(f"store_daemon: only {top} of {want} items stored (see {err.name})")
        time.sleep(5)  # the last feeds' state settles
        hwm = status_mib(run.pid, "VmHWM")
        anon, filemap = status_mib(run.pid, "RssAnon"), status_mib(run.pid, "RssFile")
        c0 = cpu_seconds(run.pid)
        time.sleep(20)
        idle = (cpu_seconds(run.pid) - c0) / 20 * 100

        # tail -f latency: new feeds, one every 0.25 s, announced by SIGHUP
        tail = subprocess.Popen([BIN, "tail", "-c", conf, "-f", "--from", str(top + 1), "--format", "tsv"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        lines = []

        def reader():
            for line in tail.stdout:
                lines.append((time.monotonic(), int(line.split("\t", 1)[0])))

        th = threading.Thread(target=reader, daemon=True)
        th.start()
        time.sleep(1)
        def collect(until, want):
            while len(lines) < want and time.monotonic() < until:
                if sub.poll(10):
                    ev = json.loads(sub.recv_multipart()[1])
                    events[ev["seq"]] = (time.monotonic(), ev["count"])

        # light: one new feed every 0.25 s, each announced by a SIGHUP
        half = EXTRA // 2
        for k in range(half):
            write_conf(conf, store, port, FEEDS + k + 1)
            run.send_signal(signal.SIGHUP)
            collect(time.monotonic() + 0.25, 10 ** 9)
        collect(time.monotonic() + 5, half * ITEMS)
        light_lines = len(lines)
        # burst: the other feeds by one SIGHUP, fetched and stored at once
        write_conf(conf, store, port, FEEDS + EXTRA)
        run.send_signal(signal.SIGHUP)
        collect(time.monotonic() + 10, EXTRA * ITEMS)
        tail.terminate()
        tail.wait(5)
        arrival = {}
        for s, (t, n) in events.items():
            for q in range(s - n + 1, s + 1):
                arrival[q] = t
        lat = sorted((t - arrival[q]) * 1000 for t, q in lines[:light_lines] if q in arrival)
        lat_burst = sorted((t - arrival[q]) * 1000 for t, q in lines[light_lines:] if q in arrival)
        # tail full scan
        stored = top
        best = None
        for _ in range(3):
            s0 = time.monotonic()
            subprocess.run([BIN, "tail", "-c", conf, "--from", "1"], stdout=subprocess.DEVNULL, check=True)
            d = time.monotonic() - s0
            best = d if best is None else min(best, d)
        dump = None
        if shutil.which("mdb_dump"):  # the reference: LMDB's own dump of the items database
            for _ in range(3):
                s0 = time.monotonic()
                subprocess.run(["mdb_dump", "-s", "items", store], stdout=subprocess.DEVNULL, check=True)
                d = time.monotonic() - s0
                dump = d if dump is None else min(dump, d)
    finally:
        stop_daemon(run, 30)
        nginx.terminate()
        nginx.wait(10)
        err.close()
    print(f"| {FEEDS} feeds x {ITEMS} items (nginx, full text) | measured |")
    print("|---|---|")
    print(f"| ingest to the last commit | {ingest:.1f} s ({want / ingest:.0f} items/s) |")
    print(f"| peak anonymous memory of `newswire run` (sampled every 0.1 s) | {peak_anon:.0f} MiB |")
    print(f"| peak RSS of `newswire run` | {hwm:.0f} MiB (after the ingest: {anon:.0f} MiB anonymous, "
          f"{filemap:.0f} MiB of mapped files: the store's pages in the page cache, and libraries) |")
    print(f"| idle CPU, every feed polled, 20 s | {idle:.2f}% of a core |")
    for what, xs in (("one feed every 0.25 s", lat), ("20 feeds at once", lat_burst)):
        if xs:
            p99 = xs[min(len(xs) - 1, int(len(xs) * 0.99))]
            print(f"| tail -f commit -> line, {what}, {len(xs)} items | median {statistics.median(xs):.1f} ms, "
                  f"p99 {p99:.1f} ms |")
        else:
            print(f"| tail -f commit -> line, {what} | no line matched an event |")
    print(f"| tail full scan, {stored} items to /dev/null | {best:.2f} s ({stored / best:.0f} items/s) |")
    if dump:
        print(f"| mdb_dump -s items, same store (reference) | {dump:.2f} s ({stored / dump:.0f} items/s) |")


main()
