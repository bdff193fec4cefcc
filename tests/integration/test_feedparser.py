"""`newswire parse` next to an independent reader, Debian's python3-feedparser,
on small feeds written here for one element and one form each (RSS 2.0,
RSS 1.0, Atom 1.0 and 0.3; text, escaped and raw HTML, CDATA, XHTML; bases,
authors, dates, categories, enclosures). Each case names the fields it is
about, and those must agree as a user reads them: plain text for titles
(tags left out where feedparser says HTML), the visible text of the body,
the link, the names, the instant, the sets of categories and enclosures.

Where newswire means to differ (a day-only date written as the day, a zone
name feedparser does not know, itunes:subtitle as the summary), no case
asks. Every case is parsed by one `newswire parse` run, files in order."""
import calendar
import datetime
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import unittest

try:
    import feedparser
except ImportError:
    # Debian's python3-feedparser is the system python3's: a python3 of
    # another installation, first on PATH, hands this test over to it
    SYSTEM = "/usr/bin/python3"
    if os.path.exists(SYSTEM) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM):
        os.execv(SYSTEM, [SYSTEM] + sys.argv)
    raise

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Workdir  # noqa: E402

NS = ('xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
      'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
      'xmlns:media="http://search.yahoo.com/mrss/" xmlns:dcterms="http://purl.org/dc/terms/"')
LINK = "<link>http://example.com/a</link>"


def rss(item, channel="", attrs=""):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" %s%s><channel><title>Chan</title>'
            "<link>http://example.com/</link><description>d</description>%s<item>%s</item><item><title>Next"
            "</title><link>http://example.com/next</link></item></channel></rss>" % (NS, attrs, channel, item))


def atom(entry, feed="", attrs=""):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"%s><title>F</title>'
            '<id>urn:f</id><updated>2003-06-10T04:00:00Z</updated><link href="http://example.com/"/>%s'
            "<entry><id>urn:e</id><updated>2003-06-10T04:00:00Z</updated>%s</entry></feed>" % (attrs, feed, entry))


def atom03(entry):
    return ('<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>F</title>'
            '<link rel="alternate" type="text/html" href="http://example.com/"/><entry><id>urn:e</id>'
            '<link rel="alternate" type="text/html" href="http://example.com/03"/>%s</entry></feed>' % entry)


def rdf(item):
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel rdf:about="http://example.com/">'
            "<title>C</title><link>http://example.com/</link><description>d</description></channel>%s</rdf:RDF>"
            % item)


