"""One stage per process over tcp:// on 127.0.0.1 gives the same items as
`newswire run` in one process."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import Proc, Site, Workdir, free_port, tail, wait_for, write_conf  # noqa: E402

NFEEDS, NITEMS = 3, 4


def essence(items):
    return sorted((it["url"], it["title"], it["text"], it["guid"], it["lang"], tuple(it["agencies"])) for it in items)


class ProcsTest(unittest.TestCase):
    def ingest(self, site, wd, name, endpoints, procs):
        conf = os.path.join(wd, f"{name}.conf")
        feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(NFEEDS)]
        write_conf(conf, f"store-{name}", feeds, interval="2s", endpoints=endpoints)
        ps = [Proc([p, "-c", conf], wd) for p in procs]
        try:
            total = NFEEDS * NITEMS
            items = wait_for(lambda: (lambda it: it if len(it) >= total else None)(tail(conf, "--from", "1")), 60)
            logs = "\n".join(p.stderr()[-1500:] for p in ps)
            self.assertIsNotNone(items, f"{name}: items did not arrive:\n{logs}")
        finally:
            codes = [p.stop() for p in ps]
        self.assertEqual(codes, [0] * len(ps))
        return items

    def test_three_processes(self):
        site = Site(feeds=NFEEDS, items=NITEMS).start()
        try:
            with Workdir() as wd:
                ports = {k: free_port() for k in ("jobs", "docs", "results", "events")}
                endpoints = {k: f"tcp://127.0.0.1:{v}" for k, v in ports.items()}
                split = self.ingest(site, wd, "split", endpoints, ["store", "parser", "fetcher"])
                single = self.ingest(site, wd, "single", None, ["run"])
        finally:
            site.stop()
        self.assertEqual(len(split), NFEEDS * NITEMS)
        self.assertEqual(essence(split), essence(single))
        for it in split:
            self.assertIn("Marqueur unique", it["text"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
