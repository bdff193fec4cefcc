"""The parser stage inside `newswire run` (scripts/bench parse): the CPU
of the daemon's parser threads (nw-parse) per feed item, next to `newswire
parse -j 1` per item on the same feed files, measured in the same run.

FEEDS full-text feeds (benchlib.make_feeds) are served by a local nginx
that sends no validators (no ETag, no Last-Modified), so every poll is a
200 and goes through a parser, as with the many feeds served that way:

  first sight   the first fetch of every feed: every item new
  one new entry every feed gains an entry at its top, then SIGUSR1 (every
                feed due now): one item new, the others seen before (the
                store took them from the feed's last body: its job lists
                them as known, and they come without their text)
  lastBuildDate moved on  SIGUSR1 again, each feed's lastBuildDate set to
                a new time, as many servers write it on every request: not
                parsed (the body's digest leaves feed-level timestamps out,
                and is the one the feed's items came from)
  every entry known  SIGUSR1 again, each feed's channel description
                changed: parsed, every item seen before (and known)
  same bytes    SIGUSR1 again, nothing changed: not parsed at all; this
                row and the lastBuildDate one give the parser threads' CPU
                over the fetches

`parse -j 1` reads the files of the round in one process; the CPU of a
run over one small file (process start) is taken off.

TEXT is "words" (generated words of three languages, the language
declared) or "prose" (real article bodies of ../shared, none declared).

  python3 bench/stage_daemon.py BIN WORKDIR [FEEDS [ITEMS [TEXT]]]"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from benchlib import free_port, item_xml, make_feeds, prose, start_nginx, stop_daemon, words

BIN, WORK = (os.path.abspath(a) for a in sys.argv[1:3])
FEEDS = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
ITEMS = int(sys.argv[4]) if len(sys.argv) > 4 else 15
TEXT = sys.argv[5] if len(sys.argv) > 5 else "words"


def metrics(port):
    out = {}
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            for line in r.read().decode().splitlines():
                if not line.startswith("#"):
                    k, v = line.rsplit(" ", 1)
                    out[k] = float(v)
    except OSError:
        pass
    return out


def parse_cpu(pid):
    """CPU seconds of the parser worker threads (nw-parse)."""
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/comm") as f:
                if f.read().strip() != "nw-parse":
                    continue
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total / 1e9


def proc_cpu(pid):
    """CPU seconds of the whole daemon, every thread."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def parsed(m):
    return m.get('newswire_parsed_items_total{facts="cached"}', 0) + \
        m.get('newswire_parsed_items_total{facts="worked_out"}', 0) + \
        m.get('newswire_parsed_items_total{facts="known"}', 0)


def count(m0, m, facts):
    key = f'newswire_parsed_items_total{{facts="{facts}"}}'
    return m.get(key, 0) - m0.get(key, 0)


def child_cpu(cmd):
    """CPU seconds of one run of cmd (best of three)."""
    best = None
    for _ in range(3):
        t0 = os.times()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        t1 = os.times()
        c = (t1.children_user - t0.children_user) + (t1.children_system - t0.children_system)
        best = c if best is None else min(best, c)
    return best


def add_entry(path, i, n):
    """Feed i gains entry number n at its top."""
    rng = random.Random(f"new-{i}-{n}")
    w = words(rng, ("en", "fr", "de")[i % 3]) if TEXT == "words" else prose(rng)
    item = item_xml(i, f"new{n}", w, f"Mon, 30 Nov 2026 {n % 24:02d}:00:00 GMT")
    with open(path) as f:
        s = f.read()
    k = s.index("<item>")
    with open(path + ".tmp", "w") as f:
        f.write(s[:k] + item + "\n" + s[k:])
    os.replace(path + ".tmp", path)


def set_channel(path, tag, text, marker=""):
    """The channel's <tag> (the one whose text starts with marker) set to
    text, put before the first item when there is none; the items as they
    were."""
    with open(path) as f:
        s = f.read()
    element = f"<{tag}>{text}</{tag}>"
    k = s.find(f"<{tag}>{marker}")
    if k >= 0 and k < s.index("<item>"):
        s = s[:k] + element + s[s.index(f"</{tag}>", k) + len(f"</{tag}>"):]
    else:
        k = s.index("<item>")
        s = s[:k] + element + "\n" + s[k:]
    with open(path + ".tmp", "w") as f:
        f.write(s)
    os.replace(path + ".tmp", path)


def touch(path, n):
    """The feed's lastBuildDate set to a new time, nothing else changed."""
    set_channel(path, "lastBuildDate", f"Tue, 01 Dec 2026 {n % 24:02d}:00:00 GMT")


def describe(path, n):
    """The channel's description set to a new text, the items as they were."""
    set_channel(path, "description", f"Edition {n}", "Edition ")


