"""WARC archives through replay: archives written independently (warcgen.py,
in the three layouts readers meet) and by `wget --warc-file` from the same
local site give the items a live ingest of that site stored."""
import fcntl
import gzip
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
import warcgen  # noqa: E402
from harness import BIN, Proc, Site, Workdir, free_port, paragraph, tail, wait_for, write_conf  # noqa: E402

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node")
WARCIO = os.path.join(NODE_DIR, "node_modules", "warcio")
FIELDS = ("id", "url", "title", "text", "published", "lang", "agencies", "author", "source")


def essence(items):
    return {it["id"]: tuple(str(it[k]) for k in FIELDS) for it in items}


def crawl_records(site, more=lambda i: ()):
    """A site's archive in crawl order: each feed, then its articles, then
    what more(feed index) gives."""
    recs = [warcgen.warcinfo()]
    for i in range(site.nfeeds):
        recs.append(warcgen.record("response", f"{site.base}/feed/{i}.xml", warcgen.http_response(
            site.feed_xml(i, site.base), "application/rss+xml; charset=utf-8")))
        for j in range(site.nitems):
            recs.append(warcgen.record("response", f"{site.base}/article/{i}-{j}.html",
                                       warcgen.http_response(site.article_html(i, j, site.base))))
        recs.extend(more(i))
    return recs


def live_ingest(cls, feeds, ready, extra="", before_stop=lambda: None):
    """Starts cls.site's ingest in a work folder (cls.wd, cls.dir) of
    feeds, archived in cls.archive (with extra configuration lines, after
    [fetcher]'s), until ready(items) holds, then calls before_stop();
    returns the items."""
    cls.wd = Workdir()
    cls.dir = cls.wd.__enter__()
    conf = os.path.join(cls.dir, "live.conf")
    write_conf(conf, "live", feeds, interval="1h", extra="[fetcher]\narchive = live-archive\n" + extra)
    cls.archive = os.path.join(cls.dir, "live-archive")
    run = Proc(["run", "-c", conf], cls.dir)
    try:
        done = wait_for(lambda: ready(tail(conf, "--from", "1")), 60)
        if done:
            before_stop()
    finally:
        run.stop()
    assert done, run.stderr()
    return tail(conf, "--from", "1")


class Replaying(unittest.TestCase):
    """A live ingest of cls.site (set up by a subclass with live_ingest),
    and replays of archives into stores of the same work folder."""

    @classmethod
    def tearDownClass(cls):
        cls.site.stop()
        cls.wd.__exit__(None, None, None)

    def replay(self, name, *paths, code=0, **env):
        """Replays paths into the store `name` (made on first use), env
        added to the environment (NEWSWIRE_LOG="info"...); returns the
        config and what replay wrote on stderr."""
        conf = os.path.join(self.dir, f"{name}.conf")
        if not os.path.exists(conf):
            write_conf(conf, name, [])
        p = subprocess.run([BIN, "replay", "-c", conf] + list(paths), capture_output=True, timeout=120,
                           env=dict(os.environ, **env))
        self.assertEqual(p.returncode, code, p.stderr.decode())
        return conf, p.stderr.decode()


