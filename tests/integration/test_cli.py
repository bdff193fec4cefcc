"""parse, extract and the command line's contracts: seed checks, exit
codes, error lines naming the file."""
import collections
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Workdir  # noqa: E402

SHARED = os.environ.get("NW_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
SEED = os.path.join(SHARED, "corpus", "seed")


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(*args, stdin=None):
    return subprocess.run([BIN] + list(args), capture_output=True, input=stdin, timeout=60)


def shingle_f1(got, want):
    """Word 4-shingle F1, as the article-extraction evaluator computes it."""
    def shingles(text):
        t = re.findall(r"\w+", text)
        return collections.Counter(tuple(t[i:i + 4]) for i in range(max(1, len(t) - 3)))
    a, b = shingles(got), shingles(want)
    tp = sum((a & b).values())
    p, r = tp / max(1, sum(a.values())), tp / max(1, sum(b.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


class CliTest(unittest.TestCase):
    def test_parse_seed(self):
        p = run("parse", os.path.join(SEED, "feed.xml"))
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = json.loads(p.stdout)
        items = doc["items"]
        self.assertEqual(len(items), 2)
        self.assertEqual(items[0]["title"], "Haut-Karabakh : Poutine appelle à l’arrêt des combats et invite "
                                            "Bakou et Erevan à Moscou")
        self.assertEqual(items[1]["title"], "Erevan dénonce des bombardements sur Stepanakert")
        self.assertEqual(items[0]["published"], "2020-10-09T08:32:00Z")
        self.assertEqual(items[1]["published"], "2020-10-08T15:05:00Z")
        self.assertTrue(items[0]["url"].startswith("https://courrier-caucase.example/monde/2020/10/09/haut-karabakh"))
        self.assertEqual(items[1]["url"], "https://courrier-caucase.example/monde/2020/10/08/erevan-bombardements")
        self.assertEqual(doc["feed"]["title"], "Le Courrier du Caucase - Monde")

    def test_extract_seed(self):
        want = json.loads(read(os.path.join(SEED, "expected.json")))
        p = run("extract", "--url", want["url"], os.path.join(SEED, "page.html"))
        self.assertEqual(p.returncode, 0, p.stderr)
        got = json.loads(p.stdout)
        for key in ("url", "title", "published", "lang", "site_name", "reading_time_min", "agencies"):
            self.assertEqual(got[key], want[key], key)
        self.assertGreaterEqual(shingle_f1(got["text"], want["text"]), 0.98)
        for key in ("url", "title", "author", "published", "lang", "site_name", "description", "text", "word_count",
                    "reading_time_min", "agencies", "access"):
            self.assertIn(key, got)

    def test_compressed_inputs(self):
        # a feed or a page in a gzip or zstd file is read decompressed, by
        # its bytes, whatever its name; zstd that does not decode fails
        import gzip
        with Workdir() as d:
            for name, pack in (("gz", gzip.compress),
                               ("zst", lambda b: subprocess.run(["zstd", "-q", "-c"], input=b, capture_output=True,
                                                                check=True).stdout)):
                feed, page = os.path.join(d, f"feed.{name}"), os.path.join(d, f"page.{name}")
                with open(feed, "wb") as f:
                    f.write(pack(read(os.path.join(SEED, "feed.xml"), "rb")))
                with open(page, "wb") as f:
                    f.write(pack(read(os.path.join(SEED, "page.html"), "rb")))
                self.assertEqual(run("parse", feed).stdout, run("parse", os.path.join(SEED, "feed.xml")).stdout)
                self.assertEqual(run("extract", page).stdout, run("extract", os.path.join(SEED, "page.html")).stdout)
            # replay: the zstd feed and page, the page answering the job
            # of the feed's item that links to it (the seed page's URL
            # with its tracking parameters)
            conf = os.path.join(d, "r.conf")
            write(conf, "[store]\npath = store\n")
            os.makedirs(os.path.join(d, "in"))
            for name in ("feed.zst", "page.zst"):
                os.rename(os.path.join(d, name), os.path.join(d, "in", name))
            p = run("replay", "-c", conf, os.path.join(d, "in"))
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("1 feed documents, 1 pages", p.stderr.decode())
            titles = [json.loads(line)["title"] for line in run("tail", "-c", conf, "--from", "1").stdout.splitlines()]
            self.assertIn("Haut-Karabakh : Poutine appelle à l’arrêt des combats et invite Bakou et Erevan à Moscou",
                          titles)
            bad = os.path.join(d, "bad.zst")
            with open(bad, "wb") as f:
                f.write(b"\x28\xb5\x2f\xfdnot zstd at all")
            p = run("parse", bad)
            self.assertEqual(p.returncode, 1)
            self.assertIn(b"zstd data that does not decompress", p.stderr)

    def test_many_files_one_process(self):
        feed = os.path.join(SEED, "feed.xml")
        p = run("parse", feed, feed, "-", stdin=read(feed, "rb"))
        lines = p.stdout.decode().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(json.loads(lines[0]), json.loads(lines[2]))
        page = os.path.join(SEED, "page.html")
        p = run("extract", page, page)
        self.assertEqual(len(p.stdout.decode().splitlines()), 2)

    def test_reader_going_away(self):
        # extract ... | head -1: the output ends there, status 0, no message
        page = os.path.join(SEED, "page.html")
        p = subprocess.Popen([BIN, "extract", "-j", "2"] + [page] * 400, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        first = p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read()
        self.assertEqual(p.wait(timeout=60), 0)
        self.assertTrue(json.loads(first)["title"])
        self.assertEqual(err, b"")

    def test_inputs_given_as_urls(self):
        """An http(s) input is fetched (redirects followed, and a page's
        refresh that sends its reader on, a shortener's too; the charset of its Content-Type
        heeded), and read as the same bytes from a file
        would be with its final address as --url; a failed fetch is that
        input's error line."""
        feed = read(os.path.join(SEED, "feed.xml"), "rb")
        page = ("<html><head><title>Caf\xe9 prices</title></head><body><article><h1>Caf\xe9 prices</h1>"
                "<p>The price of a caf\xe9 au lait rose again this winter in the old town, where owners said "
                "that milk, rent and wages all cost more than a year ago.</p><p>Customers, they added, have "
                "so far kept coming, though fewer stay for a second cup than they used to.</p>"
                "</article></body></html>").encode("cp1252")

        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/old":
                    self.send_response(301)
                    self.send_header("Location", "/news/page")
                    self.end_headers()
                    return
                stub = b'<html><meta http-equiv="refresh" content="0; url=/old"><h1>Redirecting</h1></html>'
                if self.path == "/refreshed":  # a Refresh header
                    self.send_response(200)
                    self.send_header("Refresh", "0; url=/older")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                # a link shortener's page for browsers: a refresh for those
                # without scripts, location.replace for the others
                short = (b'<head><noscript><meta http-equiv="refresh" content="0;URL=/old"></noscript><title>/old'
                         b'</title></head><script>window.opener = null; location.replace("\\/old")</script>')
                body, ctype = {"/feed.xml": (feed, "application/rss+xml"), "/older": (stub, "text/html"),
                               "/s/x1": (short, "text/html; charset=utf-8"),
                               "/news/page": (page, "text/html; charset=windows-1252")}.get(self.path, (None, None))
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", ctype or "text/plain")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        try:
            p = run("parse", f"{base}/feed.xml")
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            want = run("parse", "--url", f"{base}/feed.xml", os.path.join(SEED, "feed.xml"))
            self.assertEqual(p.stdout, want.stdout)
            p = run("extract", f"{base}/old")
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            o = json.loads(p.stdout)
            self.assertEqual(o["url"], f"{base}/news/page")
            self.assertEqual(o["title"], "Caf\u00e9 prices")
            self.assertIn("caf\u00e9 au lait", o["text"])
            for start in ("older", "refreshed", "s/x1"):
                p = run("extract", f"{base}/{start}")
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertEqual(json.loads(p.stdout)["url"], f"{base}/news/page")
            p = run("extract", f"{base}/gone", f"{base}/news/page")
            self.assertEqual(p.returncode, 1)
            self.assertIn(f"{base}/gone: cannot fetch: HTTP status 404", p.stderr.decode())
            lines = p.stdout.decode().splitlines()
            self.assertEqual(len(lines), 2)
            self.assertIn("error", json.loads(lines[0]))
            self.assertEqual(json.loads(lines[1])["title"], "Caf\u00e9 prices")
        finally:
            srv.shutdown()

    def test_replay_knows_a_sitemap_by_its_bytes(self):
        """A loose sitemap, whatever its name, is replayed as a feed: its
        entries are items (with no page in the inputs, kept as they are)."""
        with Workdir() as wd:
            sm = os.path.join(wd, "latest.dat")
            write(sm, '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                      'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
                      "<loc>https://news.example/a/1.html</loc><news:news><news:title>Premier titre</news:title>"
                      "<news:publication_date>2026-12-03T08:00:00Z</news:publication_date></news:news></url>"
                      "<url><loc>https://news.example/a/2.html</loc><lastmod>2026-12-02</lastmod></url></urlset>")
            conf = os.path.join(wd, "r.conf")
            write(conf, "[store]\npath = store\n")
            p = run("replay", "-c", conf, sm)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertIn("items: 2 new", p.stderr.decode())
            lines = run("tail", "-c", conf, "--from", "1").stdout.decode().splitlines()
            items = sorted((json.loads(line) for line in lines), key=lambda it: it["url"])
            self.assertEqual([it["url"] for it in items],
                             ["https://news.example/a/1.html", "https://news.example/a/2.html"])
            self.assertEqual(items[0]["title"], "Premier titre")
            self.assertEqual(items[0]["published"], "2026-12-03T08:00:00Z")

    def test_errors_name_the_file(self):
        with Workdir() as wd:
            missing = os.path.join(wd, "missing.xml")
            p = run("parse", missing)
            self.assertEqual(p.returncode, 1)
            self.assertIn("missing.xml", p.stderr.decode())
            self.assertEqual(len(p.stdout.decode().splitlines()), 1)  # still one object per document
            junk = os.path.join(wd, "junk.xml")
            write(junk, "just some words")
            p = run("parse", junk, os.path.join(SEED, "feed.xml"))
            self.assertEqual(p.returncode, 1)
            self.assertIn("junk.xml", p.stderr.decode())
            lines = p.stdout.decode().splitlines()
            self.assertEqual(len(json.loads(lines[1])["items"]), 2)  # the good document after a bad one
            # each command given the other's kind of document says so
            page = os.path.join(wd, "home.html")
            write(page, '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
                        "<title>Home</title></head><body><p>Welcome.</p></body></html>")
            p = run("parse", "--url", "https://site.example/", page)
            self.assertEqual(p.returncode, 1)
            self.assertIn("an HTML page, not a feed; it announces https://site.example/rss.xml", p.stderr.decode())
            p = run("parse", page)  # no address to resolve /rss.xml against
            self.assertEqual(p.returncode, 1)
            self.assertIn("it announces /rss.xml (relative to the page's address: give it with --url)",
                          p.stderr.decode())
            p = run("extract", os.path.join(SEED, "feed.xml"))
            self.assertEqual(p.returncode, 1)
            self.assertIn("a feed (<rss>), not an HTML page", p.stderr.decode())
            p = run("extract", "--url", "page.html", os.path.join(SEED, "page.html"))  # a path, not an address
            self.assertEqual(p.returncode, 2)
            self.assertIn("bad --url 'page.html' (an http(s) URL)", p.stderr.decode())
            p = run("replay", "-c", os.path.join(wd, "none.conf"), "--url", "ftp://x.example/", page)
            self.assertEqual(p.returncode, 2)
            self.assertIn("bad --url 'ftp://x.example/'", p.stderr.decode())

            conf = os.path.join(wd, "bad.conf")
            write(conf, "[store]\npath = x\n\n[fetcher]\nconcurrency = lots\n")
            p = run("run", "-c", conf)
            self.assertEqual(p.returncode, 2)
            self.assertIn("bad.conf:5:", p.stderr.decode())
            write(conf, "[store]\nnonsense = 1\n")
            p = run("status", "-c", conf)
            self.assertEqual(p.returncode, 2)
            self.assertIn("bad.conf:2: unknown key 'nonsense'", p.stderr.decode())
            p = run("run", "-c", os.path.join(wd, "absent.conf"))
            self.assertEqual(p.returncode, 2)
            self.assertIn("absent.conf", p.stderr.decode())

            good = os.path.join(wd, "good.conf")
            write(good, "[store]\npath = nostore\n")
            p = run("tail", "-c", good)
            self.assertEqual(p.returncode, 1)
            self.assertIn("nostore", p.stderr.decode())
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("tail", "--bogus").returncode, 2)
        self.assertEqual(run("--help").returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