def main():
    feeds_dir = os.path.join(WORK, f"stage-feeds-{FEEDS}x{ITEMS}-{TEXT}")
    shutil.rmtree(feeds_dir, ignore_errors=True)
    make_feeds(feeds_dir, FEEDS, ITEMS, text=TEXT)
    files = [os.path.join(feeds_dir, f"f{i}.xml") for i in range(FEEDS)]
    for path in files:
        touch(path, 0)  # a lastBuildDate from the start, as such servers write
    port, mport = free_port(), free_port()
    nginx = start_nginx(WORK, feeds_dir, port, "etag off; if_modified_since off; add_header Last-Modified \"\";")
    store = os.path.join(WORK, "stage-store")
    shutil.rmtree(store, ignore_errors=True)
    os.makedirs(store)
    conf = os.path.join(WORK, "stage.conf")
    lines = ["[store]", f"path = {store}", "map_size = 2GiB", "", "[fetcher]", "concurrency = 64", "per_host = 8",
             "timeout = 10s", "host_delay = 0", "", "[parser]", f"workers = {os.environ.get('STAGE_WORKERS', '2')}", "",
             "[metrics]", f"listen = 127.0.0.1:{mport}", ""]
    for i in range(FEEDS):
        lines += [f'[feed "f{i}"]', f"url = http://127.0.0.1:{port}/f{i}.xml", "interval = 1h", ""]
    with open(conf, "w") as f:
        f.write("\n".join(lines))
    small = os.path.join(WORK, "stage-small.xml")
    with open(small, "w") as f:
        f.write('<rss version="2.0"><channel><title>t</title><item><title>x</title></item></channel></rss>')
    start = child_cpu([BIN, "parse", "-j", "1", small])
    rows = []
    err = open(os.path.join(WORK, "stage-stderr.log"), "w")
    run = subprocess.Popen([BIN, "run", "-c", conf], stdout=subprocess.DEVNULL, stderr=err)
    try:
        def round_(label, want_new, signal_first, same=False):
            # the first round counts from the daemon's start
            m0 = metrics(mport) if signal_first else {}
            c0 = parse_cpu(run.pid) if signal_first else 0
            p0 = proc_cpu(run.pid) if signal_first else 0
            new0 = m0.get('newswire_items_total{change="new"}', 0)
            outcome = "unchanged" if same else "ok"
            fetched0 = m0.get(f'newswire_fetches_total{{outcome="{outcome}"}}', 0)
            if signal_first:
                run.send_signal(signal.SIGUSR1)
            deadline = time.monotonic() + float(os.environ.get("STAGE_ROUND_S", "600"))
            while time.monotonic() < deadline:
                time.sleep(0.1)
                m = metrics(mport)
                if m.get('newswire_items_total{change="new"}', 0) >= new0 + want_new and \
                        m.get(f'newswire_fetches_total{{outcome="{outcome}"}}', 0) >= fetched0 + FEEDS and \
                        (same or m.get("newswire_parsed_documents_total", 0)
                         >= m0.get("newswire_parsed_documents_total", 0) + FEEDS):
                    break
            else:
                raise SystemExit(f"stage_daemon: round '{label}' did not finish: "
                                 + " ".join(f"{k}={v:.0f}" for k, v in metrics(mport).items() if "total" in k))
            time.sleep(1)  # the last documents' parse CPU
            m = metrics(mport)
            items = parsed(m) - parsed(m0)
            cpu = parse_cpu(run.pid) - c0
            whole = proc_cpu(run.pid) - p0  # every stage, the fetcher and the store too
            if same:
                rows.append((label, items, cpu, None, 0, 0, whole))
                return
            ref = (child_cpu([BIN, "parse", "-j", "1"] + files) - start) / items
            rows.append((label, items, cpu / items * 1e6, ref * 1e6, count(m0, m, "cached"), count(m0, m, "known"),
                         whole))
        round_("first sight", FEEDS * ITEMS, False)
        for i, path in enumerate(files):
            add_entry(path, i, 1)
        round_("one new entry", FEEDS, True)
        time.sleep(2)
        for i, path in enumerate(files):
            touch(path, 1)
        round_("lastBuildDate moved on", 0, True, same=True)
        time.sleep(2)
        for i, path in enumerate(files):
            describe(path, 1)
        round_("every entry known", 0, True)
        time.sleep(2)
        round_("same bytes", 0, True, same=True)
        with open(f"/proc/{run.pid}/status") as f:
            st = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        rss = (int(st["VmRSS"].split()[0]) / 1024, int(st["VmHWM"].split()[0]) / 1024)
    finally:
        stop_daemon(run, 60)
        err.close()
        nginx.terminate()
        nginx.wait(10)
    what = "generated words" if TEXT == "words" else "real article prose"
    print(f"| `newswire run`, {FEEDS:,} full-text feeds x {ITEMS}+ items of {what} (nginx, no validators) | items parsed "
          f"| of them known (no text) | cached | nw-parse CPU µs/item | `parse -j 1` µs/item | ratio | daemon CPU, s |")
    print("|---|---|---|---|---|---|---|---|")
    for label, items, us, ref, cached, known, whole in rows:
        if ref is None:  # us: the parser threads' CPU seconds over the round
            print(f"| {label}: {FEEDS:,} bodies not parsed | {items:,.0f} | - | - | {us * 1e3:.0f} ms in all | - | - "
                  f"| {whole:.2f} |")
            continue
        print(f"| {label} | {items:,.0f} | {known:,.0f} | {cached:,.0f} | {us:.1f} | {ref:.1f} | {us / ref:.2f} "
              f"| {whole:.2f} |")
    print(f"\n(the daemon's resident memory at the end: {rss[0]:.0f} MiB, at its peak {rss[1]:.0f} MiB)")


main()
