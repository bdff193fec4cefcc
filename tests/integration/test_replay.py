"""replay: archived feeds and pages go through the same parser and store;
replaying twice stores nothing new."""
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Workdir, tail, write_conf  # noqa: E402

SHARED = os.environ.get("NW_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
SEED = os.path.join(SHARED, "corpus", "seed")

EXTRA_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens | Port News</title>
<link rel="canonical" href="https://port.example/2021/05/04/harbour-reopens">
<meta property="og:site_name" content="Port News"></head><body><nav><a href="/">Home</a></nav>
<article><h1>Harbour reopens</h1><p>The harbour reopened on Tuesday after three weeks of repairs, the port
authority said, and the first ships were expected to dock by the evening.</p><p>Shipping companies had diverted
their vessels to other ports during the closure, which followed a storm that damaged two of the main quays.</p>
<p>(Reuters)</p></article><footer>Port News</footer></body></html>"""


class ReplayTest(unittest.TestCase):
    def test_replay_seed_folder(self):
        with Workdir() as wd:
            archive = os.path.join(wd, "archive")
            os.makedirs(os.path.join(archive, "pages"))
            shutil.copy(os.path.join(SEED, "feed.xml"), archive)
            shutil.copy(os.path.join(SEED, "page.html"), os.path.join(archive, "pages"))
            with open(os.path.join(archive, "pages", "extra.html"), "w") as f:
                f.write(EXTRA_PAGE)
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [])
            p = subprocess.run([BIN, "replay", "-c", conf, archive], capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            # the summary counts every document read: the feed, the page
            # that answered its item, the page no feed asked for
            self.assertIn("replay: 3 documents replayed; items: 3 new, 0 revised", p.stderr.decode())
            items = tail(conf, "--from", "1")
            self.assertEqual(len(items), 3, [it["url"] for it in items])
            by_url = {it["url"]: it for it in items}
            first = by_url["https://courrier-caucase.example/monde/2020/10/09/"
                           "haut-karabakh-poutine-appelle-a-l-arret-des-combats"]
            # the feed item, completed with the page from the archive
            self.assertIn("Sergueï Lavrov", first["text"])
            self.assertEqual(first["agencies"], ["AFP", "TASS"])
            self.assertEqual(first["lang"], "fr")
            self.assertEqual(first["guid"], "cc-12423")
            self.assertEqual(first["published"], "2020-10-09T08:32:00Z")
            # the second item has no page in the archive: stored with its summary
            second = by_url["https://courrier-caucase.example/monde/2020/10/08/erevan-bombardements"]
            self.assertIn("frappes sur la capitale", second["text"])
            # a page no feed asked for is an item of its own
            extra = by_url["https://port.example/2021/05/04/harbour-reopens"]
            self.assertEqual(extra["title"], "Harbour reopens")
            self.assertEqual(extra["agencies"], ["Reuters"])
            self.assertEqual(extra["source"], "Port News")

            p = subprocess.run([BIN, "replay", "-c", conf, archive], capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            self.assertEqual(len(tail(conf, "--from", "1")), 3)

            p = subprocess.run([BIN, "replay", "-c", conf, os.path.join(wd, "nothing-here")], capture_output=True,
                               timeout=60)
            self.assertEqual(p.returncode, 1)
            self.assertIn("nothing-here", p.stderr.decode())

    def test_documents_that_fail_are_counted(self):
        """A feed file that is no feed and pages that are no article (a
        consent form, a bot check archived in place of a feed item's story)
        are failures: each named in a line once, counted in the summary, and
        the exit status is 1; the rest is stored, the item with its feed
        summary."""
        consent = ("<html lang=en><head><title>Before you continue</title></head><body><form><h2>We value your "
                   "privacy</h2><p>We and our partners use cookies and process personal data for advertising and "
                   "measurement.</p><p>You may consent to this processing, refuse it or choose your preferences; you "
                   "can withdraw your consent at any time.</p><button>Accept all</button></form></body></html>")
        with Workdir() as wd:
            archive = os.path.join(wd, "archive")
            os.makedirs(archive)
            with open(os.path.join(archive, "extra.html"), "w") as f:
                f.write(EXTRA_PAGE)
            with open(os.path.join(archive, "consent.html"), "w") as f:
                f.write(consent.replace("<head>", '<head><link rel="canonical" href="https://port.example/wall">'))
            # a feed whose item's page was archived as a bot check: read once
            with open(os.path.join(archive, "feed.xml"), "w") as f:
                f.write('<rss version="2.0"><channel><title>Port</title><item><title>Storm</title><link>'
                        "https://port.example/storm</link><description>The storm closed the port.</description>"
                        "</item></channel></rss>")
            with open(os.path.join(archive, "storm.html"), "w") as f:
                f.write('<html><head><title>Just a moment...</title><link rel="canonical" '
                        'href="https://port.example/storm"></head><body><noscript>Enable JavaScript and cookies to '
                        "continue</noscript><script>window._cf_chl_opt={}</script></body></html>")
            with open(os.path.join(archive, "cut.json"), "w") as f:
                f.write('{"version": "https://jsonfeed.org/version/1.1", "title": "Cut", "items": [')
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [])
            p = subprocess.run([BIN, "replay", "-c", conf, archive], capture_output=True, timeout=120)
            err = p.stderr.decode()
            self.assertEqual(p.returncode, 1, err)
            self.assertIn("3 failed", err)
            self.assertEqual(err.count("article failed: url=https://port.example/storm error=\"a bot check "
                                       "(Cloudflare), not the page\""), 1, err)
            self.assertIn('page failed: url=https://port.example/wall error="a consent form (cookie wall), not the '
                          'article"', err)
            self.assertIn("cut.json", err)
            items = {it["title"]: it for it in tail(conf, "--from", "1")}
            self.assertEqual(sorted(items), ["Harbour reopens", "Storm"])
            self.assertEqual(items["Storm"]["text"], "The storm closed the port.")
            self.assertIn("a bot check", items["Storm"]["fallback"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