class WarcTest(Replaying):
    @classmethod
    def setUpClass(cls):
        cls.site = Site(feeds=2, items=4).start()
        feeds = [(f"f{i}", f"{cls.site.base}/feed/{i}.xml") for i in range(2)]
        cls.live = essence(live_ingest(cls, feeds, lambda it: len([i for i in it if not i.get("fallback")]) == 8,
                                       "archive_max = 8KiB\n"))

    def page(self, i, j, cut=False):
        """An article page; cut: without its last paragraph (what an older
        extraction would have stored)."""
        if not cut:
            return self.site.article_html(i, j, self.site.base)
        a = self.site.articles[(i, j)]
        saved = a["paras"]
        a["paras"] = saved[:-1]
        try:
            return self.site.article_html(i, j, self.site.base)
        finally:
            a["paras"] = saved

    def records(self, bad=False, cut=(), decoded=False):
        s, base = self.site, self.site.base
        recs = [warcgen.warcinfo()]
        for i in range(2):
            url = f"{base}/feed/{i}.xml"
            recs.append(warcgen.record("request", url, f"GET /feed/{i}.xml HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
                                       content_type="application/http; msgtype=request"))
            # a feed sent gzip-encoded and chunked, as servers do
            recs.append(warcgen.record("response", url, warcgen.http_response(
                s.feed_xml(i, base), "application/rss+xml; charset=utf-8", encoding="gzip", chunked=True,
                decoded=decoded)))
            if bad and i == 0:
                recs.append(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\nxyz\r\n\r\n")
            for j in range(4):
                aurl = f"{base}/article/{i}-{j}.html"
                enc = ("deflate", None, "gzip", None)[j]
                recs.append(warcgen.record("response", aurl, warcgen.http_response(
                    self.page(i, j, (i, j) in cut), encoding=enc, chunked=decoded and j == 1, decoded=decoded),
                    version="1.0" if j == 1 else "1.1", bracket=j == 1))
        # what archives also hold: a refetch with nothing new, an image, a 404
        recs.append(warcgen.record("revisit", f"{base}/feed/0.xml", b"HTTP/1.1 304 Not Modified\r\n\r\n",
                                   extra={"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/server-not-modified"}))
        recs.append(warcgen.record("resource", f"{base}/logo.png", b"\x89PNG\r\n\x1a\nxxxx", content_type="image/png"))
        recs.append(warcgen.record("response", f"{base}/gone.html", warcgen.http_response(b"gone", status=404)))
        return recs

    def test_layouts_give_the_live_items(self):
        for layout in ("members", "whole", "plain", "zst"):
            with self.subTest(layout=layout):
                path = os.path.join(self.dir, f"a-{layout}.warc" + {"plain": "", "zst": ".zst"}.get(layout, ".gz"))
                warcgen.write(path, self.records(), layout)
                conf, err = self.replay(f"r-{layout}", path)
                self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
                self.assertIn("8 new", err)
                # again: nothing new
                _, err = self.replay(f"r-{layout}", path)
                self.assertIn("0 new", err)
        # .warc.zst, no page kept in memory: pages read again from their
        # frames, with the dictionary read from the file's start
        conf = os.path.join(self.dir, "r-zst-again.conf")
        write_conf(conf, "r-zst-again", [])
        p = subprocess.run([BIN, "replay", "-c", conf, os.path.join(self.dir, "a-zst.warc.zst")],
                           capture_output=True, timeout=120,
                           env=dict(os.environ, NEWSWIRE_REPLAY_CACHE="0", NEWSWIRE_LOG="debug"))
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        m = re.search(r"for article jobs: (\d+) as read \(the job came first\), (\d+) from memory, (\d+) read again",
                      p.stderr.decode())
        self.assertTrue(m and int(m.group(1)) + int(m.group(3)) == 8 and int(m.group(2)) == 0, p.stderr.decode())
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        # whole-file gzip, no page kept in memory: its pages, which cannot
        # be read again from the archive, wait in a temporary file
        path = os.path.join(self.dir, "a-whole.warc.gz")
        conf = os.path.join(self.dir, "r-spill.conf")
        write_conf(conf, "r-spill", [])
        tmp = os.path.join(self.dir, "spill-tmp")
        os.makedirs(tmp, exist_ok=True)
        p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=120,
                           env=dict(os.environ, NEWSWIRE_REPLAY_CACHE="0", NEWSWIRE_LOG="debug", TMPDIR=tmp))
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 0, err)
        m = re.search(r"for article jobs: (\d+) as read \(the job came first\), (\d+) from memory, (\d+) read again",
                      err)
        self.assertTrue(m, err)
        arrival, memory, again = (int(x) for x in m.groups())
        self.assertEqual((arrival + again, memory), (8, 0))
        # every page read back was set aside in the file (a page whose job
        # came first went as it was read)
        if again:
            self.assertRegex(err, rf"\b{again} pages set aside in a temporary file")
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        self.assertEqual(os.listdir(tmp), [])  # the file had no name

    def test_payloads_archived_decoded(self):
        # the feeds and pages stored decoded, their Transfer-Encoding and
        # Content-Encoding headers kept (as tools that record what a
        # browser or an HTTP library gave them write them): the same items
        path = os.path.join(self.dir, "decoded.warc.gz")
        warcgen.write(path, self.records(decoded=True), "members")
        conf, err = self.replay("r-decoded", path)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        self.assertIn("8 new", err)
        self.assertNotIn("does not decode", err)

    def test_progress_line_on_a_terminal(self):
        """On a terminal replay rewrites one progress line (share of the
        input read, records, documents, items) and clears it before its
        summary; into a pipe it prints none (the other tests)."""
        path = os.path.join(self.dir, "progress.warc.gz")
        warcgen.write(path, self.records(), "members")
        conf = os.path.join(self.dir, "progress.conf")
        write_conf(conf, "progress", [])
        master, slave = pty.openpty()
        p = subprocess.Popen([BIN, "replay", "-c", conf, path], stdout=subprocess.DEVNULL, stderr=slave,
                             env=dict(os.environ, NEWSWIRE_LOG="info"))
        os.close(slave)
        out = b""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 1)
            if not r:
                if p.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        self.assertEqual(p.wait(timeout=30), 0, out.decode(errors="replace"))
        text = out.decode(errors="replace")
        # the line is rewritten once a second: a quick replay on a busy
        # machine may show only the first, before any record is read
        self.assertRegex(text, r"\r\033\[Kreplay: (\d+% of [\d.]+ MB read \([\d.]+ MB/s.*\)(, \d+ WARC records)?, "
                               r"\d+ documents|input read(, \d+ WARC records)?; \d+ of \d+ documents), \d+ items stored")
        # cleared before the summary, which stands on a line of its own
        self.assertIn("\r\033[K", text)
        summary = [line for line in text.splitlines() if "documents replayed" in line]
        self.assertEqual(len(summary), 1, text)
        self.assertNotIn("items stored", summary[0])
        self.assertIn("8 new", summary[0])

    def test_many_pages_through_small_queues(self):
        """Hundreds of article jobs answered from an archive through queues
        of 32 messages: the store never sends a worker more than it has
        room for, so no job is dropped on the way and left to its lease."""
        site = Site(feeds=12, items=30)
        site.base = "http://news.example.net"
        recs = crawl_records(site)
        path = os.path.join(self.dir, "many.warc.gz")
        warcgen.write(path, recs, "members")
        conf = os.path.join(self.dir, "many.conf")
        write_conf(conf, "many", [], extra="[endpoints]\nhwm = 32\n")
        # pages kept from reading to their job (the default), and none
        # kept: every page read again from its record when asked for
        for cache, kept in (("48MiB", True), ("0", False)):
            store = os.path.join(self.dir, "many")
            shutil.rmtree(store, ignore_errors=True)
            env = dict(os.environ, NEWSWIRE_LOG="debug", NEWSWIRE_REPLAY_CACHE=cache)
            t0 = time.monotonic()
            p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=300, env=env)
            elapsed = time.monotonic() - t0
            err = p.stderr.decode()
            self.assertEqual(p.returncode, 0, err[-3000:])
            self.assertNotIn("lease ran out", err)
            self.assertIn("360 new", err)
            m = re.search(r"for article jobs: (\d+) as read \(the job came first\), (\d+) from memory, "
                          r"(\d+) read again", err)
            self.assertTrue(m, err)
            arrival, memory, again = (int(x) for x in m.groups())
            # a job that comes before its page is answered as the page is
            # read; the others from memory, or read again without a cache
            self.assertEqual(arrival + memory + again, 360)
            self.assertEqual(again if kept else memory, 0)
            items = tail(conf, "--from", "1")
            self.assertEqual(len(items), 360)
            self.assertFalse([i for i in items if i.get("fallback")])
            self.assertTrue(all("Marqueur unique" in i["text"] for i in items))
            print(f"\n360 articles from an archive through queues of 32 in {elapsed:.1f} s (cache {cache}: "
                  f"{arrival} as read, {memory} from memory, {again} read again)",
                  file=sys.stderr)
        p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=60,
                           env=dict(os.environ, NEWSWIRE_REPLAY_CACHE="lots"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("NEWSWIRE_REPLAY_CACHE", p.stderr.decode())

    def test_unlisted_pages_do_not_hold_reading_up(self):
        """Pages no feed lists fill the room kept for the pages of article
        jobs: reading waits for the jobs once at most, then drops them and
        reads on, and every listed page is still stored with its item."""
        site = Site(feeds=20, items=3)
        site.base = "http://crawl.example.net"

        def tag_pages(i):  # a crawl's other pages: tags, archives, authors
            for k in range(30):
                rng = random.Random(f"tag-{i}-{k}")
                paras = "".join(f"<p>{paragraph(rng, 40)}</p>" for _ in range(3))
                page = (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Rubrique {i}-{k}"
                        f"</title></head><body><article><h1>Rubrique {i}-{k}</h1>{paras}</article></body></html>")
                yield warcgen.record("response", f"{site.base}/tag/{i}-{k}.html", warcgen.http_response(page.encode()))
        recs = crawl_records(site, tag_pages)
        path = os.path.join(self.dir, "crawl.warc.gz")
        warcgen.write(path, recs, "members")
        conf = os.path.join(self.dir, "crawl.conf")
        write_conf(conf, "crawl", [])
        p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=120,
                           env=dict(os.environ, NEWSWIRE_LOG="debug", NEWSWIRE_REPLAY_CACHE="16KiB"))
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 0, err[-3000:])
        m = re.search(r"reading waited (\d+) times for jobs", err)
        self.assertTrue(m, err[-3000:])
        again = re.search(r"for article jobs: \d+ as read \(the job came first\), \d+ from memory, (\d+) read again", err)
        self.assertTrue(again, err[-3000:])
        # a wait is a poll of 5 ms: one 200 ms wait at most, and one more
        # for each listed page dropped too early and read again (a busy
        # machine stores feeds later), not one per feed (1,023 polls once)
        self.assertLessEqual(int(m.group(1)), 60 + 40 * int(again.group(1)), err[-3000:])
        items = tail(conf, "--from", "1")
        listed = [i for i in items if "/article/" in i["url"]]
        self.assertEqual(len(listed), 60)
        self.assertFalse([i for i in listed if i.get("fallback")])
        self.assertEqual(len(items), 60 + 600)

    def test_malformed_record_is_reported_and_skipped(self):
        path = os.path.join(self.dir, "bad.warc.gz")
        warcgen.write(path, self.records(bad=True), "members")
        conf, err = self.replay("bad", path, code=1)
        self.assertIn("bad.warc.gz: offset", err)
        self.assertIn("Content-Length", err)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)

    def test_folder_with_other_files(self):
        folder = os.path.join(self.dir, "folder")
        os.makedirs(folder, exist_ok=True)
        warcgen.write(os.path.join(folder, "crawl.warc.gz"), self.records(), "members")
        with open(os.path.join(folder, "README.md"), "w") as f:
            f.write("# notes\nnot a feed\n")
        with open(os.path.join(folder, "data.json"), "w") as f:
            f.write('{"a": 1}\n')
        conf, err = self.replay("folder", folder)
        self.assertIn("files or records skipped", err)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        # a symbolic link back up (a loop) and one to nowhere: the loop is
        # listed once, the dangling link said and counted, the rest replayed
        os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
        os.symlink("..", os.path.join(folder, "sub", "up"))
        os.symlink("/nonexistent/newswire", os.path.join(folder, "broken.warc.gz"))
        conf, err = self.replay("folder-links", folder, code=1)
        self.assertIn("broken.warc.gz: No such file or directory (skipped)", err)
        self.assertIn("a folder listed already", err)
        self.assertIn("1 failed", err)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)

    def test_revisit_of_another_url_replays_that_payload(self):
        """A crawler that deduplicates by payload writes a page it met
        before at another address as a revisit (identical-payload-digest)
        naming that response: replay gives the revisit's URL that payload,
        so feed 1's items get their pages as live; a revisit whose payload no response
        read before it holds is counted, and nothing is replayed for it. A
        feed archived again whole with the same payload is not parsed again."""
        s, base = self.site, self.site.base
        identical = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
        recs = [warcgen.warcinfo()]
        feed0 = s.feed_xml(0, base)
        for i in range(2):
            recs.append(warcgen.record("response", f"{base}/feed/{i}.xml", warcgen.http_response(
                s.feed_xml(i, base), "application/rss+xml; charset=utf-8"),
                extra={"WARC-Payload-Digest": warcgen.digest(s.feed_xml(i, base))}))
            for j in range(4):
                body, url = self.page(i, j), f"{base}/article/{i}-{j}.html"
                digest = {"WARC-Payload-Digest": warcgen.digest(body)}
                if i == 0:
                    recs.append(warcgen.record("response", url, warcgen.http_response(body), extra=digest))
                    continue
                first = f"{base}/syndicated/{i}-{j}.html"
                recs.append(warcgen.record("response", first, warcgen.http_response(body), extra=digest))
                recs.append(warcgen.record("revisit", url, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
                                           extra=dict(digest, **{"WARC-Profile": identical,
                                                                  "WARC-Refers-To-Target-URI": first})))
        # feed 0 polled again, the same bytes archived whole (no revisit)
        recs.append(warcgen.record("response", f"{base}/feed/0.xml", warcgen.http_response(
            feed0, "application/rss+xml; charset=utf-8"), extra={"WARC-Payload-Digest": warcgen.digest(feed0)}))
        recs.append(warcgen.record("revisit", f"{base}/elsewhere.html", b"HTTP/1.1 200 OK\r\n\r\n", extra={
            "WARC-Profile": identical, "WARC-Payload-Digest": warcgen.digest(b"a payload this archive lacks")}))
        path = os.path.join(self.dir, "dedup.warc.gz")
        warcgen.write(path, recs, "members")
        conf, err = self.replay("dedup", path, NEWSWIRE_LOG="info")
        self.assertIn("4 revisit records replayed with the payload of the responses they repeat", err)
        self.assertIn("1 revisit record repeats a payload that no response read before it holds", err)
        self.assertIn("1 response repeats the payload of one replayed before at its address: not parsed again", err)
        self.assertIn("2 feed documents", err)
        # (the first addresses' pages name the articles as canonical: the
        # same items, nothing more)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        # one gzip member for the whole file: a response cannot be read
        # again by its offset; the pages the revisits name are found by
        # their URL among those read, kept in memory or set aside
        whole = os.path.join(self.dir, "dedup-whole.warc.gz")
        warcgen.write(whole, recs, "whole")
        for cache in ("48MiB", "0"):
            with self.subTest(cache=cache):
                conf, err = self.replay(f"dedup-whole-{cache}", whole, NEWSWIRE_LOG="info",
                                        NEWSWIRE_REPLAY_CACHE=cache)
                self.assertIn("4 revisit records replayed with the payload of the responses they repeat", err)
                self.assertIn("1 revisit record repeats a payload that no response read before it holds", err)
                self.assertIn("1 response repeats the payload of one replayed before at its address", err)
                self.assertEqual(essence(tail(conf, "--from", "1")), self.live)

    def test_own_archive_replays_to_the_live_items(self):
        files = sorted(os.listdir(self.archive))
        self.assertTrue(files)
        self.assertFalse([f for f in files if f.endswith(".open")], files)  # closed at the end of the run
        self.assertTrue(all(f.startswith("newswire-") and f.endswith(".warc.gz") for f in files), files)
        if len(files) < 2:
            self.skipTest("the live run's archive did not reach archive_max")
        conf, err = self.replay("own", self.archive, NEWSWIRE_LOG="info")
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)
        self.assertIn("items: 8 new, 0 revised, 0 unchanged", err)
        # again: each item counted once, though its feed entry and its
        # page both come again (the page as a page of its own)
        _, err = self.replay("own", self.archive, NEWSWIRE_LOG="info")
        self.assertIn("items: 0 new, 0 revised, 8 unchanged", err)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)

    def test_reextract_revises_changed_items_only(self):
        old = os.path.join(self.dir, "old.warc.gz")
        warcgen.write(old, self.records(cut={(0, 0), (1, 2)}), "members")
        conf, _ = self.replay("rx", old)
        before = {it["id"]: it for it in tail(conf, "--from", "1")}
        self.assertEqual(len(before), 8)
        markers = {it["url"].rsplit("/", 1)[1]: "Marqueur unique" in it["text"] for it in before.values()}
        self.assertEqual([u for u, m in sorted(markers.items()) if not m], ["0-0.html", "1-2.html"])
        new = os.path.join(self.dir, "new.warc.gz")
        warcgen.write(new, self.records(), "members")
        _, err = self.replay("rx", "--reextract", new)
        self.assertIn("0 new, 2 revised", err)
        after = tail(conf, "--from", "1")
        latest = {}
        for it in after:  # the latest revision of each item
            latest[it["id"]] = it
        self.assertEqual(essence(latest.values()), self.live)
        revised = sorted(it["url"].rsplit("/", 1)[1] for it in latest.values() if it["rev"] == 2)
        self.assertEqual(revised, ["0-0.html", "1-2.html"])
        for i, it in latest.items():  # the others untouched: same revision, same seq
            if it["rev"] == 1:
                self.assertEqual(it["seq"], before[i]["seq"])
        # feed fields kept on the revision
        r = next(it for it in latest.values() if it["url"].endswith("0-0.html"))
        self.assertEqual(r["guid"], before[r["id"]]["guid"])
        self.assertEqual(r["feed"], before[r["id"]]["feed"])
        _, err = self.replay("rx", "--reextract", new)
        self.assertIn("0 new, 0 revised", err)

    def test_reextract_since_reaches_revisits(self):
        """--reextract --since TIME: a page archived before TIME and
        revisited since (the same payload again) is extracted again, its
        response read back for the revisit; records before TIME alone
        are left out."""
        old = os.path.join(self.dir, "since-old.warc.gz")
        warcgen.write(old, self.records(cut={(0, 1), (1, 3)}), "members")
        conf, _ = self.replay("since", old)
        base = self.site.base
        identical = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
        recs = [warcgen.warcinfo()]
        for (i, j) in ((0, 1), (1, 3), (0, 2)):
            url, body = f"{base}/article/{i}-{j}.html", self.page(i, j)
            digest = {"WARC-Payload-Digest": warcgen.digest(body)}
            recs.append(warcgen.record("response", url, warcgen.http_response(body), date="2026-11-01T10:00:00Z",
                                       extra=digest))
            if j != 2:  # (0, 2) is not revisited: left out
                recs.append(warcgen.record("revisit", url, b"HTTP/1.1 200 OK\r\n\r\n", date="2026-11-29T10:00:00Z",
                                           extra=dict(digest, **{"WARC-Profile": identical,
                                                                  "WARC-Refers-To-Target-URI": url})))
        new = os.path.join(self.dir, "since-new.warc.gz")
        warcgen.write(new, recs, "members")
        _, err = self.replay("since", "--reextract", "--since", "2026-11-15T00:00:00Z", new)
        self.assertIn("0 new, 2 revised", err)
        latest = {}
        for it in tail(conf, "--from", "1"):
            latest[it["id"]] = it
        self.assertEqual(essence(latest.values()), self.live)

    @unittest.skipUnless(shutil.which("node") and os.path.isdir(WARCIO), "warcio (npm) is not installed")
    def test_warcio_reads_our_archive(self):
        files = [os.path.join(self.archive, f) for f in sorted(os.listdir(self.archive))]
        p = subprocess.run(["node", os.path.join(NODE_DIR, "warcio_check.mjs")] + files, capture_output=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        res = json.loads(p.stdout)
        self.assertEqual(res["bad"], [])
        self.assertEqual(res["checked"], 11)  # every response's payload digest
        self.assertEqual(res["types"].get("warcinfo"), len(files))
        # every feed, article and robots.txt fetch: a request and a response each
        self.assertEqual(res["types"].get("request"), 11)
        self.assertEqual(res["types"].get("response"), 11)
        self.assertIn(f"response {self.site.base}/article/1-3.html", res["uris"])
        self.assertIn(f"response {self.site.base}/robots.txt", res["uris"])

    def test_feed_over_max_body_read_as_far_as_it_came(self):
        """A feed longer than fetcher.max_body: its whole entries within the
        limit are stored (the one cut in half is not), its response is
        archived with WARC-Truncated, warcio reads it, and a replay of the
        archive stores the same items."""
        site = Site(feeds=1, items=90).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "cut.conf")
                write_conf(conf, "cut", [("long", f"{site.base}/feed/0.xml")], interval="1h",
                           extra="[fetcher]\nmax_body = 8KiB\narchive = cut-archive\n")
                body = site.feed_xml(0, site.base)
                self.assertGreater(len(body), 3 * 8192)
                whole = body[:8192].count(b"</item>")
                run = Proc(["run", "-c", conf], wd)
                try:
                    done = wait_for(lambda: len([i for i in tail(conf, "--from", "1") if not i.get("fallback")])
                                    >= whole, 60)
                    time.sleep(0.5)
                finally:
                    run.stop()
                self.assertTrue(done, run.stderr())
                self.assertIn("body cut at fetcher.max_body", run.stderr())
                live = essence(tail(conf, "--from", "1"))
                self.assertEqual(len(live), whole)
                titles = {v[2] for v in live.values()}
                self.assertEqual(titles, {site.articles[(0, j)]["title"] for j in range(whole)})
                archive = os.path.join(wd, "cut-archive")
                files = [os.path.join(archive, f) for f in sorted(os.listdir(archive))]
                raw = b"".join(gzip.open(f).read() for f in files)
                self.assertEqual(raw.count(b"WARC-Truncated: length"), 1)
                p = subprocess.run(["node", os.path.join(NODE_DIR, "warcio_check.mjs")] + files,
                                   capture_output=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertEqual(json.loads(p.stdout)["bad"], [])
                rconf = os.path.join(wd, "again.conf")
                write_conf(rconf, "again", [])
                p = subprocess.run([BIN, "replay", "-c", rconf, archive], capture_output=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertEqual(essence(tail(rconf, "--from", "1")), live)
        finally:
            site.stop()

    def test_records_over_max_body_read_as_far_as_it(self):
        """Records over fetcher.max_body in another writer's archive (a long
        feed sent gzip-encoded and chunked, a video) are read as the live
        fetcher reads such bodies: the feed's whole entries within the limit
        are stored, the video is skipped as no document, nothing fails; a
        revisit elsewhere of the long feed reads the same whole entries."""
        site = Site(feeds=1, items=90)
        site.base = "http://news.example"
        body = site.feed_xml(0, site.base)
        whole = body[:8192].count(b"</item>")
        self.assertGreater(len(body), 3 * 8192)
        # and the same feed at a mirror's address, archived as a revisit of
        # it (identical-payload-digest): read as cut too
        digest = {"WARC-Payload-Digest": warcgen.digest(body)}
        recs = [warcgen.warcinfo(),
                warcgen.record("response", f"{site.base}/feed/0.xml", warcgen.http_response(
                    body, "application/rss+xml", encoding="gzip", chunked=True), extra=digest),
                warcgen.record("response", f"{site.base}/clip.mp4", warcgen.http_response(
                    bytes(random.Random(1).getrandbits(8) for _ in range(40000)), "video/mp4")),
                warcgen.record("revisit", f"{site.base}/mirror/feed.xml",
                               b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n",
                               extra=dict(digest, **{
                                   "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                                   "WARC-Refers-To-Target-URI": f"{site.base}/feed/0.xml"}))]
        for layout in ("plain", "members", "whole"):
            path = os.path.join(self.dir, f"long-{layout}.warc" + ("" if layout == "plain" else ".gz"))
            warcgen.write(path, recs, layout)
            conf = os.path.join(self.dir, f"long-{layout}.conf")
            write_conf(conf, f"long-{layout}", [], extra="[fetcher]\nmax_body = 8KiB\n")
            p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            items = tail(conf, "--from", "1")
            self.assertEqual(sorted(i["title"] for i in items),
                             sorted(site.articles[(0, j)]["title"] for j in range(whole)))

    def test_feed_without_validators_archived_whole_once(self):
        """A feed whose server sends no validators, polled while it stays
        the same: its first response is archived whole, the next ones as
        revisits (identical-payload-digest) naming it; warcio matches each
        revisit's digest to that response, and the archive replays to the
        live items."""
        conf = os.path.join(self.dir, "nvlive.conf")
        write_conf(conf, "nvlive", [("nv", f"{self.site.base}/nv/1.xml")], interval="1s",
                   extra="[fetcher]\narchive = nv-archive\n")
        polls = lambda: self.site.count(lambda r: r[0] == "/nv/1.xml")  # noqa: E731
        before = polls()
        run = Proc(["run", "-c", conf], self.dir)
        try:
            done = wait_for(lambda: len([i for i in tail(conf, "--from", "1") if not i.get("fallback")]) == 4
                            and polls() >= before + 4, 60)
        finally:
            self.assertEqual(run.stop(), 0)
        self.assertTrue(done, run.stderr())
        live = essence(tail(conf, "--from", "1"))
        archive = os.path.join(self.dir, "nv-archive")
        files = [os.path.join(archive, f) for f in sorted(os.listdir(archive))]
        uri = f"{self.site.base}/nv/1.xml"
        kinds = []
        for path in files:
            with gzip.open(path, "rb") as f:
                for head in f.read().split(b"WARC/1.1\r\n")[1:]:
                    head = head.split(b"\r\n\r\n", 1)[0].decode()
                    if f"WARC-Target-URI: {uri}\r\n" in head + "\r\n" and "msgtype=response" in head:
                        kinds.append(re.search(r"WARC-Type: (\S+)", head).group(1))
        self.assertGreaterEqual(len(kinds), 4, kinds)
        self.assertEqual(kinds[0], "response")
        self.assertEqual(set(kinds[1:]), {"revisit"}, kinds)
        if shutil.which("node") and os.path.isdir(WARCIO):
            p = subprocess.run(["node", os.path.join(NODE_DIR, "warcio_check.mjs")] + files, capture_output=True,
                               timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            res = json.loads(p.stdout)
            self.assertEqual(res["bad"], [])
            self.assertEqual(res["revisits_checked"], len(kinds) - 1)
        rconf, err = self.replay("nvreplay", archive)
        self.assertEqual(essence(tail(rconf, "--from", "1")), live)

    def test_replay_of_a_file_being_written(self):
        # an .open file as the fetcher leaves it while it writes: its last
        # record not whole yet; one page not archived
        folder = os.path.join(self.dir, "being-written")
        os.makedirs(folder, exist_ok=True)
        recs = [r for r in self.records() if b"/article/1-3.html" not in r[:600]]
        path = os.path.join(folder, "newswire-20261129100000-00000.warc.gz.open")
        warcgen.write(path, recs, "members")
        with open(path, "ab") as f:
            f.write(gzip.compress(recs[2])[:60])
        conf, err = self.replay("being-written", folder)  # exit 0: nothing failed
        self.assertIn("its last record is being written", err)
        self.assertIn("0 failed", err)
        self.assertIn("1 feed item had no page in the inputs: kept with its feed summary", err)
        self.assertNotIn("article failed", err)
        items = tail(conf, "--from", "1")
        self.assertEqual(len(items), 8)
        summary_only = [it["url"] for it in items if it.get("fallback")]
        self.assertEqual(summary_only, [f"{self.site.base}/article/1-3.html"])

    def test_torn_open_file_is_cut_at_start(self):
        src = sorted(os.listdir(self.archive))[0]
        torn_dir = os.path.join(self.dir, "torn")
        os.makedirs(torn_dir, exist_ok=True)
        with open(os.path.join(self.archive, src), "rb") as f:
            data = f.read()
        name = os.path.join(torn_dir, "newswire-20200101000000-00000.warc.gz.open")
        with open(name, "wb") as f:
            f.write(data + data[:40])  # a whole file, then the start of a member a crash cut
        conf = os.path.join(self.dir, "torn.conf")
        write_conf(conf, "torn-store", [(f"x", f"{self.site.base}/feed/0.xml")], interval="1h",
                   extra="[fetcher]\narchive = torn\n")
        run = Proc(["run", "-c", conf], self.dir)
        try:
            self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 4, 30), run.stderr())
        finally:
            run.stop()
        closed = name[:-5]
        self.assertTrue(os.path.exists(closed))
        self.assertFalse(os.path.exists(name))
        with open(closed, "rb") as f:
            self.assertEqual(f.read(), data)

    def test_cc_news_shaped_archive(self):
        """What CC-NEWS publishes: WARC/1.0, gzip per record, a warcinfo, then
        request/response/metadata triples of article pages (no feeds), with
        robots.txt and redirects among them."""
        base = "https://news.example.org"
        recs = [warcgen.record("warcinfo", None, b"isPartOf: CC-NEWS-2026-11\r\noperator: test\r\n",
                               content_type="application/warc-fields", version="1.0")]
        pages = {}
        for j in range(3):
            url = f"{base}/2026/11/29/story-{j}"
            html = self.page(0, j).replace(f"{self.site.base}/article/0-{j}.html".encode(), url.encode())
            pages[url] = html
            extra = {"WARC-IP-Address": "203.0.113.7", "WARC-Identified-Payload-Type": "text/html",
                     "WARC-Payload-Digest": "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
            recs.append(warcgen.record("request", url, b"GET / HTTP/1.1\r\nHost: news.example.org\r\n\r\n",
                                       content_type="application/http; msgtype=request", version="1.0"))
            recs.append(warcgen.record("response", url, warcgen.http_response(html, encoding="gzip"),
                                       version="1.0", extra=extra))
            recs.append(warcgen.record("metadata", url, b"fetchTimeMs: 120\r\n",
                                       content_type="application/warc-fields", version="1.0"))
        recs.append(warcgen.record("response", f"{base}/robots.txt",
                                   warcgen.http_response(b"User-agent: *\nDisallow:\n", "text/plain"), version="1.0"))
        recs.append(warcgen.record("response", f"{base}/old", b"HTTP/1.1 301 Moved\r\nLocation: /new\r\n\r\n",
                                   version="1.0"))
        path = os.path.join(self.dir, "CC-NEWS-20261129000000-00001.warc.gz")
        warcgen.write(path, recs, "members")
        conf, err = self.replay("ccnews", path)
        items = tail(conf, "--from", "1")
        self.assertEqual(sorted(it["url"] for it in items), sorted(pages))
        for it in items:
            self.assertIn("Marqueur unique", it["text"])
            self.assertEqual(it["source"], "Le Site de Test")
        self.assertIn("1 robots.txt file read past", err)
        self.assertNotIn("skipped", err)

    def test_pages_before_any_feed(self):
        """Pages met before any feed go as they are read (a CC-NEWS archive is
        stored as it is read). A feed met later that lists one of them joins
        the item already stored: one item per story, the feed among its
        feeds, its text the page's."""
        s, base = self.site, self.site.base
        recs = [warcgen.warcinfo(),
                warcgen.record("response", f"{base}/article/0-0.html", warcgen.http_response(self.page(0, 0))),
                warcgen.record("response", f"{base}/feed/0.xml", warcgen.http_response(
                    s.feed_xml(0, base), "application/rss+xml; charset=utf-8"))]
        for j in range(1, 4):
            recs.append(warcgen.record("response", f"{base}/article/0-{j}.html", warcgen.http_response(self.page(0, j))))
        path = os.path.join(self.dir, "page-first.warc.gz")
        warcgen.write(path, recs, "members")
        conf, err = self.replay("page-first", path, NEWSWIRE_LOG="debug")
        self.assertIn("1 pages sent as read, before any feed", err)
        items = tail(conf, "--from", "1")
        self.assertEqual(sorted(it["url"] for it in items), [f"{base}/article/0-{j}.html" for j in range(4)])
        for it in items:
            self.assertIn(f"Marqueur unique 0x{it['url'][-6]}", it["text"])
        first = [it for it in items if it["url"].endswith("0-0.html")][0]
        self.assertIn(f"{base}/feed/0.xml", first["feeds"])
        # again: nothing new
        _, err = self.replay("page-first", path)
        self.assertIn("0 new", err)

    def test_page_first_under_another_canonical_read_again(self):
        """A page met before any feed, whose own canonical link is not its
        archived address, is stored under that link; the feed read later
        lists the archived address, and that item's article job is answered
        by the page's record read again (pages sent as read are remembered
        by where they are, not kept). The page is windows-1252, said only in
        its HTTP header: its text comes out right both times."""
        s, base = self.site, self.site.base
        html = self.page(0, 1).decode().replace(f'href="{base}/article/0-1.html"', f'href="{base}/story/0-1"')
        html = html.replace('<meta charset="utf-8">', "")
        recs = [warcgen.warcinfo(),
                warcgen.record("response", f"{base}/article/0-1.html",
                               warcgen.http_response(html.encode("cp1252"), "text/html; charset=windows-1252")),
                warcgen.record("response", f"{base}/feed/0.xml", warcgen.http_response(
                    s.feed_xml(0, base), "application/rss+xml; charset=utf-8"))]
        for j in (0, 2, 3):
            recs.append(warcgen.record("response", f"{base}/article/0-{j}.html", warcgen.http_response(self.page(0, j))))
        path = os.path.join(self.dir, "canonical-first.warc.gz")
        warcgen.write(path, recs, "members")
        conf, err = self.replay("canonical-first", path, NEWSWIRE_LOG="debug")
        self.assertIn("1 pages sent as read, before any feed", err)
        items = {it["url"]: it for it in tail(conf, "--from", "1")}
        self.assertEqual(sorted(items), [f"{base}/article/0-{j}.html" for j in range(4)] + [f"{base}/story/0-1"])
        marker = s.articles[(0, 1)]["marker"]
        for url in (f"{base}/story/0-1", f"{base}/article/0-1.html"):
            self.assertIn(marker, items[url]["text"])
            self.assertIsNone(items[url]["fallback"])
        self.assertEqual(items[f"{base}/article/0-1.html"]["dup_of"], items[f"{base}/story/0-1"]["seq"])

    def test_pages_claiming_their_sites_root(self):
        """An archive of pages alone (as CC-NEWS publishes them) whose
        template gives every page the site's home page as its canonical
        link, or another site's address: each page is stored under its own
        archived address, not all of them as one item."""
        base = self.site.base
        recs = [warcgen.warcinfo()]
        for j in range(3):
            html = self.page(1, j).decode()
            claim = f"{base}/" if j < 2 else "https://elsewhere.example/1/2.html"
            html = html.replace(f'href="{base}/article/1-{j}.html"', f'href="{claim}"')
            self.assertIn(claim, html)
            recs.append(warcgen.record("response", f"{base}/article/1-{j}.html", warcgen.http_response(html.encode())))
        path = os.path.join(self.dir, "root-claims.warc.gz")
        warcgen.write(path, recs, "members")
        conf, err = self.replay("root-claims", path)
        self.assertIn("3 new", err)
        items = tail(conf, "--from", "1")
        self.assertEqual(sorted(it["url"] for it in items), [f"{base}/article/1-{j}.html" for j in range(3)])
        for it in items:
            self.assertIn(self.site.articles[(1, int(it["url"][-6]))]["marker"], it["text"])

    def test_interrupted_replay(self):
        """Ctrl-C: what was committed stays, the exit status is 1 and says
        so, and replaying the same archive again stores the rest, each
        story once. (The interrupt comes once the first items are seen
        stored, by then up to 2,500 of 3,000 pages were stored on a quiet
        machine: the archive holds 9,000.)"""
        FEEDS = 90
        total = FEEDS * 100
        gen = Site(feeds=FEEDS, items=100)
        base = "https://interrupted.example"
        recs = [warcgen.warcinfo()]
        for i in range(FEEDS):
            for j in range(100):
                recs.append(warcgen.record("response", f"{base}/{i}/{j}.html",
                                           warcgen.http_response(gen.article_html(i, j, base))))
        path = os.path.join(self.dir, "interrupted.warc.gz")
        warcgen.write(path, recs, "members")
        conf = os.path.join(self.dir, "interrupted.conf")
        write_conf(conf, "interrupted", [])
        p = subprocess.Popen([BIN, "replay", "-c", conf, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=dict(os.environ, NEWSWIRE_LOG="info"))
        self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) > 0, 60, step=0.05))
        p.send_signal(signal.SIGINT)
        err = p.communicate(timeout=60)[1].decode()
        stored = len(tail(conf, "--from", "1"))
        print(f"\ninterrupted after {stored} of {total} pages stored", file=sys.stderr)
        self.assertLess(stored, total, "the replay ended before it was interrupted: make the archive larger")
        self.assertEqual(p.returncode, 1, err)
        self.assertRegex(err, rf"interrupted: \d+ documents sent, {stored} of them stored; items: {stored} new")
        p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=300)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 0, err)
        self.assertIn(f"{total - stored} new, 0 revised, {stored} unchanged", err)
        items = tail(conf, "--from", "1")
        self.assertEqual(len({it["url"] for it in items}), total)
        self.assertEqual(len(items), total)

    def test_url_map_for_loose_pages(self):
        folder = os.path.join(self.dir, "loose")
        os.makedirs(folder, exist_ok=True)
        for j in range(2):  # pages without a canonical link or og:url
            html = self.page(1, j).replace(b'<link rel="canonical"', b'<link rel="x-none"')
            with open(os.path.join(folder, f"p{j}.html"), "wb") as f:
                f.write(html)
        mapping = os.path.join(self.dir, "urls.tsv")
        with open(mapping, "w") as f:
            f.write("# file<TAB>url\n")
            for j in range(2):
                f.write(f"{os.path.join(folder, f'p{j}.html')}\thttps://loose.example/{j}\n")
        conf, err = self.replay("urlmap-none", folder, code=1)
        self.assertIn("without a canonical URL", err)
        conf, _ = self.replay("urlmap", "--url-map", mapping, folder)
        self.assertEqual(sorted(it["url"] for it in tail(conf, "--from", "1")),
                         ["https://loose.example/0", "https://loose.example/1"])

    def test_document_over_the_message_cap(self):
        # a page bigger than a message may be fails on its own; the replay ends
        folder = os.path.join(self.dir, "big-pages")
        os.makedirs(folder, exist_ok=True)
        words = " ".join(["council bridge river engineers"] * 8)
        for name, paras in (("big", 200), ("small", 3)):
            body = "".join(f"<p>{words} {i}.</p>" for i in range(paras))
            with open(os.path.join(folder, f"{name}.html"), "w") as f:
                f.write(f'<html><head><title>{name} page</title><link rel="canonical" '
                        f'href="https://big.example/{name}"></head><body><article>{body}</article></body></html>')
        conf = os.path.join(self.dir, "small-cap.conf")
        write_conf(conf, "small-cap", [], endpoints={"max_message": "16KiB"})
        t0 = time.monotonic()
        conf, err = self.replay("small-cap", folder, code=1)
        self.assertLess(time.monotonic() - t0, 60)
        self.assertIn("https://big.example/big: a document of", err)
        self.assertIn("1 failed", err)
        self.assertEqual([it["url"] for it in tail(conf, "--from", "1")], ["https://big.example/small"])

    def test_replay_into_running_daemon(self):
        # the archived site is up: the daemon could fetch its pages, and must not
        base = self.site.base
        recs = [warcgen.warcinfo()]
        for i in range(2):
            recs.append(warcgen.record("response", f"{base}/feed/{i}.xml", warcgen.http_response(
                self.site.feed_xml(i, base), "application/rss+xml")))
            for j in range(3):  # the page of item 3 of each feed is not archived
                html = self.site.article_html(i, j, base)
                recs.append(warcgen.record("response", f"{base}/article/{i}-{j}.html", warcgen.http_response(html)))
        asked = lambda: self.site.count(lambda r: r[0].startswith("/article/"))
        asked_before = asked()
        path = os.path.join(self.dir, "into-daemon.warc.gz")
        warcgen.write(path, recs, "members")
        conf = os.path.join(self.dir, "daemon.conf")
        write_conf(conf, "daemon-store", [], endpoints={"results": f"tcp://127.0.0.1:{free_port()}"})
        run = Proc(["run", "-c", conf], self.dir)
        try:
            self.assertTrue(wait_for(lambda: os.path.exists(os.path.join(self.dir, "daemon-store", "data.mdb")), 10))
            time.sleep(0.5)
            p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("running newswire", p.stderr.decode())
            items = wait_for(lambda: (lambda it: it if len(it) >= 8 else None)(tail(conf, "--from", "1")), 30)
            self.assertIsNotNone(items, run.stderr())
        finally:
            self.assertEqual(run.stop(), 0)
        self.assertEqual(len(items), 8)
        self.assertEqual(asked(), asked_before, "the daemon fetched pages the replay brings")
        for it in items:
            self.assertTrue(it["url"].startswith(base), it["url"])
            self.assertEqual(it["feed"][:len(base)], base)
            self.assertEqual(it["rev"], 1, it["url"])
            if it["url"].endswith("-3.html"):  # not archived: its feed summary, said why
                self.assertEqual(it.get("fallback"), "page not in the replayed archive", it["url"])
            else:
                self.assertIn("Marqueur unique", it["text"], it["url"])
                self.assertIsNone(it.get("fallback"), it["url"])
        self.assertIn("2 items whose page it did not send keep their feed summary", run.stderr())

    def test_replay_into_daemon_default_endpoints(self):
        """With the shipped in-process endpoints, a replay reaches the
        running daemon on the socket its store keeps for replays, which
        goes when the daemon stops."""
        base = self.site.base
        recs = [warcgen.warcinfo(), warcgen.record("response", f"{base}/feed/1.xml", warcgen.http_response(
            self.site.feed_xml(1, base), "application/rss+xml"))]
        for j in range(4):
            recs.append(warcgen.record("response", f"{base}/article/1-{j}.html",
                                       warcgen.http_response(self.site.article_html(1, j, base))))
        path = os.path.join(self.dir, "default-endpoints.warc.gz")
        warcgen.write(path, recs, "members")
        conf = os.path.join(self.dir, "inproc.conf")
        write_conf(conf, "inproc-store", [])
        sock = os.path.join(self.dir, "inproc-store", "results.ipc")
        run = Proc(["run", "-c", conf], self.dir)
        try:
            self.assertTrue(wait_for(lambda: os.path.exists(sock), 10), run.stderr())
            p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn(f"sending it results on ipc://{sock}", p.stderr.decode())
            items = wait_for(lambda: (lambda it: it if len(it) >= 4 else None)(tail(conf, "--from", "1")), 30)
            self.assertIsNotNone(items, run.stderr())
            st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, text=True, timeout=30)
            self.assertIn(f"written by a running newswire (pid {run.p.pid})", st.stdout)
            st = subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True, text=True, timeout=30)
            self.assertEqual((json.loads(st.stdout)["running"], json.loads(st.stdout)["writer_pid"]),
                             (True, run.p.pid))
        finally:
            self.assertEqual(run.stop(), 0)
        st = subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True, text=True, timeout=30)
        self.assertEqual((json.loads(st.stdout)["running"], json.loads(st.stdout)["writer_pid"]), (False, None))
        self.assertEqual(sorted(it["url"] for it in items), [f"{base}/article/1-{j}.html" for j in range(4)])
        for it in items:
            self.assertIn("Marqueur unique", it["text"], it["url"])
            self.assertIsNone(it.get("fallback"), it["url"])
        self.assertFalse(os.path.exists(sock), "the daemon left its replay socket behind")

    def test_replay_into_store_taking_no_replay_refused(self):
        """The store held by a process that takes no replay (an older
        newswire, or another replay: here the test holds its lock): exit 2,
        saying why, and a socket a dead daemon left is not trusted."""
        conf = os.path.join(self.dir, "held.conf")
        write_conf(conf, "held-store", [])
        folder = os.path.join(self.dir, "held-store")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(self.dir, "held.warc")
        warcgen.write(path, self.records(), "plain")
        with open(os.path.join(folder, "writer.lock"), "w") as lock:
            lock.write(str(os.getpid()))
            lock.flush()
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=60)
            self.assertEqual(p.returncode, 2, p.stderr.decode())
            self.assertIn("takes no replay", p.stderr.decode())
        # a socket file left behind, nobody holding the store: the replay
        # opens the store itself, and the stale socket goes
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(os.path.join(folder, "results.ipc"))
        s.close()
        p = subprocess.run([BIN, "replay", "-c", conf, path], capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertNotIn("running newswire", p.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(folder, "results.ipc")))
        self.assertGreater(len(tail(conf, "--from", "1")), 0)

    @unittest.skipUnless(shutil.which("wget"), "wget is not installed")
    def test_wget_archive(self):
        base = self.site.base
        path, p = wget_archive(self.dir, "wget-crawl", [u for i in range(2) for u in [f"{base}/feed/{i}.xml"] + [
            f"{base}/article/{i}-{j}.html" for j in range(4)]])
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        conf, _ = self.replay("wget", path)
        self.assertEqual(essence(tail(conf, "--from", "1")), self.live)


