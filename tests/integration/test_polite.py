"""What servers say about polling is heard: 410 stops a feed, a permanent
redirect (301/308) moves it, a temporary one (302) does not, and
Retry-After in both forms (seconds, HTTP date) holds the next poll back."""
import base64
import email.utils
import gzip
import json
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import unittest
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Proc, Site, Workdir, tail, wait_for, write_conf  # noqa: E402


def feed(name, n=2, ttl=None):
    items = "".join(f"<item><title>{name} {j}</title><link>http://example.org/{name}/{j}</link>"
                    f"<guid>{name}-{j}</guid><description>{'mot ' * 120}</description>"
                    f"<content:encoded>{'<p>' + ('texte ' * 150) + '</p>'}</content:encoded></item>" for j in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{name}</title>{f'<ttl>{ttl}</ttl>' if ttl else ''}{items}</channel></rss>").encode()


def serve(handler):
    """A threaded HTTP server on 127.0.0.1 (a port the OS chooses): (server, base URL)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class Replying(http.server.BaseHTTPRequestHandler):
    """A quiet HTTP/1.1 handler with reply(status, body, headers)."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self):
        self.hits = Counter()
        self.lock = threading.Lock()
        srv = self

        class H(Replying):

            def do_GET(self):
                with srv.lock:
                    srv.hits[self.path] += 1
                later = email.utils.formatdate(time.time() + 3600, usegmt=True)
                routes = {
                    "/gone.xml": lambda: self.reply(410, b"gone"),
                    "/moved.xml": lambda: self.reply(301, headers=[("Location", "/new.xml")]),
                    "/new.xml": lambda: self.reply(200, feed("new"), [("Content-Type", "application/rss+xml")]),
                    "/temp.xml": lambda: self.reply(302, headers=[("Location", "/temp-target.xml")]),
                    "/temp-target.xml": lambda: self.reply(200, feed("temp"), [("Content-Type", "application/rss+xml")]),
                    # a static site's stub where its feed was: an instant refresh
                    # is a move for good, one after a delay a temporary redirect
                    "/stub.xml": lambda: self.reply(200, b'<html><meta http-equiv="refresh" content="0; url=/atom.xml">'
                                                    b"<h1>Redirecting</h1></html>", [("Content-Type", "text/html")]),
                    "/atom.xml": lambda: self.reply(200, feed("atom"), [("Content-Type", "application/rss+xml")]),
                    "/later.xml": lambda: self.reply(200, b'<html><meta http-equiv="refresh" content="3; url=/later2.xml">'
                                                     b"</html>", [("Content-Type", "text/html")]),
                    "/later2.xml": lambda: self.reply(200, feed("later"), [("Content-Type", "application/rss+xml")]),
                    "/busy-date.xml": lambda: self.reply(503, b"busy", [("Retry-After", later)]),
                    "/busy-secs.xml": lambda: self.reply(429, b"slow down", [("Retry-After", "3600")]),
                    "/plain.xml": lambda: self.reply(200, feed("plain"), [("Content-Type", "application/rss+xml")]),
                    "/plain2.xml": lambda: self.reply(200, feed("plain2"), [("Content-Type", "application/rss+xml")]),
                    "/ttl.xml": lambda: self.reply(200, feed("ttl", ttl=60), [("Content-Type", "application/rss+xml")]),
                    "/err500.xml": lambda: self.reply(500, b"oops"),
                    "/cached.xml": lambda: self.reply(200, feed("cached"), [("Content-Type", "application/rss+xml"),
                                                                            ("Cache-Control", "public, max-age=3600")]),
                    "/expires.xml": lambda: self.reply(200, feed("expires"), [("Content-Type", "application/rss+xml"),
                                                                              ("Expires", later)]),
                }
                routes.get(self.path, lambda: self.reply(404, b"no"))()

        self.httpd, self.base = serve(H)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class PoliteTest(unittest.TestCase):
    def test_server_hints(self):
        srv = Server()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "p.conf")
                names = ["gone", "moved", "temp", "plain", "err500", "cached", "expires", "ttl", "stub", "later"]
                # the busy feeds and one more on another host name: 429/503 pause that host only
                other = srv.base.replace("127.0.0.1", "localhost")
                write_conf(conf, "store", [(n, f"{srv.base}/{n}.xml") for n in names] +
                           [(n, f"{other}/{n}.xml") for n in ("busy-date", "busy-secs", "plain2")], interval="1s")
                run = Proc(["run", "-c", conf], wd)
                try:
                    time.sleep(6)  # about 5 polls of a 1 s feed
                finally:
                    self.assertEqual(run.stop(), 0)
                log = run.stderr()
                hits = srv.hits
                self.assertGreaterEqual(hits["/plain.xml"], 3, hits)   # the yardstick: polled every second
                self.assertEqual(hits["/gone.xml"], 1, hits)
                self.assertIn("gone (HTTP 410); no longer polled", log)
                self.assertEqual(hits["/moved.xml"], 1, hits)          # then fetched where it moved
                self.assertGreaterEqual(hits["/new.xml"], 3, hits)
                self.assertIn("moved permanently to", log)
                self.assertGreaterEqual(hits["/temp.xml"], 3, hits)    # a 302 is asked again each time
                self.assertEqual(hits["/stub.xml"], 1, hits)           # an instant refresh moves the feed
                self.assertGreaterEqual(hits["/atom.xml"], 3, hits)
                self.assertGreaterEqual(hits["/later.xml"], 3, hits)   # one after a delay does not
                self.assertEqual(hits["/later.xml"], hits["/later2.xml"], hits)
                self.assertEqual(hits["/busy-date.xml"], 1, hits)      # Retry-After as an HTTP date
                self.assertEqual(hits["/busy-secs.xml"], 1, hits)      # ... and in seconds
                self.assertEqual(hits["/plain2.xml"], 1, hits)         # its host paused by the 503 and 429
                self.assertIn("host paused: host=localhost", log)
                self.assertEqual(hits["/cached.xml"], 1, hits)         # Cache-Control: max-age
                self.assertEqual(hits["/expires.xml"], 1, hits)        # Expires
                self.assertEqual(hits["/ttl.xml"], 1, hits)            # RSS <ttl>60</ttl>
                # a failure repeated is logged at its 1st, 2nd, 4th... time, with key=value fields
                lines = [l for l in log.splitlines() if f"feed={srv.base}/err500.xml" in l and "feed failed" in l]
                n = hits["/err500.xml"]
                self.assertGreaterEqual(n, 2, hits)
                self.assertEqual(len(lines), len([k for k in range(1, n + 1) if k & (k - 1) == 0]), lines)
                self.assertIn('status=500 failures=1 error="HTTP status 500"', lines[0])
                feeds = {it["feed"] for it in tail(conf, "--from", "1")}
                self.assertIn(f"{srv.base}/moved.xml", feeds)  # items keep the configured URL
                # status: one line per feed, totals, exit 1 while any fails
                st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, timeout=30)
                self.assertEqual(st.returncode, 1, st.stderr.decode())
                out = st.stdout.decode()
                self.assertRegex(out, r"(?m)^gone\s+gone\s+never\s+0\s+in \d+d\s+1x gone")
                self.assertRegex(out, r"(?m)^plain\s+ok\s")
                self.assertRegex(out, r"(?m)^busy-date\s+FAIL\s")
                self.assertIn("13 feeds: 9 ok, 3 failing, 1 gone, 0 not fetched yet", out)
                st = subprocess.run([BIN, "status", "-c", conf, "--failing"], capture_output=True, timeout=30)
                lines = st.stdout.decode().splitlines()
                start = next(i for i, l in enumerate(lines) if l.startswith("FEED")) + 1
                names = [l.split()[0] for l in lines[start:] if l.strip() and not l[0].isdigit()]
                self.assertEqual(sorted(names), ["busy-date", "busy-secs", "err500", "gone"])
                # a feed removed from the configuration is no longer listed
                write_conf(conf, "store", [("plain", f"{srv.base}/plain.xml")], interval="1s")
                st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, timeout=30)
                self.assertEqual(st.returncode, 0)
                self.assertIn("1 feeds: 1 ok", st.stdout.decode())
                self.assertIn("12 no longer configured", st.stdout.decode())
        finally:
            srv.stop()