# (name, document, fields compared)
CASES = [
    ("rss-title-amp", rss("<title>Tom &amp; Jerry</title>" + LINK), "title"),
    ("rss-title-cdata-html", rss("<title><![CDATA[Tom <b>&amp;</b> Jerry]]></title>" + LINK), "title"),
    ("rss-title-numeric-refs", rss("<title>It&#8217;s &#x201C;here&#x201D;</title>" + LINK), "title"),
    ("rss-title-escaped-tags", rss("<title>&lt;em&gt;Big&lt;/em&gt; news</title>" + LINK), "title"),
    ("rss-title-raw-tags", rss("<title>A <b>bold</b> title</title>" + LINK), "title"),
    ("rss-title-lt", rss("<title>1 &lt; 2 and A&lt;B</title>" + LINK), "title"),
    ("rss-desc-escaped", rss('<title>x</title>' + LINK + '<description>&lt;p&gt;Para &lt;a href="http://x.com/"&gt;'
                             "link&lt;/a&gt;&lt;/p&gt;</description>"), "body"),
    ("rss-desc-cdata", rss("<title>x</title>" + LINK + "<description><![CDATA[<p>Para <b>bold</b></p>]]>"
                           "</description>"), "body"),
    ("rss-desc-raw-html", rss("<title>x</title>" + LINK + "<description><p>Raw <b>html</b> para</p></description>"),
     "body count"),
    ("rss-desc-raw-br", rss("<title>x</title>" + LINK + "<description>line one<br>line two</description>"),
     "body count"),
    ("rss-desc-raw-unclosed-p", rss("<title>x</title>" + LINK + "<description><p>para one<p>para two"
                                    "</description>"), "body count"),
    ("rss-content-encoded", rss("<title>x</title>" + LINK + "<description>short</description><content:encoded>"
                                "<![CDATA[<p>Long full text here.</p>]]></content:encoded>"), "body"),
    ("rss-content-no-namespace", rss("<title>x</title>" + LINK + "<content>&lt;p&gt;Full &lt;b&gt;text&lt;/b&gt;"
                                     "&lt;/p&gt;</content>"), "body"),
    ("rss-itunes-summary", rss("<title>x</title>" + LINK + "<itunes:summary>Episode summary text.</itunes:summary>"),
     "body"),
    ("rss-author-email-name", rss("<title>x</title>" + LINK + "<author>jo@example.com (Jo Smith)</author>"), "author"),
    ("rss-dc-creator", rss("<title>x</title>" + LINK + "<dc:creator>Jo Smith</dc:creator>"), "author"),
    ("rss-itunes-author", rss("<title>x</title>" + LINK + "<itunes:author>Jo Smith</itunes:author>"), "author"),
    ("rss-pubdate", rss("<title>x</title>" + LINK + "<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>"), "published"),
    ("rss-pubdate-offset", rss("<title>x</title>" + LINK + "<pubDate>10 Jun 2003 04:00 +0200</pubDate>"),
     "published"),
    ("rss-dc-date", rss("<title>x</title>" + LINK + "<dc:date>2003-06-10T04:00:00-07:00</dc:date>"), "published"),
    ("rss-item-lastbuilddate", rss("<title>x</title>" + LINK + "<lastBuildDate>Tue, 10 Jun 2003 04:00:00 GMT"
                                   "</lastBuildDate>"), "date"),
    ("rss-categories", rss("<title>x</title>" + LINK + '<category>One</category><category domain="http://x/">Two'
                           "</category><dc:subject>Three</dc:subject>"), "categories"),
    ("rss-itunes-keywords", rss("<title>x</title>" + LINK + "<itunes:keywords>alpha, beta gamma</itunes:keywords>"),
     "categories"),
    ("rss-media-keywords", rss("<title>x</title>" + LINK + "<media:keywords>m1, m2</media:keywords>"), "categories"),
    ("rss-itunes-category", rss("<title>x</title>" + LINK + '<itunes:category text="Tech"><itunes:category '
                                'text="Gadgets"/></itunes:category>'), "categories"),
    ("rss-enclosures", rss("<title>x</title>" + LINK + '<enclosure url="http://example.com/a.mp3" length="1" '
                           'type="audio/mpeg"/><enclosure url="http://example.com/b.mp3" length="2" '
                           'type="audio/mpeg"/>'), "enclosures"),
    ("rss-guid-permalink", rss('<title>x</title><guid isPermaLink="true">http://example.com/p</guid>'), "link"),
    ("rss-link-spaces", rss("<title>x</title><link>\n  http://example.com/ws  \n</link>"), "link"),
    ("rss-base", rss("<title>x</title><link>rel/a</link>", attrs=' xml:base="http://base.example/dir/"'), "link"),
    ("rss-item-base", rss('<title>x</title><link>i1.html</link>', attrs=' xml:base="http://r.example/a/"'), "link"),
    ("rdf-item", rdf('<item rdf:about="http://example.com/r1"><title>R1</title><link>http://example.com/r1</link>'
                     "<description>desc</description><dc:date>2003-06-10T04:00:00+01:00</dc:date><dc:creator>Ann"
                     "</dc:creator><dc:subject>S</dc:subject></item>"), "title link body published author categories"),
    ("atom-title-untyped-brackets", atom('<title>A &amp; B &lt;c&gt;</title><link href="http://example.com/e"/>'),
     "title"),
    ("atom-title-html", atom('<title type="html">A &amp;amp; &lt;b&gt;B&lt;/b&gt;</title>'
                             '<link href="http://example.com/e"/>'), "title"),
    ("atom-title-xhtml", atom('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>B</b> &amp; C'
                              '</div></title><link href="http://example.com/e"/>'), "title"),
    ("atom-summary-untyped", atom('<title>x</title><link href="http://example.com/e"/><summary>x &lt; y, '
                                  "&lt;p&gt;not a paragraph&lt;/p&gt;</summary>"), "body"),
    ("atom-description", atom('<title>x</title><link href="http://example.com/e"/><description>&lt;p&gt;Short '
                              "&lt;i&gt;form&lt;/i&gt;&lt;/p&gt;</description>"), "body"),
    ("atom-content-html", atom('<title>x</title><link href="http://example.com/e"/><content type="html">'
                               "&lt;p&gt;Body&lt;/p&gt;</content>"), "body"),
    ("atom-content-xhtml", atom('<title>x</title><link href="http://example.com/e"/><content type="xhtml">'
                                '<div xmlns="http://www.w3.org/1999/xhtml"><p>Body xhtml</p></div></content>'), "body"),
    ("atom-authors", atom('<title>x</title><link href="http://example.com/e"/><author><name>Ann</name>'
                          "<email>ann@example.com</email></author>"), "author"),
    ("atom-published", atom('<title>x</title><link href="http://example.com/e"/><published>2003-06-09T04:00:00-05:00'
                            "</published>"), "published"),
    ("atom-categories", atom('<title>x</title><link href="http://example.com/e"/><category term="t1"/>'
                             '<category term="t2" label="Two" scheme="http://s/"/>'), "categories"),
    ("atom-enclosure", atom('<title>x</title><link href="http://example.com/e"/><link rel="enclosure" '
                            'href="http://example.com/p.mp3" type="audio/mpeg" length="9"/>'), "enclosures"),
    ("atom-base-relative", atom('<title>x</title><link href="../z.html"/>', attrs=' xml:base="http://a.example/x/y/"'),
     "link"),
    ("atom-base-entry", atom('<title>x</title><link xml:base="/root/" href="r.html"/>',
                             attrs=' xml:base="http://a.example/x/"'), "link"),
    ("atom-alternate-of-several", atom('<title>x</title><link rel="related" href="http://example.com/rel"/>'
                                       '<link rel="alternate" href="http://example.com/alt"/>'), "link"),
    ("atom03-title-untyped", atom03("<title>&lt;b&gt;Bold&lt;/b&gt;</title>"), "title"),
    ("atom03-content-escaped", atom03('<title>x</title><content type="text/html" mode="escaped">&lt;p&gt;Esc&lt;/p&gt;'
                                      "</content>"), "body"),
    ("atom03-issued", atom03("<title>x</title><issued>2003-06-08T04:00:00Z</issued>"), "published"),
]


