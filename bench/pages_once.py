"""A kill-free run of FEEDS feeds x ITEMS items on one host whose pages
take DELAY seconds each: every page should be fetched once, and no item
stored with its feed summary only. Prints fetches per page, summary-only
items and the time to the last item.
    python3 bench/pages_once.py BIN [FEEDS ITEMS DELAY PER_HOST]"""
import os
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
import harness  # noqa: E402


def main():
    harness.BIN = os.path.abspath(sys.argv[1])
    feeds, items, delay, per_host = (int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])) \
        if len(sys.argv) > 5 else (50, 50, 0.5, 2)
    site = harness.Site(feeds=feeds, items=items, article_delay=delay).start()
    try:
        with harness.Workdir() as wd:
            conf = os.path.join(wd, "p.conf")
            harness.write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(feeds)],
                               interval="1m", extra=f"[fetcher]\nper_host = {per_host}\n")
            run = harness.Proc(["run", "-c", conf], wd)
            t0 = time.monotonic()
            total = feeds * items
            try:
                got = harness.wait_for(lambda: len(harness.tail(conf, "--from", "1")) >= total,
                                       total * delay / per_host * 3 + 120, step=2)
                elapsed = time.monotonic() - t0
            finally:
                run.stop()
            stored = harness.tail(conf, "--from", "1")
            pages = Counter(p for p, _ in site.times if p.startswith("/article/"))
            summary_only = sum(1 for i in stored if i.get("fallback"))
            print(f"| {feeds} feeds x {items} items, {delay} s a page, per_host {per_host} | "
                  f"{len(stored)} stored{'' if got else ' (timed out)'} | {sum(pages.values())} fetches of "
                  f"{len(pages)} pages: {sum(pages.values()) / max(1, len(pages)):.3f} per page, at most "
                  f"{max(pages.values()) if pages else 0} | {summary_only} summary-only | {elapsed:.0f} s |")
    finally:
        site.stop()


if __name__ == "__main__":
    main()