class AuthTest(unittest.TestCase):
    """A feed behind HTTP authentication, its password in its configured
    URL: the password goes to the feed's host and nowhere else; the feed
    is known without it in items, logs, status, OPML and the archive."""

    def test_password_in_feed_url(self):
        seen = []  # (Host header, path, Authorization header)
        good = "Basic " + base64.b64encode(b"ann:s3cret").decode()

        class H(Replying):

            def do_GET(self):
                auth = self.headers.get("Authorization")
                seen.append((self.headers.get("Host", "").split(":")[0], self.path, auth))
                if self.path == "/moving.xml":  # moved for good to another host name
                    return self.reply(301, headers=[("Location", f"http://localhost:{port}/elsewhere.xml")])
                if auth != good:
                    return self.reply(401, b"who?", [("WWW-Authenticate", 'Basic realm="members"')])
                self.reply(200, feed(self.path.strip("/").split(".")[0]), [("Content-Type", "application/rss+xml")])

        httpd, base = serve(H)
        port = httpd.server_address[1]
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "a.conf")
                auth_base = base.replace("://", "://ann:s3cret@")
                write_conf(conf, "store", [("members", f"{auth_base}/members.xml"),
                                           ("wrong", base.replace("://", "://ann:wr0ng@") + "/wrong.xml"),
                                           ("moving", f"{auth_base}/moving.xml")],
                           interval="1s", extra="[fetcher]\narchive = warc\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    known = f"http://ann@127.0.0.1:{port}/members.xml"
                    items = wait_for(lambda: [it for it in tail(conf, "--from", "1") if it["feed"] == known], 30)
                    self.assertTrue(items, run.stderr())
                    time.sleep(2.5)  # polls of the moved feed and the refused one
                finally:
                    self.assertEqual(run.stop(), 0)
                log = run.stderr()
                outputs = {"log": log}
                for what, args in (("tail", ["--from", "1"]), ("status --json", ["--json"]), ("status", []),
                                   ("opml", [])):
                    outputs[what] = subprocess.run([BIN, what.split()[0], "-c", conf] + args, capture_output=True,
                                                   timeout=30).stdout.decode()
                warc_dir = os.path.join(wd, "warc")
                archive = b"".join(gzip.open(os.path.join(warc_dir, n)).read() for n in sorted(os.listdir(warc_dir)))
                outputs["WARC-Target-URI"] = "\n".join(l for l in archive.decode(errors="replace").splitlines()
                                                        if l.startswith("WARC-Target-URI"))
                for what, text in outputs.items():
                    self.assertNotIn("s3cret", text, what)
                    self.assertNotIn("wr0ng", text, what)
                self.assertIn(f"WARC-Target-URI: {known}", outputs["WARC-Target-URI"])
                self.assertIn(f'xmlUrl="{known}"', outputs["opml"])
                # the request record keeps the request as it was sent
                self.assertIn(good.encode(), archive)
                # the password went with each request of its feed, to its host only
                members = [a for h, p, a in seen if p == "/members.xml"]
                self.assertGreaterEqual(len(members), 2, seen)
                self.assertEqual(set(members), {good})
                self.assertTrue(any(p == "/moving.xml" and a == good for h, p, a in seen), seen)
                elsewhere = [a for h, p, a in seen if p == "/elsewhere.xml"]
                self.assertTrue(elsewhere, seen)
                self.assertEqual(set(elsewhere), {None}, seen)  # never sent where the feed moved
                self.assertIn(f"feed=http://ann@127.0.0.1:{port}/wrong.xml status=401", log)
                self.assertIn(known, outputs["status --json"])
                # a password over plain http:// is worth a warning, at start and from check
                self.assertIn('feed "members": its password goes over plain http://', log)
                chk = subprocess.run([BIN, "check", "-c", conf], capture_output=True, text=True, timeout=30)
                self.assertEqual(chk.returncode, 0)
                self.assertIn('warning: feed "wrong": its password goes over plain http://', chk.stdout)
                self.assertNotIn("wr0ng", chk.stdout)
        finally:
            httpd.shutdown()
            httpd.server_close()


class HeadersTest(unittest.TestCase):
    """A feed's `header` lines go with its own requests, to its own host:
    not with its pages' requests, not where it redirects to another host
    (Authorization, Cookie), never into logs, status or OPML; a bad one is
    a configuration error."""

    def test_cookie_set_on_the_way(self):
        """A server that sets a cookie and sends the client back to the
        same address to see it (a cookie check) gets it back along that
        transfer's redirects, the feed's and its page's; each transfer
        starts without (none is kept)."""
        seen = []  # (path, Cookie header)

        class H(Replying):
            def do_GET(self):
                cookie = self.headers.get("Cookie")
                seen.append((self.path, cookie))
                if self.path == "/other.html":
                    return self.reply(200, b"<html><body><article><p>" + b"Words of the page. " * 40 +
                                      b"</p></article></body></html>", [("Content-Type", "text/html")])
                if "gate=open" not in (cookie or ""):
                    return self.reply(302, headers=[("Location", self.path), ("Set-Cookie", "gate=open; Path=/")])
                if self.path == "/gate.xml":
                    body = (f'<rss version="2.0"><channel><title>t</title><item><title>Page</title><link>'
                            f"http://127.0.0.1:{port}/page.html</link><guid>p1</guid><description>Short."
                            f"</description></item><item><title>Other</title><link>http://localhost:{port}"
                            f"/other.html</link><guid>p2</guid><description>Short.</description></item>"
                            f"</channel></rss>").encode()
                    return self.reply(200, body, [("Content-Type", "application/rss+xml")])
                self.reply(200, b"<html><body><article><p>" + b"Words of the gated page. " * 40 +
                           b"</p></article></body></html>", [("Content-Type", "text/html")])

        httpd, base = serve(H)
        port = httpd.server_address[1]
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "c.conf")
                write_conf(conf, "store", [("gate", f"{base}/gate.xml")], interval="1s")
                run = Proc(["run", "-c", conf], wd)
                try:
                    items = wait_for(lambda: (lambda it: it if len(it) == 2 else None)(tail(conf, "--from", "1")), 30)
                    self.assertIsNotNone(items, run.stderr()[-2000:])
                    self.assertTrue(wait_for(lambda: sum(p == "/gate.xml" for p, _ in seen) >= 6, 30))
                finally:
                    self.assertEqual(run.stop(), 0)
                by = {it["title"]: it for it in items}
                self.assertIn("Words of the gated page.", by["Page"]["text"])
                self.assertIsNone(by["Page"]["fallback"])
                # every transfer: without the cookie, then with it
                for path in ("/gate.xml", "/page.html"):
                    asked = [c for p, c in seen if p == path]
                    self.assertEqual(asked[0], None)
                    for a, b in zip(asked[::2], asked[1::2]):
                        self.assertEqual((a, b), (None, "gate=open"))
                self.assertEqual([c for p, c in seen if p == "/other.html"], [None])  # it sets none: asked once
        finally:
            httpd.shutdown()
            httpd.server_close()

    def test_feed_headers(self):
        seen = []  # (path, headers)

        class H(Replying):
            def do_GET(self):
                seen.append((self.path, dict(self.headers.items())))
                if self.path == "/moving.xml":
                    return self.reply(302, headers=[("Location", f"http://localhost:{port}/moved.xml")])
                if self.path.endswith(".xml"):
                    if self.headers.get("X-Api-Key") != "k3y-77" and self.path == "/keyed.xml":
                        return self.reply(403, b"key?")
                    body = (f'<rss version="2.0"><channel><title>t</title><item><title>Page</title><link>'
                            f'http://127.0.0.1:{port}/page.html</link><guid>p{self.path}</guid><description>Short.'
                            f"</description></item></channel></rss>").encode()
                    return self.reply(200, body, [("Content-Type", "application/rss+xml")])
                self.reply(200, b"<html><body><article><p>" + b"Words of the page. " * 40 + b"</p></article></body></html>",
                           [("Content-Type", "text/html")])

        httpd, base = serve(H)
        port = httpd.server_address[1]
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "h.conf")
                write_conf(conf, "store", [], extra="\n".join([
                    '[feed "keyed"]', f"url = {base}/keyed.xml", "interval = 1s", "header = X-Api-Key: k3y-77",
                    "header = User-Agent: FeedClient/2.0", "header = Accept-Language: fr", "",
                    '[feed "moving"]', f"url = {base}/moving.xml", "interval = 1s",
                    "header = Cookie: session=c00kie-9", "header = Authorization: Bearer t0ken-5"]))
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: any(p == "/page.html" for p, _ in seen) and
                                             any(p == "/moved.xml" for p, _ in seen), 30), run.stderr())
                    items = wait_for(lambda: tail(conf, "--from", "1"), 20)
                    self.assertTrue(items, run.stderr())
                finally:
                    self.assertEqual(run.stop(), 0)
                keyed = [h for p, h in seen if p == "/keyed.xml"]
                self.assertTrue(keyed)
                for h in keyed:
                    self.assertEqual(h.get("X-Api-Key"), "k3y-77")
                    self.assertEqual(h.get("User-Agent"), "FeedClient/2.0")
                    self.assertEqual(h.get("Accept-Language"), "fr")
                    self.assertIn("application/rss+xml", h.get("Accept"))
                moving = [h for p, h in seen if p == "/moving.xml"]
                self.assertEqual(moving[0].get("Cookie"), "session=c00kie-9")
                self.assertEqual(moving[0].get("Authorization"), "Bearer t0ken-5")
                for p, h in seen:
                    if p == "/moved.xml":  # another host (localhost): neither goes there
                        self.assertNotIn("Cookie", h)
                        self.assertNotIn("Authorization", h)
                    if p == "/page.html":  # the feed's page: none of the feed's headers
                        self.assertNotIn("X-Api-Key", h)
                        self.assertNotIn("FeedClient", h.get("User-Agent", ""))
                outputs = [run.stderr()] + [subprocess.run([BIN, c, "-c", conf], capture_output=True, text=True,
                                                           timeout=30).stdout for c in ("status", "opml")]
                for text in outputs:
                    for secret in ("k3y-77", "c00kie-9", "t0ken-5"):
                        self.assertNotIn(secret, text)
                # credentials in headers over plain http:// are worth a warning, as a password is
                chk = subprocess.run([BIN, "check", "-c", conf], capture_output=True, text=True, timeout=30)
                self.assertEqual(chk.returncode, 0, chk.stderr)
                for name, header in (("keyed", "X-Api-Key"), ("moving", "Cookie"), ("moving", "Authorization")):
                    self.assertIn(f'warning: feed "{name}": its {header} header goes over plain http://', chk.stdout)
                    self.assertIn(f'feed "{name}": its {header} header goes over plain http://', run.stderr())
                self.assertNotIn("User-Agent header", chk.stdout)
                self.assertNotIn("Accept-Language header", chk.stdout)
                for secret in ("k3y-77", "c00kie-9", "t0ken-5"):
                    self.assertNotIn(secret, chk.stdout)
                # a header newswire writes itself, or no name: a configuration error
                for bad in ("If-None-Match: x", "no colon here", ": empty name"):
                    write_conf(conf, "store", [], extra=f'[feed "b"]\nurl = {base}/b.xml\nheader = {bad}')
                    chk = subprocess.run([BIN, "check", "-c", conf], capture_output=True, text=True, timeout=30)
                    self.assertEqual(chk.returncode, 2, bad)
                    self.assertIn('feed "b": bad header', chk.stderr)
        finally:
            httpd.shutdown()
            httpd.server_close()


