"""kill -9 in the middle of ingestion, then restart: every item is stored
exactly once and nothing committed is lost."""
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Proc, Site, Workdir, tail, wait_for, write_conf  # noqa: E402

NFEEDS, NITEMS = 4, 10


class KillTest(unittest.TestCase):
    def test_kill_and_restart(self):
        # slow article pages keep the pipeline busy long enough to be killed mid-way
        site = Site(feeds=NFEEDS, items=NITEMS, article_delay=0.15).start()
        total = NFEEDS * NITEMS
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "pipeline.conf")
                # band_memory: the near-duplicate entries held in memory are
                # merged into the store every few items, so that kills land
                # in merges too, and each start makes them again
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(NFEEDS)],
                           interval="2s", lease="3s", extra="[store]\nband_memory = 4KiB")
                seen_before = []
                for round_ in range(2):
                    p = Proc(["run", "-c", conf], wd)
                    try:
                        got = wait_for(lambda: (lambda it: it if len(it) >= 3 + 8 * round_ else None)(
                            tail(conf, "--from", "1")), 30, step=0.05)
                        self.assertIsNotNone(got, p.stderr()[-2000:])
                    finally:
                        p.stop(signal.SIGKILL)
                    after = tail(conf, "--from", "1")
                    self.assertLess(len(after), total, "ingestion finished before the kill; slow the site down")
                    # what was committed before the kill is still there, unchanged
                    self.assertEqual([it["id"] for it in after[:len(seen_before)]], seen_before)
                    seen_before = [it["id"] for it in after]
                p = Proc(["run", "-c", conf], wd)
                try:
                    items = wait_for(lambda: (lambda it: it if len(it) >= total else None)(
                        tail(conf, "--from", "1")), 90)
                    self.assertIsNotNone(items, p.stderr()[-3000:])
                    time.sleep(3.5)  # past a lease: a re-issued job must not add anything
                    items = tail(conf, "--from", "1")
                finally:
                    rc = p.stop()
                self.assertEqual(rc, 0)
        finally:
            site.stop()
        self.assertEqual(len(items), total)
        self.assertEqual(len({it["id"] for it in items}), total)
        self.assertEqual(len({it["url"] for it in items}), total)
        self.assertEqual([it["seq"] for it in items], list(range(1, total + 1)))
        self.assertEqual(sorted(it["id"] for it in items[:len(seen_before)]), sorted(seen_before))
        for it in items:
            self.assertIn("Marqueur unique", it["text"])
            if it["dup_of"] is not None:
                self.assertLess(it["dup_of"], it["seq"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
