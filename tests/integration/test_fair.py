"""One slow host with many article pages does not hold back the others:
the store issues each host at most a small window of jobs (fetcher.per_host
x 2) and goes on to the jobs of other hosts, so a fast site's items arrive
in seconds while the slow one's are still trickling in."""
import gzip
import http.server
import os
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Proc, Site, Workdir, tail, wait_for, write_conf  # noqa: E402


class FairTest(unittest.TestCase):
    def test_slow_host_does_not_block_others(self):
        slow = Site(feeds=1, items=40, article_delay=0.5).start()       # 127.0.0.1: 40 pages, 0.5 s each
        fast = Site(feeds=2, items=5).start("127.0.0.1")
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "f.conf")
                # the fast site under another host name (localhost), the slow one first in the file
                fast_base = fast.base.replace("127.0.0.1", "localhost")
                feeds = [("slow", f"{slow.base}/feed/0.xml")] + \
                        [(f"fast{i}", f"{fast_base}/feed/{i}.xml") for i in range(2)]
                write_conf(conf, "store", feeds, interval="1h")
                run = Proc(["run", "-c", conf], wd)
                t0 = time.monotonic()
                try:
                    def fast_done():
                        items = tail(conf, "--from", "1")
                        return [i for i in items if i["url"].startswith(fast_base) and not i.get("fallback")]
                    got = wait_for(lambda: len(fast_done()) >= 10, 30, step=0.1)
                    elapsed = time.monotonic() - t0
                    self.assertTrue(got, run.stderr())
                    slow_now = len([i for i in tail(conf, "--from", "1") if i["url"].startswith(slow.base)])
                    # 40 slow pages at 0.5 s, a few at a time, take several seconds; the fast items come at once
                    self.assertLess(elapsed, 2.5)  # 4 s and more without the per-host window
                    self.assertLess(slow_now, 20)
                    print(f"\\nfast host's 10 items in {elapsed:.1f} s; slow host {slow_now}/40 by then",
                          file=sys.stderr)
                finally:
                    run.stop()
        finally:
            slow.stop()
            fast.stop()


    def test_names_of_one_server_share_its_limit(self):
        # one server under two names (127.0.0.1 and localhost, same port): per_host counts
        # for the machine, learned from the address each name was reached at
        site = Site(feeds=2, items=8, article_delay=0.3).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "a.conf")
                other = site.base.replace("127.0.0.1", "localhost")
                write_conf(conf, "store", [("a", f"{site.base}/feed/0.xml"), ("b", f"{other}/feed/1.xml")],
                           interval="1h", extra="[fetcher]\nper_host = 2\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 16, 60), run.stderr())
                finally:
                    run.stop()
                # each page took 0.3 s: its request spanned [end - 0.3, end]
                ends = sorted(t for p, t in site.times if p.startswith("/article/"))
                self.assertEqual(len(ends), 16)
                most = max(sum(1 for e in ends if e - 0.28 < x <= e) for x in ends)
                self.assertLessEqual(most, 2, ends)
        finally:
            site.stop()

    def test_host_delay(self):
        site = Site(feeds=1, items=6).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "d.conf")
                write_conf(conf, "store", [("f", f"{site.base}/feed/0.xml")], interval="1h",
                           extra="[fetcher]\nhost_delay = 400ms\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 6, 30), run.stderr())
                finally:
                    run.stop()
                starts = sorted(t for p, t in site.times if p != "/robots.txt")
                gaps = [b - a for a, b in zip(starts, starts[1:])]
                self.assertEqual(len(starts), 7)  # the feed and its 6 pages
                self.assertGreaterEqual(min(gaps), 0.35, gaps)  # 400 ms apart, give or take a poll
        finally:
            site.stop()


    def test_robots_txt(self):
        site = Site(feeds=1, items=4).start()
        site.robots = ("User-agent: *\nDisallow: /article/0-1.html\n\n"
                       "User-agent: otherbot\nDisallow: /\n")
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "r.conf")
                write_conf(conf, "store", [("f", f"{site.base}/feed/0.xml")], interval="1h")
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 4, 30), run.stderr())
                finally:
                    run.stop()
                items = {it["url"].split("/")[-1]: it for it in tail(conf, "--from", "1")}
                self.assertIn("robots.txt", items["0-1.html"]["fallback"])  # its feed summary only
                for name in ("0-0.html", "0-2.html", "0-3.html"):
                    self.assertIsNone(items[name]["fallback"])
                    self.assertIn("Marqueur unique", items[name]["text"])
                paths = [p for p, _ in site.times]
                self.assertEqual(paths.count("/robots.txt"), 1)       # once per host
                self.assertNotIn("/article/0-1.html", paths)          # never asked for
        finally:
            site.stop()

    def test_robots_txt_archived(self):
        """With archive on, a robots.txt is archived as the fetch it was;
        asked again after robots_max_age and the same, as a revisit of
        it (identical-payload-digest). Replayed, it is no document: the
        items are the live ones."""
        site = Site(feeds=1, items=2).start()
        site.robots = "User-agent: *\nDisallow: /private/\n"
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "r.conf")
                write_conf(conf, "store", [("f", f"{site.base}/feed/0.xml")], interval="1s",
                           extra="[fetcher]\narchive = archive\nrobots_max_age = 1s\n")
                run = Proc(["run", "-c", conf], wd)
                robots = lambda: [p for p, _ in site.times].count("/robots.txt")  # noqa: E731
                try:
                    self.assertTrue(wait_for(lambda: len(tail(conf, "--from", "1")) >= 2, 30), run.stderr())
                    time.sleep(1.2)
                    site.extra_items[0] = 1  # a new story: its page after robots_max_age
                    self.assertTrue(wait_for(lambda: robots() >= 2 and len(tail(conf, "--from", "1")) >= 3, 30),
                                    run.stderr())
                finally:
                    run.stop()
                url = f"{site.base}/robots.txt"
                kinds = [t for t, u, _ in warc_records(os.path.join(wd, "archive")) if u == url]
                self.assertEqual(kinds[:2], ["request", "response"])
                self.assertEqual(kinds[2:], ["request", "revisit"] * (robots() - 1))
                again = os.path.join(wd, "again.conf")
                write_conf(again, "again", [])
                p = subprocess.run([BIN, "replay", "-c", again, os.path.join(wd, "archive")], capture_output=True,
                                   timeout=60)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertIn("1 robots.txt file read past", p.stderr.decode())  # asked again: revisits
                self.assertNotIn("skipped", p.stderr.decode())
                essence = lambda c: {i["id"]: (i["title"], i["text"], i["fallback"]) for i in tail(c, "--from", "1")}  # noqa
                self.assertEqual(essence(again), essence(conf))
        finally:
            site.stop()

    def test_redirect_to_another_host_waits_its_turn_there(self):
        """An article link that redirects to another host (a tracking
        link, a shortener) is asked there as any request to that host is:
        after its robots.txt, which may forbid the page; one that redirects
        on its own host to a page its robots.txt forbids is not followed."""
        lock = threading.Lock()
        asked = []  # (host name, path)

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                name, port = self.headers["Host"].split(":")
                with lock:
                    asked.append((name, self.path))
                headers, status = [], 200
                if self.path == "/feed.xml":
                    body = ("<rss version='2.0'><channel><title>Links</title>" + "".join(
                        f"<item><title>Story {j}</title><link>http://127.0.0.1:{port}/out/{j}</link>"
                        f"<guid>s{j}</guid><description>Summary {j}.</description></item>" for j in range(5))
                        + f"<item><title>Story 5</title><link>http://127.0.0.1:{port}/private/5</link><guid>s5"
                        "</guid><description>Summary 5.</description></item></channel></rss>").encode()
                elif self.path == "/out/4":  # on its own host, to a page forbidden there
                    status, body, headers = 302, b"", [("Location", "/private/4")]
                elif self.path.startswith("/out/"):
                    status, body = 302, b""
                    headers = [("Location", f"http://localhost:{port}/story/{self.path[5:]}")]
                elif self.path == "/robots.txt" and name == "localhost":
                    body = b"User-agent: *\nDisallow: /story/1\n"
                elif self.path == "/robots.txt":
                    body = b"User-agent: *\nDisallow: /private/\n"
                elif self.path.startswith("/story/"):
                    body = (f"<html><head><title>Story {self.path[7:]}</title></head><body><article>"
                            + f"<p>Story {self.path[7:]} words, told at length for its readers here. </p>" * 12
                            + "</article></body></html>").encode()
                else:
                    status, body = 404, b""
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "r.conf")
                write_conf(conf, "store", [("f", f"http://127.0.0.1:{httpd.server_address[1]}/feed.xml")],
                           interval="1h", extra="[fetcher]\narchive = archive\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: len([i for i in tail(conf, "--from", "1")
                                                          if i.get("fallback") or "words" in i["text"]]) == 6, 30),
                                    run.stderr())
                finally:
                    run.stop()
                items = {it["guid"]: it for it in tail(conf, "--from", "1")}
                self.assertIn("robots.txt", items["s1"]["fallback"])
                self.assertEqual(items["s4"]["fallback"], "article not fetched: redirected to a page the site's "
                                 "robots.txt disallows (fetcher.robots)")
                self.assertIn("robots.txt", items["s5"]["fallback"])
                for j in (0, 2, 3):
                    self.assertIsNone(items[f"s{j}"]["fallback"])
                    self.assertIn(f"Story {j} words", items[f"s{j}"]["text"])
                with lock:
                    self.assertEqual(asked.count(("localhost", "/robots.txt")), 1)
                    self.assertNotIn(("localhost", "/story/1"), asked)
                    self.assertEqual(asked.count(("127.0.0.1", "/robots.txt")), 1)
                    self.assertNotIn(("127.0.0.1", "/private/4"), asked)
                # the archive holds the redirects and the refusals where they
                # led, asked for nothing there: replayed, the items fail for
                # the same reasons
                records = warc_records(os.path.join(wd, "archive"))
                port = httpd.server_address[1]
                for url in (f"http://localhost:{port}/story/1", f"http://127.0.0.1:{port}/private/4",
                            f"http://127.0.0.1:{port}/private/5"):
                    self.assertEqual([t for t, u, _ in records if u == url], ["metadata"], url)
                # the robots.txt files are archived as the fetches they were
                for host in ("localhost", "127.0.0.1"):
                    url = f"http://{host}:{port}/robots.txt"
                    got = [(t, b) for t, u, b in records if u == url]
                    self.assertEqual([t for t, _ in got], ["request", "response"], url)
                    self.assertIn(b"\r\n\r\nUser-agent: *\nDisallow: /", got[1][1], url)
                again = os.path.join(wd, "again.conf")
                write_conf(again, "again", [])
                p = subprocess.run([BIN, "replay", "-c", again, os.path.join(wd, "archive")], capture_output=True,
                                   timeout=60)
                replayed = {it["guid"]: it for it in tail(again, "--from", "1")}
                for g in ("s1", "s4", "s5"):
                    self.assertEqual(replayed[g]["fallback"], items[g]["fallback"], p.stderr.decode())
        finally:
            httpd.shutdown()
            httpd.server_close()