class NoArticlesTest(unittest.TestCase):
    """`articles = no`: a feed's items are stored as the feed gives them
    at once, and none of its pages is asked for; the other feeds' items
    still get theirs."""

    def test_articles_no(self):
        site = Site(feeds=2, items=3).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "n.conf")
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)], interval="1h")
                with open(conf) as f:
                    text = f.read()
                with open(conf, "w") as f:
                    f.write(text.replace(f"url = {site.base}/feed/0.xml\n", f"url = {site.base}/feed/0.xml\n"
                                         "articles = no\n", 1))
                run = Proc(["run", "-c", conf], wd)
                try:
                    items = wait_for(lambda: (lambda it: it if len(it) >= 6 else None)(tail(conf, "--from", "1")), 30)
                    self.assertIsNotNone(items, run.stderr())
                finally:
                    self.assertEqual(run.stop(), 0)
                by_feed = {i: [it for it in items if it["feed"] == f"{site.base}/feed/{i}.xml"] for i in range(2)}
                self.assertEqual(len(by_feed[0]), 3)
                for it in by_feed[0]:
                    self.assertRegex(it["text"], r"^Résumé de la dépêche 0-\d\.$")
                    self.assertIsNone(it.get("fallback"))
                for it in by_feed[1]:
                    self.assertIn("Marqueur unique 1x", it["text"])
                pages = [r[0] for r in site.requests if r[0].startswith("/article/")]
                self.assertEqual(sorted(p.split("?")[0] for p in pages), [f"/article/1-{j}.html" for j in range(3)])
            # a bad value is a configuration error naming it
            with Workdir() as wd:
                conf = os.path.join(wd, "bad.conf")
                write_conf(conf, "store", [("f", f"{site.base}/feed/0.xml")])
                with open(conf, "a") as f:
                    f.write("articles = sometimes\n")
                chk = subprocess.run([BIN, "check", "-c", conf], capture_output=True, text=True, timeout=30)
                self.assertEqual(chk.returncode, 2)
                self.assertIn("bad articles 'sometimes' (yes or no)", chk.stderr)
        finally:
            site.stop()


