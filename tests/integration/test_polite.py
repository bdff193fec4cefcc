"""What servers say about polling is heard: 410 stops a feed, a permanent
redirect (301/308) moves it, a temporary one (302) does not, and
Retry-After in both forms (seconds, HTTP date) holds the next poll back."""
import email.utils
import http.server
import os
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


class Server:
    def __init__(self):
        self.hits = Counter()
        self.lock = threading.Lock()
        srv = self

        class H(http.server.BaseHTTPRequestHandler):
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

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class PoliteTest(unittest.TestCase):
    def test_server_hints(self):
        srv = Server()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "p.conf")
                names = ["gone", "moved", "temp", "plain", "err500", "cached", "expires", "ttl"]
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
                self.assertIn("11 feeds: 7 ok, 3 failing, 1 gone, 0 not fetched yet", out)
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
                self.assertIn("10 no longer configured", st.stdout.decode())
        finally:
            srv.stop()


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
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