def warc_records(folder):
    """(WARC-Type, WARC-Target-URI, block) of every record of the .warc.gz
    files in folder, in file and record order."""
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".warc.gz"):
            continue
        with gzip.open(os.path.join(folder, name)) as f:
            data = f.read()
        pos = 0
        while pos < len(data):
            end = data.index(b"\r\n\r\n", pos)
            fields = dict(line.split(": ", 1) for line in data[pos:end].decode().split("\r\n")[1:])
            n = int(fields["Content-Length"])
            out.append((fields["WARC-Type"], fields.get("WARC-Target-URI"), data[end + 4:end + 4 + n]))
            pos = end + 4 + n + 4
    return out


class ProxyTest(unittest.TestCase):
    """Behind a proxy (the environment's http_proxy, as libcurl reads it),
    every host is reached at the proxy's address: it is no server shared
    by them all, so each host keeps its own per_host window; and the SSRF
    guard judges article links by their host names, which the proxy
    resolves."""

    def test_hosts_behind_a_proxy(self):
        lock = threading.Lock()
        state = {"now": 0, "most": 0, "paths": []}
        hosts = [f"h{i}.example" for i in range(4)]

        class P(http.server.BaseHTTPRequestHandler):  # a forward proxy that is also every origin
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                url = self.path  # absolute form: http://HOST/PATH
                host, path = url.split("/")[2], "/" + url.split("/", 3)[3]
                with lock:
                    state["paths"].append(url)
                if path.startswith("/feed"):
                    items = "".join(f"<item><title>{host} {j}</title><link>http://{host}/a{j}.html</link>"
                                    f"<guid>{host}-{j}</guid><description>Summary {j}.</description></item>"
                                    for j in range(3))
                    if host == "h0.example":  # a link into the user's network
                        items += ("<item><title>inside</title><link>http://127.0.0.1:1/secret.html</link>"
                                  "<guid>inside</guid><description>Summary.</description></item>")
                    body = f"<rss version='2.0'><channel><title>{host}</title>{items}</channel></rss>".encode()
                    ctype = "application/rss+xml"
                elif path.startswith("/a"):
                    with lock:
                        state["now"] += 1
                        state["most"] = max(state["most"], state["now"])
                    time.sleep(0.6)
                    with lock:
                        state["now"] -= 1
                    body = (f"<html><head><title>{host} page</title></head><body><article><h1>{host} page</h1>"
                            + "<p>The council met on Tuesday to vote on the bridge, and the vote was close. </p>" * 12
                            + "</article></body></html>").encode()
                    ctype = "text/html"
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), P)
        proxy.daemon_threads = True
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        saved = {k: os.environ.pop(k) for k in ("no_proxy", "NO_PROXY") if k in os.environ}
        os.environ["http_proxy"] = f"http://127.0.0.1:{proxy.server_address[1]}"
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "p.conf")
                write_conf(conf, "store", [(h, f"http://{h}/feed.xml") for h in hosts], interval="1h",
                           extra="[fetcher]\nper_host = 1\narchive = archive\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    done = lambda: [i for i in tail(conf, "--from", "1") if "council" in (i["text"] or "")]  # noqa
                    self.assertTrue(wait_for(lambda: len(done()) >= 12, 60), run.stderr())
                    inside = wait_for(lambda: [i for i in tail(conf, "--from", "1") if i["guid"] == "inside"], 20)
                    self.assertTrue(inside, run.stderr())
                finally:
                    run.stop()
                # the refused address is archived with its reason, asked for
                # nothing there: replayed, its item fails for the same reason
                records = warc_records(os.path.join(wd, "archive"))
                self.assertEqual([t for t, u, _ in records if u == "http://127.0.0.1:1/secret.html"], ["metadata"])
                again = os.path.join(wd, "again.conf")
                write_conf(again, "again", [])
                p = subprocess.run([BIN, "replay", "-c", again, os.path.join(wd, "archive")], capture_output=True,
                                   timeout=60)
                replayed = [i for i in tail(again, "--from", "1") if i["guid"] == "inside"]
                self.assertEqual([i["fallback"] for i in replayed], [inside[0]["fallback"]], p.stderr.decode())
        finally:
            del os.environ["http_proxy"]
            os.environ.update(saved)
            proxy.shutdown()
            proxy.server_close()
        # four hosts, one page at a time each: pages of several hosts at once (1 if they shared a window)
        self.assertGreaterEqual(state["most"], 2, state)
        # the link into the user's network never reached the proxy; its item keeps its summary
        self.assertFalse([u for u in state["paths"] if "127.0.0.1" in u], state["paths"])
        self.assertIn("SSRF guard", inside[0]["fallback"])

if __name__ == "__main__":
    unittest.main(verbosity=2)