class BacklogTest(unittest.TestCase):
    def test_first_fetch_stores_the_newest(self):
        site = Site(feeds=1, items=80).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "b.conf")
                write_conf(conf, "store", [("big", f"{site.base}/feed/0.xml")], interval="1s")
                run = Proc(["run", "-c", conf], wd)
                try:
                    items = wait_for(lambda: (lambda it: it if len(it) >= 50 else None)(tail(conf, "--from", "1")), 30)
                    self.assertIsNotNone(items, run.stderr())
                    time.sleep(1.5)
                    items = tail(conf, "--from", "1")
                    self.assertEqual(len(items), 50)  # store.first_fetch_max, by default
                    # the newest 50 (item j is dated j hours after item 0)
                    js = sorted(int(it["guid"].rsplit("-", 1)[1]) for it in items)
                    self.assertEqual(js, list(range(30, 80)))
                    self.assertIn("seen_only=30", run.stderr())
                    site.extra_items[0] = 2  # the feed publishes two more
                    items = wait_for(lambda: (lambda it: it if len(it) >= 52 else None)(tail(conf, "--from", "1")), 30)
                    self.assertIsNotNone(items, run.stderr())
                    time.sleep(1.5)
                    js = sorted(int(it["guid"].rsplit("-", 1)[1]) for it in tail(conf, "--from", "1"))
                    self.assertEqual(js, list(range(30, 82)))  # the backlog never comes in
                    # status counts the stored stories, not the backlog's ids
                    st = subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True, text=True,
                                        cwd=wd, timeout=30)
                    self.assertEqual(json.loads(st.stdout)["items"], 52, st.stderr)
                    st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, text=True, cwd=wd,
                                        timeout=30)
                    self.assertIn("items 52 (records 52", st.stdout)
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()