class Visible(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_data(self, data):
        self.out.append(data)


def collapse(s):
    return re.sub(r"\s+", " ", s or "").strip()


def visible(markup):
    p = Visible()
    p.feed(markup or "")
    p.close()
    return collapse("".join(p.out))


def fp_title(e):
    t = e.get("title")
    kind = (e.get("title_detail") or {}).get("type", "")
    return visible(t) if "html" in kind else collapse(t)


def fp_body(e):
    c = e.get("content")
    if c:
        v = c[0].get("value", "")
        return visible(v) if "html" in c[0].get("type", "") else collapse(v)
    v = e.get("summary", "")
    kind = (e.get("summary_detail") or {}).get("type", "")
    return visible(v) if "html" in kind else collapse(v)


def instant(s):
    if not s:
        return None
    return int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())


class FeedparserTest(unittest.TestCase):
    def test_each_form_reads_as_feedparser_reads_it(self):
        with Workdir() as wd:
            paths = []
            for i, (name, doc, _) in enumerate(CASES):
                path = os.path.join(wd, "%03d-%s.xml" % (i, name))
                with open(path, "w", encoding="utf-8") as f:
                    f.write(doc)
                paths.append(path)
            p = subprocess.run([BIN, "parse", "-j", "1"] + paths, capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            lines = p.stdout.splitlines()
            self.assertEqual(len(lines), len(CASES))
            wrong = []
            for (name, doc, fields), line in zip(CASES, lines):
                nw = json.loads(line)
                fp = feedparser.parse(doc.encode("utf-8"))
                e, it = fp.entries[0], nw["items"][0]
                for field in fields.split():
                    if field == "count":
                        got, want = len(nw["items"]), len(fp.entries)
                    elif field == "title":
                        got, want = collapse(it.get("title")), fp_title(e)
                    elif field == "body":
                        got, want = visible(it.get("content") or it.get("summary")), fp_body(e)
                    elif field == "link":
                        got, want = it.get("url"), e.get("link")
                    elif field == "author":
                        want = (e.get("author_detail") or {}).get("name") or e.get("author")
                        got = want if want and want in (it.get("author") or "") else it.get("author")
                    elif field == "published":
                        parsed = e.get("published_parsed") or e.get("updated_parsed")
                        got, want = instant(it.get("published")), calendar.timegm(parsed) if parsed else None
                    elif field == "date":  # the publication, else the update
                        parsed = e.get("published_parsed") or e.get("updated_parsed")
                        got = instant(it.get("published") or it.get("updated"))
                        want = calendar.timegm(parsed) if parsed else None
                    elif field == "categories":
                        got, want = sorted(set(it.get("categories") or [])), sorted({t.term for t in e.get("tags", [])})
                    elif field == "enclosures":
                        got = sorted(x["url"] for x in it.get("enclosures") or [])
                        want = sorted(x.href for x in e.get("enclosures", []))
                    else:
                        raise ValueError(field)
                    if got != want:
                        wrong.append("%s %s: newswire %r, feedparser %r" % (name, field, got, want))
            self.assertEqual(wrong, [], "\n".join(wrong))


if __name__ == "__main__":
    unittest.main()
