"""The kill campaign: kill -9 of `run`, and of the store, fetcher and parser
in three-process mode, at random moments during an ingest with article
pages from a local server; then let it finish. At the end: nothing lost,
nothing stored twice, seq strictly increasing, and every feed's validators
belong to a fetch whose items are all stored.

NW_SOAK_KILLS (default 5) and NW_SOAK_FEEDS x NW_SOAK_ITEMS (default 10 x 25)
size it; scripts/soak runs it at full size (20 kills, 2,000 items)."""
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Proc, Site, Workdir, tail, wait_for, write_conf  # noqa: E402

KILLS = int(os.environ.get("NW_SOAK_KILLS", "5"))
NFEEDS = int(os.environ.get("NW_SOAK_FEEDS", "10"))
NITEMS = int(os.environ.get("NW_SOAK_ITEMS", "25"))


class SoakTest(unittest.TestCase):
    def test_kill_campaign(self):
        rng = random.Random(os.environ.get("NW_SOAK_SEED", "7"))
        site = Site(feeds=NFEEDS, items=NITEMS, article_delay=0.01).start()
        total = NFEEDS * NITEMS
        kills = {"run": 0, "store": 0, "fetcher": 0, "parser": 0}
        t0 = time.monotonic()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "pipeline.conf")
                eps = {k: f"ipc://{wd}/{k}.ipc" for k in ("jobs", "docs", "results")}
                feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(NFEEDS)]
                write_conf(conf, "store", feeds, interval="3s", lease="3s", endpoints=eps,
                           extra="[store]\nfirst_fetch_max = 0\n")  # every item, however many
                procs = {}

                def start(name):
                    args = ["run", "-c", conf] if name == "run" else [name, "-c", conf]
                    procs[name] = Proc(args, wd)

                for k in range(KILLS):
                    three = k % 2 == 1
                    if three:
                        for n in ("store", "fetcher", "parser"):
                            start(n)
                        victim = rng.choice(["store", "fetcher", "parser"])
                        time.sleep(rng.uniform(0.3, 1.5))
                        procs[victim].stop(signal.SIGKILL)
                        kills[victim] += 1
                        start(victim)  # the others keep running through it
                        time.sleep(rng.uniform(0.3, 1.0))
                        for n in ("fetcher", "parser", "store"):
                            procs[n].stop(signal.SIGKILL)
                    else:
                        start("run")
                        time.sleep(rng.uniform(0.3, 1.5))
                        procs["run"].stop(signal.SIGKILL)
                        kills["run"] += 1
                    procs.clear()
                # the final, uninterrupted run
                start("run")
                items = wait_for(lambda: (lambda it: it if len(it) >= total else None)(
                    tail(conf, "--from", "1")), 180, step=0.5)
                self.assertIsNotNone(items, procs["run"].stderr()[-3000:])
                time.sleep(1.5)
                items = tail(conf, "--from", "1")
                st = json.loads(subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True,
                                               timeout=30).stdout)
                self.assertEqual(procs["run"].stop(), 0)
        finally:
            site.stop()
        ids = [it["id"] for it in items]
        seqs = [it["seq"] for it in items]
        lost = total - len(set(ids))
        dup = len(ids) - len(set(ids))
        print(f"soak: {sum(kills.values())} kills {kills}, {total} items, {lost} lost, {dup} duplicated, "
              f"{sum(1 for it in items if it['fallback'])} summary-only, {time.monotonic() - t0:.1f} s",
              file=sys.stderr)
        self.assertEqual(lost, 0)
        self.assertEqual(dup, 0)
        self.assertEqual(len({it["url"] for it in items}), total)
        self.assertTrue(all(b > a for a, b in zip(seqs, seqs[1:])))
        for it in items:
            self.assertIn("Marqueur unique", it["text"] or "", it["url"])
        # validators: a feed's ETag is that of a body whose items are all stored
        stored = {it["url"] for it in items}
        for f in st["feeds"]:
            if not f.get("etag"):
                continue
            i = int(f["url"].rsplit("/", 1)[1][:-4])
            body = site.feed_xml(i, site.base)
            self.assertEqual(f["etag"], '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
            for j in range(NITEMS):
                self.assertIn(f"{site.base}/article/{i}-{j}.html", stored)


if __name__ == "__main__":
    unittest.main(verbosity=2)