class PollNowTest(unittest.TestCase):
    def test_sigusr1_polls_every_feed_now(self):
        site = Site(feeds=2, items=2).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "n.conf")
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)], interval="1h")
                run = Proc(["run", "-c", conf], wd)
                try:
                    polls = lambda: site.count(lambda r: r[0].startswith("/feed/"))  # noqa: E731
                    self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 4, 30), run.stderr())
                    self.assertEqual(polls(), 2)
                    run.p.send_signal(signal.SIGUSR1)
                    self.assertTrue(wait_for(lambda: polls() >= 4, 5), run.stderr())
                    # answered with 304s: nothing stored twice
                    self.assertEqual(site.count(lambda r: r[0].startswith("/feed/") and r[3] == 304), 2)
                    self.assertEqual(len(tail(conf, "--from", "1")), 4)
                    self.assertIn("poll now (SIGUSR1): 2 feeds due at once", run.stderr())
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()

    def test_no_request_starts_after_sigterm(self):
        """Feeds waiting for their host's turn when the daemon is told to
        stop are not fetched while it stops: left to their leases, polled
        at the next start."""
        site = Site(feeds=3, items=1).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "n.conf")
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(3)],
                           interval="1h", extra="[fetcher]\nper_host = 1\nhost_delay = 1200ms\n")
                run = Proc(["run", "-c", conf], wd)
                feeds = lambda: [t for p, t in list(site.times) if p.startswith("/feed/")]  # noqa: E731
                try:
                    self.assertTrue(wait_for(lambda: len(feeds()) >= 1, 20, 0.02), run.stderr())
                    # the next feed's turn comes 1.2 s after the first,
                    # within the 1.5 s the fetcher gives transfers to end
                    run.p.send_signal(signal.SIGTERM)
                    told = time.monotonic()
                    self.assertEqual(run.p.wait(timeout=10), 0)
                    self.assertEqual([t for t in feeds() if t > told], [], run.stderr())
                finally:
                    run.stop()
                # the next start polls them
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: len(set(p for p, _ in list(site.times)
                                                             if p.startswith("/feed/"))) == 3, 20), run.stderr())
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()