def wget_archive(folder, name, urls):
    """What `wget --warc-file` writes fetching urls in turn: the WARC
    file's path, and wget's completed process."""
    listed = os.path.join(folder, f"{name}.txt")
    with open(listed, "w") as f:
        f.write("".join(u + "\n" for u in urls))
    base = os.path.join(folder, name)
    p = subprocess.run(["wget", "-q", f"--warc-file={base}", "--no-warc-keep-log", "-i", listed, "-O", os.devnull],
                       capture_output=True, timeout=120)
    return base + ".warc.gz", p


def archived_statuses(folder):
    """The HTTP status of every response record in the WARC files of
    folder, as {target URI: [status, ...]}."""
    out = {}
    for f in sorted(os.listdir(folder)):
        with open(os.path.join(folder, f), "rb") as fh:
            data = gzip.decompress(fh.read())
        for rec in data.split(b"WARC/1.1\r\n")[1:]:
            head, _, block = rec.partition(b"\r\n\r\n")
            if b"WARC-Type: response" not in head:
                continue
            uri = re.search(rb"WARC-Target-URI: <?([^>\r\n]+)", head).group(1).decode()
            out.setdefault(uri, []).append(int(block[9:12]))
    return out


class RedirectsTest(Replaying):
    """Article links that send their reader on: a 301, a 302 then a 307,
    a page whose refresh does (a static site's old address). Live, each
    item gets its article's text and its archive holds every exchange on
    the way; replayed, that archive, wget's of the same links and one
    whose redirects come after everything else give the live items."""

    @classmethod
    def setUpClass(cls):
        cls.site = Site(feeds=2, items=6).start()
        cls.site.gone.add("/article/0-5.html")  # a page its stub leads to is gone
        # and the walled feed: a link redirected to a consent form, one to
        # the home page (a story taken down), audio, a PDF, pages that are
        # no article
        feeds = [(f"m{i}", f"{cls.site.base}/moved/{i}.xml") for i in range(2)] + [
            ("walled", f"{cls.site.base}/walled.xml")]
        port = free_port()

        def scrape():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
                cls.metrics = r.read().decode()
        items = live_ingest(cls, feeds, lambda it: len(it) == 20 and len(
            [i for i in it if "/go/" in i["url"] and not i.get("fallback")]) == 11,
            f"[metrics]\nlisten = 127.0.0.1:{port}\n", scrape)
        cls.items = [i for i in items if "/go/" in i["url"]]
        cls.walled = {i["guid"]: i for i in items if "/wall/" in i["url"]}
        cls.live = essence(cls.items)
        cls.live_all = essence(items)

    def replayed(self, name, *paths, code=0, **env):
        """Replays paths into a store of their own: its items' essence, and
        what replay wrote on stderr."""
        conf, err = self.replay(name, *paths, code=code, NEWSWIRE_LOG="debug", **env)
        return essence(tail(conf, "--from", "1")), err

    def test_live_items_have_their_articles_text(self):
        self.assertEqual(len(self.items), 12)
        self.assertIn(self.site.articles[(0, 0)]["marker"], self.walled["wall-ok"]["text"])
        for it in self.items:
            i, j = (int(x) for x in re.search(r"/go/(\d+)-(\d+)", it["url"]).groups())
            if (i, j) == (0, 5):
                self.assertEqual(it["fallback"], "article not fetched: HTTP status 404")
                continue
            self.assertIn(self.site.articles[(i, j)]["marker"], it["text"], it["url"])
            self.assertNotIn("redirected", it["text"])
        statuses = archived_statuses(self.archive)
        base = self.site.base
        for i in range(2):
            for j in range(6):
                key = f"{i}-{j}"
                self.assertEqual(statuses[f"{base}/go/{key}"], [(301, 302, 200)[j % 3]], key)
                self.assertEqual(statuses[f"{base}/article/{key}.html"], [404 if key == "0-5" else 200], key)
                if j % 3 == 1:
                    self.assertEqual(statuses[f"{base}/via/{key}"], [307], key)
        p = subprocess.run(["node", os.path.join(NODE_DIR, "warcio_check.mjs")] +
                           [os.path.join(self.archive, f) for f in sorted(os.listdir(self.archive))],
                           capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        res = json.loads(p.stdout)
        self.assertEqual(res["bad"], [])
        # every exchange: the feeds, the articles, 12 + 4 answers on the way
        # to them, and the walled feed's (the audio cut off: a request alone)
        self.assertGreaterEqual(res["types"].get("response"), 2 + 12 + 12 + 4)
        self.assertEqual(res["types"].get("request"), res["types"].get("response") + 1)

    def test_own_archive_replays_to_the_live_items(self):
        # live: 12 3xx on the way to the stories and 2 of the walled feed's,
        # 4 pages' refreshes (the element and the header)
        self.assertIn('newswire_fetch_redirects_total{kind="http"} 14', self.metrics)
        self.assertIn('newswire_fetch_redirects_total{kind="refresh"} 4', self.metrics)
        # the consent form, the bot check, the home page and the PDF failed, as live
        items, err = self.replayed("own", self.archive, code=1)
        self.assertEqual(items, self.live_all)
        self.assertIn("items: 20 new, 0 revised, 0 unchanged", err)
        self.assertIn("; 4 failed", err)
        self.assertIn("replay: 18 redirects", err)
        # each item left with its summary for the reason it was live: the
        # home page a story's link led to is no article, nor audio (its
        # fetch cut off, archived as the error), nor a PDF; a page gone
        replayed = {i["guid"]: i for i in tail(os.path.join(self.dir, "own.conf"), "--from", "1")}
        self.assertIn("redirected to a home page", self.walled["wall-gone"]["fallback"])
        for it in self.walled.values():
            self.assertEqual(replayed[it["guid"]]["fallback"], it["fallback"], it["guid"])
        gone = [i for i in self.items if i["url"].endswith("/go/0-5")][0]
        self.assertEqual(replayed[gone["guid"]]["fallback"], gone["fallback"])
        self.assertIn("replay: 2 feed items' links failed when they were archived", err)  # the audio, the page gone

    @unittest.skipUnless(shutil.which("wget"), "wget is not installed")
    def test_wget_archive(self):
        """wget follows the 3xx answers and archives each; a page's refresh
        it leaves to a crawl that lists its address, as this one does."""
        base = self.site.base
        urls = []
        for i in range(2):
            urls.append(f"{base}/moved/{i}.xml")
            for j in range(6):
                urls += [f"{base}/go/{i}-{j}"] + ([f"{base}/article/{i}-{j}.html"] if j % 3 == 2 else [])
        path, p = wget_archive(self.dir, "wget-crawl", urls)
        self.assertEqual(p.returncode, 8, p.stderr.decode())  # the page gone: a server's error answer
        items, _ = self.replayed("wget", path)
        self.assertEqual({k: v for k, v in items.items() if "/go/" in v[1]}, self.live)

    def test_redirects_after_every_feed(self):
        """An archive whose redirects and pages come after every feed and a
        crawl's other page: the article jobs that come before them wait,
        and go on to where they lead as the redirects are read."""
        base = self.site.base
        recs = [warcgen.warcinfo()]
        for i in range(2):
            recs.append(warcgen.record("response", f"{base}/moved/{i}.xml", warcgen.http_response(
                self.site.moved_feed_xml(i, base), "application/rss+xml; charset=utf-8")))
        for i in range(2):
            for j in range(6):
                key = f"{i}-{j}"
                for path in [f"/go/{key}"] + ([f"/via/{key}"] if j % 3 == 1 else []):
                    code, headers, body = self.site.go(path, base)
                    recs.append(warcgen.record("response", base + path, warcgen.http_response(
                        body, status=code, more=headers)))
        for i in range(2):
            for j in range(6):
                recs.append(warcgen.record("response", f"{base}/article/{i}-{j}.html", warcgen.http_response(
                    b"gone", status=404) if (i, j) == (0, 5) else warcgen.http_response(
                    self.site.article_html(i, j, base))))
        # after the feeds, a long full-text feed, slow to store, and a
        # crawl's other page over the room kept for pages read: reading
        # waits there while the feeds are stored, and the first feeds'
        # jobs, stored before the long one, find nothing read for their
        # addresses yet: they wait, and reading goes on
        rng = random.Random(11)
        entries = "".join(f"<item><title>Billet {k}</title><guid>billet-{k}</guid><description>"
                          f"{paragraph(rng, 60)}</description></item>" for k in range(1500))
        recs.insert(3, warcgen.record("response", f"{base}/long.xml", warcgen.http_response(
            f"<rss version='2.0'><channel><title>Long</title>{entries}</channel></rss>".encode(),
            "application/rss+xml")))
        page = (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Rubrique</title></head>"
                f"<body><article><h1>Rubrique</h1><p>{paragraph(random.Random(7), 700)}</p></article></body></html>")
        self.assertTrue(4096 < len(page) < 8192)
        recs.insert(4, warcgen.record("response", f"{base}/tag/0.html", warcgen.http_response(page.encode())))
        path = os.path.join(self.dir, "late.warc.gz")
        warcgen.write(path, recs, "members")
        items, err = self.replayed("late", path, NEWSWIRE_REPLAY_CACHE="4KiB")
        self.assertEqual({k: v for k, v in items.items() if "/go/" in v[1]}, self.live)
        self.assertEqual(len(items), 12 + 1500 + 1)
        self.assertIn("replay: 16 redirects", err)
        m = re.search(r"for article jobs: (\d+) as read \(the job came first\)", err)
        self.assertTrue(m and int(m.group(1)) > 0, err[-3000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
