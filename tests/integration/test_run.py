"""newswire run against a local news site: ingestion, dedup, conditional
requests, failing feeds, tail options, and a clean stop."""
import contextlib
import email.utils
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Proc, Site, Workdir, free_port, tail, wait_for, write_conf  # noqa: E402

NFEEDS, NITEMS = 3, 5


def metric(port, name):
    """The value of one metric line of the daemon's /metrics, or None."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


def one_feed(wd, name, url, interval):
    """A configuration of one feed, its metrics on a free port: (path, port)."""
    conf = os.path.join(wd, f"{name}.conf")
    port = free_port()
    write_conf(conf, "store", [(name, url)], interval=interval, extra=f"[metrics]\nlisten = 127.0.0.1:{port}\n")
    return conf, port


def stored(conf, n, timeout, exact=False):
    """The stored items once there are n of them (at least n), or None."""
    return wait_for(lambda: (lambda it: it if (len(it) == n if exact else len(it) >= n) else None)(
        tail(conf, "--from", "1")), timeout)


NOT_FOUND = (404, "text/plain", b"")


def serve(respond):
    """An HTTP server on 127.0.0.1 answering each GET with respond(path,
    base): (status, content type, body). Returns the server and its base
    URL."""

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            status, ctype, body = respond(self.path, f"http://127.0.0.1:{self.server.server_port}")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def stop_serving(httpd):
    httpd.shutdown()
    httpd.server_close()


@contextlib.contextmanager
def running(respond, paths):
    """serve(respond), and `newswire run` in a work folder polling its
    feeds at `paths` ("/s0.xml": feed "s0") every second; yields the
    configuration's path and the process, stopped on the way out."""
    httpd, base = serve(respond)
    try:
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [(p[1:].split(".")[0], f"{base}{p}") for p in paths], interval="1s")
            p = Proc(["run", "-c", conf], wd)
            try:
                yield conf, p
            finally:
                p.stop()
    finally:
        stop_serving(httpd)


def section_of(path):
    """N of a section feed's path "/sN.xml", else None."""
    return int(path[2:-4]) if path.startswith("/s") and path.endswith(".xml") and path[2:-4].isdigit() else None


def section_feeds(render, polls, lock):
    """A respond function for serve(): "/sN.xml" is section N's feed of
    the items render(N, base) gives, counted in polls[0] (under lock);
    anything else is not found."""

    def respond(path, base):
        sec = section_of(path)
        if sec is None:
            return NOT_FOUND
        with lock:
            polls[0] += 1
            return rss(f"S{sec}", base, render(sec, base))

    return respond


def story_html(n):
    """A story's text as HTML paragraphs: long enough to be an article."""
    paragraph = ("The council met on the bridge works and the river crossing again, and the engineers said the "
                 "piers would be rebuilt before the spring floods reach the valley and its farms.")
    return "".join(f"<p>Story {n}, part {k}. {paragraph}</p>" for k in range(4))


def rss_item(title, link, n, content, extra=""):
    """An RSS item dated by n (an hour apart), with its whole text as
    content:encoded, or (content None) a one-line description."""
    text = (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content is not None
            else "<description>The council met again.</description>")
    return (f"<item><title>{title}</title><link>{link}</link>{extra}"
            f"<pubDate>{email.utils.formatdate(1600000000 + 3600 * n, usegmt=True)}</pubDate>{text}</item>")


def rss(title, link, items):
    body = ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>{link}/</link><description>d</description>" + "\n".join(items) +
            "</channel></rss>")
    return 200, "application/rss+xml", body.encode()