class RhythmServer:
    """Feeds with a rhythm: one that never changes, one that publishes for a
    few seconds and then stops, one that asks to be skipped for the coming
    hour, one that is not found, and an article page slower than the wait."""

    def __init__(self):
        self.hits = Counter()
        self.lock = threading.Lock()
        self.t0 = time.monotonic()
        srv = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def reply(self, status, body=b"", ctype="application/rss+xml"):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def do_GET(self):
                with srv.lock:
                    srv.hits[self.path] += 1
                if self.path == "/static.xml":
                    self.reply(200, feed("static"))
                elif self.path == "/burst.xml":  # a new item each second for 4 s, then nothing new
                    n = 1 + int(min(time.monotonic() - srv.t0, 4.0))
                    self.reply(200, feed("burst", n=n))
                elif self.path == "/skip.xml":  # every hour skipped but the one after next
                    hour = (time.gmtime().tm_hour + 2) % 24
                    skip = "".join(f"<hour>{h}</hour>" for h in range(24) if h != hour)
                    self.reply(200, feed("skip").replace(b"<channel>", f"<channel><skipHours>{skip}</skipHours>"
                                                         .encode()))
                elif self.path == "/summary.xml":  # one item with a summary only: its page is needed
                    base = f"http://{self.headers['Host']}"
                    self.reply(200, (f'<?xml version="1.0"?><rss version="2.0"><channel><title>s</title>'
                                     f"<item><title>Waited</title><link>{base}/slow-article.html</link>"
                                     f"<description>Short.</description></item></channel></rss>").encode())
                elif self.path == "/slow-article.html":
                    time.sleep(6)
                    self.reply(200, b"<html><body><p>late</p></body></html>", "text/html")
                else:
                    self.reply(404, b"no", "text/plain")

        self.httpd, self.base = serve(H)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class RhythmTest(unittest.TestCase):
    def test_adaptive_skip_disable_silent_wait(self):
        srv = RhythmServer()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "r.conf")
                names = ["static", "burst", "skip", "missing", "summary"]
                write_conf(conf, "store", [(n, f"{srv.base}/{n}.xml") for n in names], interval="1s",
                           extra="[store]\ndisable_after = 3s\narticle_wait = 2s\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    quiet = wait_for(lambda: "feed silent: feed=" in run.stderr(), 40, step=0.5)
                    runtime = time.monotonic() - srv.t0
                    st = subprocess.run([BIN, "status", "-c", conf], capture_output=True, timeout=30)
                    js = subprocess.run([BIN, "status", "-c", conf, "--json"], capture_output=True, timeout=30)
                finally:
                    self.assertEqual(run.stop(), 0)
                log = run.stderr()
                hits = srv.hits
                print(f"\nhits over {runtime:.0f} s at a 1 s interval: {dict(hits)}", file=sys.stderr)
                self.assertTrue(quiet, log)
                # a feed that never changes slows down to 4 intervals: far fewer polls than seconds
                self.assertLess(hits["/static.xml"], runtime / 2, hits)
                self.assertGreaterEqual(hits["/static.xml"], runtime / 4 - 1, hits)
                # skipHours: the next poll waits for the hour it did not skip
                self.assertEqual(hits["/skip.xml"], 1, hits)
                # 404 for longer than store.disable_after: no longer polled
                self.assertIn("not found (HTTP 404) for", log)
                self.assertLessEqual(hits["/missing.xml"], 4, hits)
                self.assertRegex(st.stdout.decode(), r"(?m)^missing\s+gone\s")
                # silence: flagged, shown
                self.assertIn("feed silent: feed=" + srv.base + "/burst.xml", log)
                self.assertRegex(st.stdout.decode(), r"(?m)^burst\s+quiet\s.*nothing new since")
                rows = {r["name"]: r for r in json.loads(js.stdout)["feeds"]}
                self.assertTrue(rows["burst"]["silent"])
                self.assertTrue(rows["missing"]["disabled"])
                self.assertGreater(rows["static"]["poll_ms"], 1000)
                self.assertLessEqual(rows["static"]["poll_ms"], 4000)
                # the article slower than store.article_wait: the item keeps its summary, and says why
                waited = [i for i in tail(conf, "--from", "1") if i["title"] == "Waited"]
                self.assertEqual(len(waited), 1, log)
                self.assertIn("store.article_wait", waited[0]["fallback"])
        finally:
            srv.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
