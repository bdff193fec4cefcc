"""Metadata of article pages: title, author, dates, language, site name and
wire agencies on the fixture pages of tests/fixtures/meta (34 pages, 12
languages), as `newswire extract` gives them."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN  # noqa: E402

FIXTURES = os.environ.get("NW_FIXTURES", os.path.join(os.path.dirname(__file__), "../fixtures"))
META = os.path.join(FIXTURES, "meta")
FIELDS = ("title", "author", "published", "updated", "lang", "site_name", "agencies")


class MetaTest(unittest.TestCase):
    def test_fixture_pages(self):
        with open(os.path.join(META, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        self.assertGreaterEqual(len(expected), 30)
        failures = []
        for page, want in sorted(expected.items()):
            p = subprocess.run([BIN, "extract", "--url", want["url"], os.path.join(META, page)], capture_output=True,
                               timeout=30)
            self.assertEqual(p.returncode, 0, p.stderr)
            got = json.loads(p.stdout)
            for field in FIELDS:
                if field in want and got.get(field) != want[field]:
                    failures.append(f"{page}: {field}: got {got.get(field)!r}, want {want[field]!r}")
            # the body never includes comments, related links or the cookie banner
            for junk in ("reader42", "older story", "cookies", "Terms"):
                if junk in got["text"]:
                    failures.append(f"{page}: text contains {junk!r}")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


if __name__ == "__main__":
    unittest.main(verbosity=2)