class RunTest(unittest.TestCase):
    def test_same_body_not_parsed_again(self):
        """A feed from a server without validators that writes the time of
        each request into it (a lastBuildDate, a comment after the end): a
        body the same as the one its items came from but for those is not
        parsed again (counted as unchanged, polled as after a 304); a
        changed one is, and its new item arrives."""
        site = Site(feeds=1, items=3).start()
        try:
            with Workdir() as wd:
                conf, port = one_feed(wd, "nv", f"{site.base}/nvts/0.xml", "1s")
                p = Proc(["run", "-c", conf], wd)
                try:
                    got = stored(conf, 3, 60)
                    self.assertIsNotNone(got, p.stderr()[-2000:])
                    unchanged = 'newswire_fetches_total{outcome="unchanged"}'
                    self.assertTrue(wait_for(lambda: (metric(port, unchanged) or 0) >= 2, 30), p.stderr()[-2000:])
                    # the feed and its three pages, parsed once each
                    self.assertEqual(metric(port, "newswire_parsed_documents_total"), 4)
                    self.assertEqual(site.count(lambda r: r[0] == "/nvts/0.xml" and r[1] is None and r[2] is None),
                                     site.count(lambda r: r[0] == "/nvts/0.xml"))
                    st = subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True, timeout=30)
                    feed = json.loads(st.stdout)["feeds"][0]
                    self.assertEqual(feed["last_status"], 200)
                    self.assertEqual(feed["failures"], 0)
                    # a new entry: the body changes, it is parsed, the item arrives
                    site.extra_items[0] = 1
                    site.articles[(0, 3)] = {"title": "Nouvelle dépêche", "paras": ["Texte " * 40],
                                             "marker": "Texte"}
                    more = stored(conf, 4, 30, exact=True)
                    self.assertIsNotNone(more, p.stderr()[-2000:])
                    self.assertEqual(more[-1]["title"], "Nouvelle dépêche")
                    # then unchanged again: nothing more parsed, nothing stored twice
                    now = metric(port, unchanged)
                    self.assertTrue(wait_for(lambda: (metric(port, unchanged) or 0) >= now + 2, 30))
                    self.assertEqual(metric(port, "newswire_parsed_documents_total"), 6)
                    self.assertEqual(len(tail(conf, "--from", "1")), 4)
                    self.assertEqual(p.stop(), 0)
                finally:
                    p.stop()
        finally:
            site.stop()

    def test_known_entries_come_without_text(self):
        """A full-text feed from a server without validators, polled again
        with its channel changed: the entries the store took from its last
        body come without their text (the job lists them as known), are
        counted unchanged and stay as stored; an entry whose text changed
        comes with it and is a revision."""
        site = Site(feeds=1, items=3).start()
        try:
            with Workdir() as wd:
                conf, port = one_feed(wd, "ft", f"{site.base}/full/0.xml", "1h")
                p = Proc(["run", "-c", conf], wd)
                try:
                    first = stored(conf, 3, 60)
                    self.assertIsNotNone(first, p.stderr()[-2000:])
                    self.assertTrue(all(it["text"].endswith(site.articles[(0, j)]["marker"])
                                        for j, it in enumerate(sorted(first, key=lambda x: x["guid"]))), first)
                    known = 'newswire_parsed_items_total{facts="known"}'
                    unchanged = 'newswire_items_total{change="unchanged"}'
                    self.assertEqual(metric(port, known), 0)
                    # the channel changes, not the entries
                    site.edition = "Edition 2"
                    p.p.send_signal(signal.SIGUSR1)
                    self.assertTrue(wait_for(lambda: metric(port, unchanged) == 3, 30), p.stderr()[-2000:])
                    self.assertEqual(metric(port, known), 3)
                    self.assertEqual(tail(conf, "--from", "1"), first)
                    # one entry's text changes: it comes whole, a revision
                    site.edition = "Edition 3"
                    site.articles[(0, 1)]["paras"][0] = "Un paragraphe récrit " * 10
                    p.p.send_signal(signal.SIGUSR1)
                    got = stored(conf, 4, 30, exact=True)
                    self.assertIsNotNone(got, p.stderr()[-2000:])
                    self.assertEqual(got[-1]["rev"], 2)
                    self.assertEqual(got[-1]["guid"], "full-0-1")
                    self.assertTrue(got[-1]["text"].startswith("Un paragraphe récrit"), got[-1]["text"][:80])
                    self.assertEqual(metric(port, known), 5)
                    self.assertEqual(metric(port, unchanged), 5)
                    self.assertEqual(got[:3], first)
                    self.assertEqual(p.stop(), 0)
                    # the list is the store's: after a restart the entries
                    # still come without their text
                    site.edition = "Edition 4"
                    p = Proc(["run", "-c", conf], wd)
                    self.assertTrue(wait_for(lambda: metric(port, known) is not None, 30), p.stderr()[-2000:])
                    p.p.send_signal(signal.SIGUSR1)
                    self.assertTrue(wait_for(lambda: metric(port, unchanged) == 3, 30), p.stderr()[-2000:])
                    self.assertEqual(metric(port, known), 3)
                    self.assertEqual(tail(conf, "--from", "1"), got)
                    self.assertEqual(p.stop(), 0)
                finally:
                    p.stop()
        finally:
            site.stop()

    def test_map_grows(self):
        """A store whose map fills up mid-ingest grows it and goes on: the
        batch that did not fit is done again, and every host's count of
        jobs in flight stays true (the jobs sent by the batch that did not
        fit were never leased), so that no host's window stays full. At
        store.max_size intake stops with one error, every committed item
        kept."""
        site = Site(feeds=12, items=50).start()  # each within store.first_fetch_max
        try:
            with Workdir() as wd:
                feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(12)]

                def small_map(name, max_size):
                    conf = os.path.join(wd, f"{name}.conf")
                    write_conf(conf, name, feeds, interval="1h", lease="60s")
                    with open(conf) as f:
                        text = f.read().replace("map_size = 256MiB", f"map_size = 1MiB\nmax_size = {max_size}")
                    with open(conf, "w") as f:
                        f.write(text)
                    return conf

                conf = small_map("grow", "64MiB")
                p = Proc(["run", "-c", conf], wd)
                try:
                    want = 12 * 50
                    items = wait_for(lambda: (lambda it: it if len(it) >= want else None)(tail(conf, "--from", "1")),
                                     120)
                    self.assertIsNotNone(items, "items did not all arrive: " + p.stderr()[-2000:])
                finally:
                    self.assertEqual(p.stop(), 0)
                log = p.stderr()
                self.assertIn("map full; grown to 2 MiB", log)
                self.assertIn("map full; grown to 4 MiB", log)
                self.assertEqual(len({it["url"] for it in items}), want)
                self.assertEqual([it["seq"] for it in items], list(range(1, want + 1)))
                self.assertTrue(all(it["fallback"] is None for it in items))

                # the same ingest with a ceiling it cannot fit under: it
                # stops by itself with the status systemd is told not to
                # restart on (a start would fetch and fail the same way)
                conf2 = small_map("full", "1MiB")
                p = Proc(["run", "-c", conf2], wd)
                try:
                    self.assertTrue(wait_for(lambda: "the store is full" in p.stderr(), 60), p.stderr()[-2000:])
                    self.assertTrue(wait_for(lambda: p.p.poll() is not None, 10), p.stderr()[-2000:])
                finally:
                    p.stop()
                self.assertEqual(p.p.returncode, 3, p.stderr()[-2000:])
                log = p.stderr()
                self.assertEqual(log.count("the store is full (1 MiB, store.max_size)"), 1, log[-2000:])
                kept = tail(conf2, "--from", "1")
                self.assertGreater(len(kept), 0)
                self.assertLess(len(kept), want)
                self.assertEqual([it["seq"] for it in kept], list(range(1, len(kept) + 1)))
        finally:
            site.stop()

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("mount"), "needs root to mount a small tmpfs")
    def test_disk_full(self):
        """The disk holding the store fills up mid-ingest: intake stops with
        one error that says so, every committed item is kept, and once
        there is room again a restart stores the rest, each item once."""
        site = Site(feeds=30, items=20).start()
        try:
            with Workdir() as wd:
                disk = os.path.join(wd, "disk")
                os.makedirs(disk)
                if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk],
                                  capture_output=True).returncode != 0:
                    self.skipTest("mount is not permitted here")
                try:
                    conf = os.path.join(wd, "full.conf")
                    feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(30)]
                    write_conf(conf, os.path.join(disk, "store"), feeds, interval="1h", lease="60s")
                    p = Proc(["run", "-c", conf], wd)
                    try:
                        said = wait_for(lambda: "no space left on the disk holding" in p.stderr(), 60)
                        self.assertTrue(said, p.stderr()[-2000:])
                        self.assertTrue(wait_for(lambda: p.p.poll() is not None, 10))
                    finally:
                        p.stop()
                    self.assertEqual(p.p.returncode, 3)  # not restarted by systemd: see the unit
                    self.assertEqual(p.stderr().count("no space left"), 1, p.stderr()[-2000:])
                    kept = tail(conf, "--from", "1")
                    self.assertGreater(len(kept), 0)
                    self.assertEqual([it["seq"] for it in kept], list(range(1, len(kept) + 1)))
                    subprocess.run(["mount", "-o", "remount,size=64m", disk], check=True)
                    p = Proc(["run", "-c", conf], wd)
                    try:
                        items = wait_for(lambda: (lambda it: it if len(it) >= 600 else None)(tail(conf, "--from", "1")),
                                         90)
                        self.assertIsNotNone(items, p.stderr()[-2000:])
                    finally:
                        self.assertEqual(p.stop(), 0)
                    self.assertEqual(len({it["id"] for it in items}), 600)
                    self.assertEqual(items[:len(kept)], kept)
                    self.assertTrue(all(it["fallback"] is None for it in items))
                finally:
                    subprocess.run(["umount", "-l", disk])
        finally:
            site.stop()

    def test_sitemaps(self):
        """A news sitemap is followed as a feed: each <url> an item whose page
        is fetched. A sitemap index is followed at its newest sitemap (by
        lastmod), whose items keep the index as their feed; the index is not
        asked for at every poll, and when its sitemap goes (a month's, at the
        month's end) the index is read again and its new newest followed; an
        index that became a sitemap is read at its own address again."""
        site = Site(feeds=3, items=NITEMS).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            idx_url = f"{site.base}/sitemap-index.xml"
            write_conf(conf, "store", [("sm", f"{site.base}/sitemap/0.xml"), ("idx", idx_url)],
                       interval="1s", lease="60s")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) >= 2 * NITEMS else None)(tail(conf, "--from", "1")),
                                 60)
                self.assertIsNotNone(items, "items did not all arrive: " + p.stderr()[-2000:])
                self.assertEqual(sorted(it["url"] for it in items),
                                 sorted(f"{site.base}/article/{i}-{j}.html" for i in (0, 1) for j in range(NITEMS)))
                for it in items:
                    i, j = (int(x) for x in it["url"].rsplit("/", 1)[1][:-5].split("-"))
                    art = site.articles[(i, j)]
                    self.assertEqual(it["title"], art["title"])
                    self.assertIn(art["marker"], it["text"])
                    self.assertTrue(it["published"])
                    self.assertEqual(it["lang"], "fr")
                    self.assertEqual(it["feed"], f"{site.base}/sitemap/0.xml" if i == 0 else idx_url)
                    if j % 2 == 0:
                        self.assertEqual(it["categories"], ["monde", "dépêches"])
                self.assertEqual(site.count(lambda r: r[0].startswith("/article/")), 2 * NITEMS)
                self.assertIn(f"a sitemap index; reading its newest sitemap, {site.base}/sitemap/1.xml", p.stderr())
                # the sitemap is polled at the feed's interval, the index not
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/sitemap/1.xml") >= 4, 30))
                self.assertEqual(site.count(lambda r: r[0] == "/sitemap-index.xml"), 1)
                self.assertEqual(site.count(lambda r: r[0] == "/sitemap/8.xml"), 0)
                st = json.loads(subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True,
                                               text=True).stdout)
                row = next(f for f in st["feeds"] if f["url"] == idx_url)
                self.assertEqual(row["fetch_url"], f"{site.base}/sitemap/1.xml")
                self.assertTrue(row["index_read"])
                self.assertEqual(row["failures"], 0)
                # the month ends: its sitemap is gone, the index names another
                site.index_newest = 2
                site.gone.add("/sitemap/1.xml")
                items = wait_for(lambda: (lambda it: it if len(it) >= 3 * NITEMS else None)(tail(conf, "--from", "1")),
                                 60)
                self.assertIsNotNone(items, "the new sitemap's items did not arrive: " + p.stderr()[-2000:])
                new = [it for it in items if "/article/2-" in it["url"]]
                self.assertEqual(len(new), NITEMS)
                self.assertTrue(all(it["feed"] == idx_url for it in new))
                self.assertEqual(site.count(lambda r: r[0] == "/sitemap-index.xml"), 2)
                self.assertIn(f"reading its newest sitemap, {site.base}/sitemap/2.xml", p.stderr())
                # the site gives up its index: its address serves a sitemap
                site.index_is_sitemap = 2
                site.gone.add("/sitemap/2.xml")
                self.assertTrue(wait_for(lambda: "no longer a sitemap index" in p.stderr(), 30), p.stderr()[-2000:])
                n = site.count(lambda r: r[0] == "/sitemap-index.xml")
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/sitemap-index.xml") >= n + 2, 30))
                st = json.loads(subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True,
                                               text=True).stdout)
                row = next(f for f in st["feeds"] if f["url"] == idx_url)
                self.assertIsNone(row["fetch_url"])
                self.assertIsNone(row["index_read"])
                self.assertEqual(row["failures"], 0)
                self.assertEqual(len(tail(conf, "--from", "1")), 3 * NITEMS)
            finally:
                p.stop()
                site.stop()

    def test_announced_feed_moves(self):
        """A page subscribed to is read at the feed it announces; when that
        feed is gone (404), the page is read again and the feed it announces
        now is followed, its items keeping the page as their feed."""
        site = Site(feeds=2, items=NITEMS).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            page = f"{site.base}/announces.html"
            write_conf(conf, "store", [("news", page)], interval="1s", lease="60s")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) >= NITEMS else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, p.stderr()[-2000:])
                self.assertTrue(all(it["feed"] == page and "/article/0-" in it["url"] for it in items))
                # the site moves its feed: the old address is gone
                site.announced = "/feed/1.xml"
                site.gone.add("/feed/0.xml")
                items = wait_for(lambda: (lambda it: it if len(it) >= 2 * NITEMS else None)(tail(conf, "--from", "1")),
                                 60)
                self.assertIsNotNone(items, "the moved feed's items did not arrive: " + p.stderr()[-2000:])
                self.assertTrue(all(it["feed"] == page for it in items))
                self.assertEqual(len([it for it in items if "/article/1-" in it["url"]]), NITEMS)
                err = p.stderr()
                self.assertIn(f"{site.base}/feed/0.xml answered 404; reading the configured address again", err)
                self.assertIn(f"using the feed it announces, {site.base}/feed/1.xml", err)
                st = json.loads(subprocess.run([BIN, "status", "--json", "-c", conf], capture_output=True).stdout)
                row = st["feeds"][0]
                self.assertEqual(row["fetch_url"], f"{site.base}/feed/1.xml")
                self.assertTrue(wait_for(lambda: json.loads(subprocess.run(
                    [BIN, "status", "--json", "-c", conf], capture_output=True).stdout)["feeds"][0]["failures"] == 0, 20))
                # the gone address was asked for once: no storm
                self.assertLessEqual(site.count(lambda r: r[0] == "/feed/0.xml" and r[3] == 404), 2)
            finally:
                p.stop()
                site.stop()

    def test_page_announces_another_feed(self):
        """A page subscribed to is read again every store.page_recheck: when
        it announces another feed while the old one still answers, the new
        one is followed and the old one no longer asked for; between two
        readings the page is not asked for."""
        site = Site(feeds=2, items=NITEMS).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            page = f"{site.base}/announces.html"
            write_conf(conf, "store", [("news", page)], interval="1s", lease="60s",
                       extra="[store]\npage_recheck = 3s")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) >= NITEMS else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, p.stderr()[-2000:])
                self.assertTrue(all(it["feed"] == page and "/article/0-" in it["url"] for it in items))
                # polled at the feed, the page read again every 3 s, no more
                t0 = time.monotonic()
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/feed/0.xml") >= 4, 30))
                pages = site.count(lambda r: r[0] == "/announces.html")
                self.assertLessEqual(pages, 2 + (time.monotonic() - t0) / 3 + 1, p.stderr()[-2000:])
                st = json.loads(subprocess.run([BIN, "status", "--json", "-c", conf], capture_output=True).stdout)
                row = st["feeds"][0]
                self.assertEqual(row["announced"], f"{site.base}/feed/0.xml")
                self.assertTrue(row["page_next"])
                # the site announces another feed; the old one still answers
                site.announced = "/feed/1.xml"
                items = wait_for(lambda: (lambda it: it if len(it) >= 2 * NITEMS else None)(tail(conf, "--from", "1")),
                                 60)
                self.assertIsNotNone(items, "the announced feed's items did not arrive: " + p.stderr()[-2000:])
                self.assertTrue(all(it["feed"] == page for it in items))
                self.assertEqual(len([it for it in items if "/article/1-" in it["url"]]), NITEMS)
                self.assertIn(f"its page now announces {site.base}/feed/1.xml; fetched there from now on", p.stderr())
                time.sleep(1.5)  # a poll of the old feed under way ends
                old, new = site.count(lambda r: r[0] == "/feed/0.xml"), site.count(lambda r: r[0] == "/feed/1.xml")
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/feed/1.xml") >= new + 2, 30))
                self.assertEqual(site.count(lambda r: r[0] == "/feed/0.xml"), old)
                st = json.loads(subprocess.run([BIN, "status", "--json", "-c", conf], capture_output=True).stdout)
                row = st["feeds"][0]
                self.assertEqual(row["fetch_url"], f"{site.base}/feed/1.xml")
                self.assertEqual(row["failures"], 0)
                self.assertNotIn("feed failed", p.stderr())
            finally:
                p.stop()
                site.stop()

    def test_pages_served_in_place_of_the_article(self):
        """A consent form an article redirects to, a bot check, a page its
        scripts write, a paywall's teaser shorter than the feed's text, audio,
        a PDF and the home page a story taken down redirects to are not
        stored as the article: the item keeps its feed summary and says why;
        those are asked for once, the bot check again up to max_attempts."""
        site = Site(feeds=1, items=1).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            port = free_port()
            write_conf(conf, "store", [("walled", f"{site.base}/walled.xml")], interval="1h", lease="60s",
                       extra=f"[store]\nmax_attempts = 2\n[metrics]\nlisten = 127.0.0.1:{port}")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) == 8 else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, "items did not all arrive: " + p.stderr()[-2000:])
                by = {it["guid"]: it for it in items}
                for kind in ("consent", "bot", "shell"):
                    it = by[f"wall-{kind}"]
                    self.assertEqual(it["text"], f"Résumé du flux pour {kind}.", kind)
                    self.assertEqual(it["title"], f"Walled {kind}")
                    self.assertIsNotNone(it["fallback"], kind)
                self.assertIn("a consent form (cookie wall), not the article", by["wall-consent"]["fallback"])
                self.assertIn("a bot check (Cloudflare), not the page", by["wall-bot"]["fallback"])
                self.assertEqual(by["wall-shell"]["fallback"], "the page had no article text")
                self.assertEqual(by["wall-shell"]["lang"], "fr")  # the summary's, not the shell's markup
                self.assertIsNone(by["wall-ok"]["fallback"])
                # a paywall's teaser, shorter than what the feed gave
                self.assertEqual(by["wall-teaser"]["text"], site.TEASER_SUMMARY)
                self.assertRegex(by["wall-teaser"]["fallback"], r"^the page gave less text than the feed \(\d+ words, "
                                 r"the feed 55\)$")
                self.assertEqual(by["wall-teaser"]["published"], "2026-11-20T09:00:00Z")  # the page's metadata
                # links to no page: audio by its type (not read past its headers), a PDF by its bytes
                self.assertEqual(by["wall-mp3"]["fallback"],
                                 "article not fetched: not an HTML page: audio (audio/mpeg), not read further")
                self.assertEqual(by["wall-pdf"]["fallback"],
                                 "article not fetched: not an HTML page: a PDF document, by its bytes")
                # a story taken down, its link sent to the home page
                self.assertEqual(by["wall-gone"]["fallback"], "article not fetched: redirected to a home page "
                                 f"({site.base}/home.html), not the article")
                self.assertEqual(site.count(lambda r: r[0] == "/home.html"), 1)
                for kind in ("mp3", "pdf", "gone"):
                    self.assertEqual(by[f"wall-{kind}"]["text"], f"Résumé du flux pour {kind}.")
                    self.assertEqual(site.count(lambda r: r[0].startswith(f"/wall/{kind}/")), 1)
                self.assertIn(site.articles[(0, 0)]["marker"], by["wall-ok"]["text"])
                self.assertEqual(site.count(lambda r: r[0] == "/consent/form"), 1)
                self.assertEqual(site.count(lambda r: r[0].startswith("/wall/bot/")), 2)
                self.assertIn('error="a bot check (Cloudflare), not the page" attempt=1/2', p.stderr())
                self.assertEqual(metric(port, 'newswire_pages_in_place_total{kind="bot_check"}'), 2)
                self.assertEqual(metric(port, 'newswire_pages_in_place_total{kind="consent_form"}'), 1)
            finally:
                p.stop()
                site.stop()

    def test_stories_that_share_a_link(self):
        """Items of other titles that share a link (a home page, a live page
        with an anchor each) are stories of their own, kept with their feed
        text: the shared page is never fetched, and polling again changes
        nothing."""
        site = Site(feeds=1, items=1).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [("shared", f"{site.base}/shared.xml")], interval="1s", lease="60s")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) == 6 else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, "items did not all arrive: " + p.stderr()[-2000:])
                # three polls more
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/shared.xml") >= 4, 30))
                items = tail(conf, "--from", "1")
                self.assertEqual(len(items), 6)
                by = {it["guid"]: it for it in items}
                for j in range(5):
                    it = by[f"shared-{j}"]
                    self.assertEqual(it["title"], f"Shared story {j}")
                    self.assertEqual(it["text"], f"What the feed says of story {j}.")
                    self.assertEqual(it["rev"], 1)
                    self.assertIn("its link is shared by other stories of its feed", it["fallback"])
                self.assertIn(site.articles[(0, 0)]["marker"], by["own"]["text"])
                self.assertIsNone(by["own"]["fallback"])
                self.assertEqual(site.count(lambda r: r[0] in ("/home.html", "/live.html")), 0)
                self.assertEqual(site.count(lambda r: r[0] == "/article/0-0.html"), 1)
            finally:
                p.stop()
                site.stop()

    def test_story_under_a_new_link(self):
        """A story whose headline is edited, and its address with it (the
        guid and date the same), is a revision of the stored story under
        the new address, not a second story; polled again, nothing more."""
        site = Site(feeds=1, items=2).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [("slug", f"{site.base}/slug.xml")], interval="1s")
            p = Proc(["run", "-c", conf], wd)
            try:
                first = stored(conf, 2, 60, exact=True)
                self.assertIsNotNone(first, p.stderr()[-2000:])
                site.headline_edited = True
                got = stored(conf, 3, 30)
                self.assertIsNotNone(got, p.stderr()[-2000:])
                polls = site.count(lambda r: r[0] == "/slug.xml")
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/slug.xml") >= polls + 3, 30))
                items = tail(conf, "--from", "1")
                self.assertEqual(len(items), 3, [(it["url"], it["rev"]) for it in items])
                old = [it for it in items if it["title"] == "Bridge closed"][0]
                new = items[-1]
                self.assertEqual((new["title"], new["rev"], new["id"]), ("Bridge closed for repairs", 2, old["id"]))
                self.assertEqual(new["url"], f"{site.base}/2026/12/07/bridge-closed-for-repairs/")
                self.assertEqual(new["guid"], old["guid"])
                self.assertNotIn("came without their text", p.stderr())
            finally:
                p.stop()
                site.stop()

    def test_one_story_under_its_links_variants(self):
        """Stories listed by three section feeds, each poll under another of
        the link variants feeds write (tracking parameters, a parameter
        saying the link was read in a feed), some with their headline and
        address edited on the way (the same guid and date): each story is
        one item id, whatever listing and poll brought it."""
        stories = [{"n": n, "title": f"Story number {n} of the council", "sections": [n % 3, (n + 1) % 3][: 1 + n % 2]}
                   for n in range(12)]
        variants = ["", "?utm_source=rss&utm_medium=feed", "?wprss=rss_world", "?rss=1", "?xtor=RSS-3208",
                    "?src=rss"]
        polls = [0]
        lock = threading.Lock()
        words = " ".join(["The council met on the bridge works and the river crossing again."] * 12)

        def render(sec, base):
            items = []
            for st in stories:
                if sec not in st["sections"]:
                    continue
                q = variants[(polls[0] + st["n"]) % len(variants)].replace("&", "&amp;")
                slug = st["title"].lower().replace(" ", "-")
                items.append(rss_item(st["title"], f"{base}/2026/12/07/{slug}/{q}", st["n"], f"<p>{words} {st['n']}</p>",
                                      f'<guid isPermaLink="false">{base}/?p={st["n"]}</guid>'))
            return items

        respond = section_feeds(render, polls, lock)

        with running(respond, [f"/s{k}.xml" for k in range(3)]) as (conf, p):
            self.assertIsNotNone(stored(conf, 12, 60), p.stderr()[-2000:])
            with lock:
                for st in stories[::5]:
                    st["title"] += " updated"
                    st["edited"] = True
            self.assertTrue(wait_for(lambda: polls[0] >= 24, 60), p.stderr()[-2000:])
            p.stop()
            items = tail(conf, "--from", "1")
            ids = {}
            for it in items:
                ids.setdefault(it["guid"].rsplit("=", 1)[1], set()).add(it["id"])
            self.assertEqual(len(ids), 12)
            self.assertEqual({g: len(v) for g, v in ids.items() if len(v) != 1}, {})
            # one record for each story, and one more for each edited headline
            self.assertEqual(len(items), 12 + sum(1 for st in stories if st.get("edited")),
                             [(it["url"], it["rev"]) for it in items])

    def test_feed_moved_with_its_guids(self):
        """A feed whose every address changes at once, and its guids (the
        addresses, or none) with them: the site moved to https and another
        host name, its addresses to a new scheme. Each story stays one item
        id, one revision with its new link; polled again, nothing more."""
        moved = [False]
        polls = [0]
        lock = threading.Lock()

        def respond(path, base):
            with lock:
                polls[0] += 1
                items = []
                for n in range(6):
                    slug = f"story-{n}-of-the-council"
                    link = (f"https://www.m-news.example/news/{slug}-{4000 + n}" if moved[0]
                            else f"http://m.example/2026/12/07/{slug}/")
                    items.append(rss_item(f"Story {n} of the council", link, n, story_html(n),
                                          f"<guid>{link}</guid>" if n % 2 else ""))
                return rss("M", "http://m.example", items)

        with running(respond, ["/m.xml"]) as (conf, p):
            first = stored(conf, 6, 60, exact=True)
            self.assertIsNotNone(first, p.stderr()[-2000:])
            with lock:
                moved[0] = True
                at = polls[0]
            self.assertTrue(wait_for(lambda: polls[0] >= at + 4, 60), p.stderr()[-2000:])
            p.stop()
            items = tail(conf, "--from", "1")
            self.assertEqual(len(items), 12, [(it["url"], it["rev"]) for it in items])
            self.assertEqual({it["id"] for it in items}, {it["id"] for it in first})
            for it in items[6:]:
                self.assertEqual(it["rev"], 2)
                self.assertTrue(it["url"].startswith("https://www.m-news.example/news/"), it["url"])

    def test_story_at_its_pages_address(self):
        """Stories a feed links by their AMP copies, whose pages name their
        own address (rel=canonical); another feed, later, links those
        addresses under the same headlines: each story stays one item,
        listed by both feeds, and no page is fetched twice."""
        served = []
        lock = threading.Lock()

        def respond(path, base):
            with lock:
                served.append(path)
                amp_pages = sum(1 for p in served if p.endswith("/amp/"))
            if path in ("/a.xml", "/b.xml"):
                items = []
                if path == "/a.xml" or amp_pages >= 3:
                    for n in range(3):
                        tail = "amp/" if path == "/a.xml" else ""
                        items.append(rss_item(f"Story {n} of the council", f"{base}/2026/12/07/story-{n}/{tail}", n,
                                              None))
                return rss("F", base, items)
            if path.startswith("/2026/12/07/story-"):
                n = path.split("story-")[1].split("/")[0]
                return (200, "text/html; charset=utf-8",
                        (f'<html><head><title>Story {n} of the council</title><link rel="canonical" '
                         f'href="{base}/2026/12/07/story-{n}/"></head><body><article><h1>Story {n} of the '
                         f"council</h1>{story_html(n)}</article></body></html>").encode())
            return NOT_FOUND

        with running(respond, ["/a.xml", "/b.xml"]) as (conf, p):
            self.assertIsNotNone(stored(conf, 3, 60), p.stderr()[-2000:])
            with lock:
                at = len([x for x in served if x == "/b.xml"])
            self.assertTrue(wait_for(lambda: len([x for x in served if x == "/b.xml"]) >= at + 3, 60))
            p.stop()
            items = tail(conf, "--from", "1")
            self.assertEqual(len(items), 3, [(it["url"], it["feeds"]) for it in items])
            for it in items:
                self.assertEqual(len(it["feeds"]), 2, it["feeds"])
            pages = [x for x in served if x.startswith("/2026/")]
            self.assertEqual(sorted(pages), [f"/2026/12/07/story-{n}/amp/" for n in range(3)])

    def test_one_story_at_its_sites_addresses(self):
        """Stories whose whole text three section feeds give, each feed and
        poll writing another address of the site for it (a trailing slash
        or none, /index.html): each story is one item id, listed by every
        feed that gave it."""
        stories = [{"n": n, "sections": [n % 3, (n + 1) % 3, (n + 2) % 3][: 1 + n % 3]} for n in range(9)]
        tails = ["/", "", "/index.html"]
        polls = [0]
        lock = threading.Lock()

        def render(sec, base):
            return [rss_item(f"Story {st['n']} of the council",
                             f"{base}/2026/12/07/story-{st['n']}" + tails[(polls[0] + st["n"] + sec) % 3], st["n"],
                             story_html(st["n"]))
                    for st in stories if sec in st["sections"]]

        respond = section_feeds(render, polls, lock)

        with running(respond, [f"/s{k}.xml" for k in range(3)]) as (conf, p):
            self.assertIsNotNone(stored(conf, 9, 60), p.stderr()[-2000:])
            self.assertTrue(wait_for(lambda: polls[0] >= 15, 60), p.stderr()[-2000:])
            p.stop()
            items = tail(conf, "--from", "1")
            ids = {}
            for it in items:
                ids.setdefault(it["title"], set()).add(it["id"])
            self.assertEqual({t: len(v) for t, v in ids.items()}, {f"Story {n} of the council": 1 for n in range(9)})
            last = {}
            for it in items:
                last[it["id"]] = it
            for st in stories:
                it = [i for i in last.values() if i["title"] == f"Story {st['n']} of the council"][0]
                self.assertEqual(len(it["feeds"]), len(st["sections"]), it["feeds"])

    def test_pipeline(self):
        site = Site(feeds=NFEEDS, items=NITEMS).start()
        dead_port = free_port()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            # feed 2 and "dup" (feed 0's stories listed again by an aggregator)
            # are added later, by SIGHUP; "home" is a page announcing a feed
            feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(NFEEDS - 1)]
            feeds.append(("home", f"{site.base}/home.html"))
            bad = [("http500", f"{site.base}/error.xml"), ("notfeed", f"{site.base}/notxml.xml"),
                   ("slow", f"{site.base}/slow.xml"), ("refused", f"http://127.0.0.1:{dead_port}/feed.xml")]
            # a long lease: a slow machine must not see a job issued twice (the kill test covers leases)
            write_conf(conf, "store", feeds + bad, interval="1s", lease="60s")
            # a 2 s timeout so that the slow feed fails
            with open(conf) as f:
                text = f.read().replace("timeout = 5s", "timeout = 2s")
            with open(conf, "w") as f:
                f.write(text)
            p = Proc(["run", "-c", conf], wd)
            try:
                first = (NFEEDS - 1) * NITEMS
                got = wait_for(lambda: (lambda it: it if len(it) >= first else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(got, "items did not all arrive: " + p.stderr()[-2000:])
                # SIGHUP: the feed list is read again, work in flight is kept
                with open(conf, "a") as f:
                    f.write(f'\n[feed "f{NFEEDS - 1}"]\nurl = {site.base}/feed/{NFEEDS - 1}.xml\ninterval = 1s\n')
                    f.write(f'\n[feed "dup"]\nurl = {site.base}/feed/dup.xml\ninterval = 1s\n')
                dup_before = site.count(lambda r: r[0] == "/feed/dup.xml")
                p.p.send_signal(signal.SIGHUP)
                total = NFEEDS * NITEMS
                items = wait_for(lambda: (lambda it: it if len(it) >= total else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, "items did not all arrive: " + p.stderr()[-2000:])

                # the aggregator's copies are the same items: after its rounds, nothing more is stored
                self.assertTrue(wait_for(lambda: site.count(lambda r: r[0] == "/feed/dup.xml") >= dup_before + 2, 20))
                items = tail(conf, "--from", "1")

                # every article exactly once, complete, with clean text
                self.assertEqual(len(items), total)
                urls = [it["url"] for it in items]
                self.assertEqual(len(set(urls)), total)
                self.assertEqual(len({it["id"] for it in items}), total)
                self.assertEqual([it["seq"] for it in items], list(range(1, total + 1)))
                for it in items:
                    self.assertNotIn("utm_", it["url"])
                    i, j = (int(x) for x in it["url"].rsplit("/", 1)[1][:-5].split("-"))
                    art = site.articles[(i, j)]
                    self.assertEqual(it["title"], art["title"])
                    self.assertIn(art["marker"], it["text"])
                    for para in art["paras"]:
                        self.assertIn(para, it["text"])
                    for junk in ("Partager", "cookies", "lire aussi", "Mentions légales", "Accueil"):
                        self.assertNotIn(junk, it["text"])
                    self.assertEqual(it["lang"], "fr")
                    self.assertEqual(it["source"], "Le Site de Test")
                    self.assertEqual(it["agencies"], ["AFP"])
                    self.assertEqual(it["rev"], 1)
                    self.assertEqual(it["guid"], f"g-{i}-{j}")
                    self.assertTrue(it["published"].endswith("Z"))
                    self.assertGreater(it["word_count"], 50)
                    self.assertGreaterEqual(it["reading_time_min"], 1)
                    self.assertEqual(it["cluster"], it["seq"])
                    self.assertIsNone(it["dup_of"])
                    self.assertEqual(it["access"], "metered" if j % 2 else None)  # as its page declares

                # further rounds: conditional requests answered 304, nothing stored twice
                n304 = wait_for(lambda: site.count(lambda r: r[0].startswith("/feed/") and r[3] == 304) >= 2 * NFEEDS,
                                20)
                self.assertTrue(n304, "no conditional requests seen")
                self.assertTrue(site.count(lambda r: r[0].startswith("/feed/") and r[1] is not None) >= 2 * NFEEDS)
                self.assertEqual(len(tail(conf, "--from", "1")), total)
                article_gets = site.count(lambda r: r[0].startswith("/article/"))
                self.assertEqual(article_gets, total, "articles fetched more than once")

                # a feed that changes: its new item arrives, the rest stays
                site.extra_items[0] = 1
                site.articles[(0, NITEMS)] = {"title": "Nouvelle dépêche", "paras": ["Texte " * 40],
                                              "marker": "Texte"}
                more = wait_for(lambda: (lambda it: it if len(it) == total + 1 else None)(tail(conf, "--from", "1")),
                                20)
                self.assertIsNotNone(more)
                self.assertEqual(more[-1]["title"], "Nouvelle dépêche")

                # tail options
                last3 = tail(conf, "--last", "3")
                self.assertEqual([it["seq"] for it in last3], [total - 1, total, total + 1])
                self.assertEqual([it["seq"] for it in tail(conf, "--from", str(total))], [total, total + 1])
                self.assertEqual(tail(conf, "--since", "2999-01-01T00:00:00Z"), [])
                self.assertEqual(len(tail(conf, "--since", "1h")), total + 1)
                self.assertEqual(len(tail(conf, "--group", "g1")), total + 1)
                self.assertEqual(tail(conf, "--group", "g1"), [])
                line = subprocess.run([BIN, "tail", "-c", conf, "--last", "1"], capture_output=True).stdout.decode()
                keys = list(json.loads(line).keys())
                self.assertEqual(keys[:4], ["seq", "id", "rev", "feed"])
                # DESIGN §5's fields in its order; later fields extend it
                self.assertEqual(keys[20:22], ["cluster", "dup_of"])
                # filters: a feed by its URL or by its name in the configuration
                everything = tail(conf, "--from", "1")
                by_url = tail(conf, "--from", "1", "--feed", f"{site.base}/feed/1.xml")
                self.assertTrue(0 < len(by_url) < len(everything))
                self.assertTrue(all(f"{site.base}/feed/1.xml" in it["feeds"] for it in by_url))
                self.assertEqual(tail(conf, "--from", "1", "--feed", "f1"), by_url)
                nofeed = subprocess.run([BIN, "tail", "-c", conf, "--feed", "no-such-feed"], capture_output=True,
                                        text=True)
                self.assertEqual(nofeed.returncode, 2)
                self.assertIn("no feed named 'no-such-feed'", nofeed.stderr)
                # a tag: the items of the feeds carrying it (any case), from the file or an OPML folder
                with open(conf) as f:
                    text = f.read()
                with open(conf, "w") as f:
                    f.write(text.replace(f"url = {site.base}/feed/1.xml\n", f"url = {site.base}/feed/1.xml\n"
                                         "tags = Europe, politics\n", 1))
                self.assertEqual(tail(conf, "--from", "1", "--tag", "europe"), by_url)
                self.assertEqual(tail(conf, "--from", "1", "--tag", "POLITICS", "--feed", "f1"), by_url)
                notag = subprocess.run([BIN, "tail", "-c", conf, "--tag", "sport"], capture_output=True, text=True)
                self.assertEqual(notag.returncode, 2)
                self.assertIn("no feed tagged 'sport'", notag.stderr)
                self.assertEqual(len(tail(conf, "--from", "1", "--lang", "fr")), len(everything))  # a French site
                self.assertEqual(tail(conf, "--from", "1", "--lang", "de"), [])
                # access: what each item's page declares (the test site's odd stories metered)
                metered = tail(conf, "--from", "1", "--access", "metered")
                self.assertTrue(0 < len(metered) < len(everything))
                self.assertTrue(all(it["access"] == "metered" for it in metered))
                self.assertEqual(len(tail(conf, "--from", "1", "--access", "unknown,METERED")), len(everything))
                self.assertEqual(tail(conf, "--from", "1", "--access", "free,paywalled"), [])
                refused = subprocess.run([BIN, "tail", "-c", conf, "--access", "free,gratis"], capture_output=True,
                                         text=True)
                self.assertEqual(refused.returncode, 2)
                self.assertIn("bad --access 'free,gratis'", refused.stderr)
                self.assertEqual([it["title"] for it in tail(conf, "--from", "1", "--match", "NOUVELLE dépêche")],
                                 ["Nouvelle dépêche"])
                self.assertEqual([it["seq"] for it in tail(conf, "--from", "3", "--max", "2")], [3, 4])
                tsv = subprocess.run([BIN, "tail", "-c", conf, "--last", "2", "--format", "tsv"], capture_output=True,
                                     text=True).stdout.splitlines()
                self.assertEqual([row.split("\t")[0] for row in tsv], [str(total), str(total + 1)])

                # tail -f sees a new item as it is committed
                follower = subprocess.Popen([BIN, "tail", "-c", conf, "-f"], stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE)
                try:
                    time.sleep(0.5)
                    site.extra_items[1] = 1
                    site.articles[(1, NITEMS)] = {"title": "Dépêche suivie", "paras": ["Mot " * 40], "marker": "Mot"}
                    got = wait_for(lambda: follower.stdout.readline(), 20)
                    self.assertTrue(got)
                    self.assertEqual(json.loads(got)["title"], "Dépêche suivie")
                finally:
                    follower.send_signal(signal.SIGINT)
                    self.assertEqual(follower.wait(timeout=5), 0)
                    follower.stdout.close()
                    follower.stderr.close()
                self.assertEqual(len(tail(conf, "--group", "g1")), 1)

                # failing feeds are logged with their URL; the others were not stopped
                err = p.stderr()
                for _, url in bad:
                    self.assertIn(url, err)
                self.assertIn("HTTP status 500", err)
                self.assertIn("not a feed", err)
                st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, text=True)
                self.assertEqual(st.returncode, 1, st.stderr)  # 1: some feeds are failing
                names = {u: n for n, u in feeds + bad}
                self.assertRegex(st.stdout, rf"(?m)^{names[site.base + '/error.xml']}\s+FAIL\s.*HTTP status 500")
                self.assertRegex(st.stdout, rf"(?m)^{names[site.base + '/feed/0.xml']}\s+ok\s")
                # autodiscovery: the page's announced feed is fetched in its place
                st = json.loads(subprocess.run([BIN, "status", "--json", "-c", conf], capture_output=True).stdout)
                home = [f for f in st["feeds"] if f["url"] == f"{site.base}/home.html"][0]
                self.assertEqual(home["fetch_url"], f"{site.base}/feed/empty.xml")
                self.assertEqual(home["failures"], 0)
                self.assertEqual(home["last_status"], 200)
            finally:
                t0 = time.monotonic()
                rc = p.stop(signal.SIGTERM, timeout=10)
                elapsed = time.monotonic() - t0
                site.stop()
            self.assertEqual(rc, 0, p.stderr()[-2000:])
            self.assertLess(elapsed, 5.0)
            # nothing already stored is lost across a restart
            self.assertEqual(len(tail(conf, "--from", "1")), total + 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
