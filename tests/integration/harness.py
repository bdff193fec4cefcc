"""Shared pieces of the integration tests: a local news site on 127.0.0.1,
config files, and the newswire binary run as a real process.

Every wait is bounded; servers bind 127.0.0.1 on a port the OS chooses."""
import hashlib
import http.server
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import email.utils

# every server here is on 127.0.0.1: a proxy the environment names would
# carry the tests' requests (newswire's, through libcurl, and urllib's) away
for _var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_var, None)

BIN = os.path.abspath(os.environ.get("NEWSWIRE_BIN", os.path.join(os.path.dirname(__file__), "../../build/newswire")))
WORDS = ("ministre accord frontière gouvernement élection sommet négociation cessez-le-feu armée rapport "
         "économie marché croissance inflation banque réforme parlement vote opposition tribunal enquête "
         "police manifestation grève syndicat entreprise usine énergie climat sécheresse récolte port "
         "navire aéroport vol diplomatie ambassade sanction exportation importation budget dette impôt "
         "hôpital vaccin épidémie école université recherche satellite fusée tempête séisme").split()


def paragraph(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


class Site:
    """Feeds and article pages, generated from a seed so that every run
    serves the same bytes. Feed i has `items` items; item j of feed i links
    to /article/i-j.html. Tracking parameters are added to some links."""

    def __init__(self, feeds=3, items=5, article_delay=0.0):
        self.nfeeds, self.nitems, self.article_delay = feeds, items, article_delay
        self.lock = threading.Lock()
        self.requests = []          # (path, if_none_match, if_modified_since, status)
        self.times = []             # (path, monotonic time of the request)
        self.robots = None          # the body of /robots.txt, or None (404)
        self.extra_items = {}       # feed index -> extra item count (to change a feed)
        self.index_newest = 1       # the sitemap /sitemap-index.xml names as its newest
        self.headline_edited = False  # /slug.xml: its first story's headline, and address, edited
        self.gone = set()           # paths answered 404
        self.index_is_sitemap = None  # n: /sitemap-index.xml serves sitemap n itself
        self.announced = "/feed/0.xml"  # the feed /announces.html announces
        self.edition = "Edition 1"      # the description of the /full/ feeds
        self.articles = {}
        self.last_modified = email.utils.formatdate(1600000000, usegmt=True)
        for i in range(feeds):
            for j in range(items):
                rng = random.Random(f"{i}-{j}")
                paras = [paragraph(rng, rng.randint(25, 60)) for _ in range(rng.randint(3, 7))]
                marker = f"Marqueur unique {i}x{j} pour la vérification."
                self.articles[(i, j)] = {"title": f"Dépêche {i}-{j} : {paragraph(rng, 6)[:-1]}",
                                         "paras": paras + [marker], "marker": marker}

    def dup_feed_xml(self, base):
        """Another outlet listing feed 0's stories under other tracking junk."""
        out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Aggregator</title>']
        for j in range(self.nitems):
            out.append(f"<item><title>{self.articles[(0, j)]['title']}</title>"
                       f"<link>{base}/article/0-{j}.html?utm_campaign=agg&amp;fbclid=x{j}#comments</link>"
                       f"<guid>agg-{j}</guid><description>Repris de feed 0.</description></item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode()

    def feed_xml(self, i, base):
        n = self.nitems + self.extra_items.get(i, 0)
        out = ['<?xml version="1.0" encoding="utf-8"?>',
               '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
               f"<title>Feed {i}</title><link>{base}/</link><description>test feed</description>",
               "<language>fr</language>"]
        for j in range(n):
            a = self.articles.get((i, j)) or {"title": f"Extra {i}-{j}", "paras": []}
            link = f"{base}/article/{i}-{j}.html"
            if j % 2 == 0:
                link += "?utm_source=rss&amp;utm_medium=feed"
            out.append(f"<item><title>{a['title']}</title><link>{link}</link>"
                       f"<guid isPermaLink=\"false\">g-{i}-{j}</guid>"
                       f"<pubDate>{email.utils.formatdate(1600000000 + 3600 * j, usegmt=True)}</pubDate>"
                       f"<dc:creator>Rédaction avec AFP</dc:creator>"
                       f"<description>Résumé de la dépêche {i}-{j}.</description></item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode()

    def moved_feed_xml(self, i, base):
        """Feed i with each link to an address that sends its reader on to
        the article (see go())."""
        return re.sub(rb"/article/(\d+-\d+)\.html", rb"/go/\1", self.feed_xml(i, base))

    def go(self, path, base):
        """What /go/i-j and /via/i-j answer, as (status, headers, body): for
        j % 3 == 0 a 301 to the article; 1, a 302 to /via/i-j, which a 307
        sends on to it; 2, a page whose refresh does (a static site's old
        address, as Jekyll's redirect_from writes it), in feed 1 a page
        whose Refresh header does."""
        key = path.rsplit("/", 1)[1]
        article = f"{base}/article/{key}.html"
        j = int(key.split("-")[1])
        if path.startswith("/via/"):
            return 307, [("Location", article)], b""
        if j % 3 == 0:
            return 301, [("Location", article)], b""
        if j % 3 == 1:
            return 302, [("Location", f"/via/{key}")], b"<html><body>Found.</body></html>"
        if key.startswith("1-"):
            return 200, [("Refresh", f"0; url={article}")], b"<html><body>Moved.</body></html>"
        return 200, [], (f'<!DOCTYPE html>\n<html lang="en-US">\n<meta charset="utf-8">\n<title>Redirecting&hellip;'
                         f'</title>\n<link rel="canonical" href="{article}">\n<script>location="{article}"</script>\n'
                         f'<meta http-equiv="refresh" content="0; url={article}">\n<meta name="robots" '
                         f'content="noindex">\n<h1>Redirecting&hellip;</h1>\n<a href="{article}">Click here if you '
                         f'are not redirected.</a>\n</html>\n').encode()

    def full_feed_xml(self, i, base):
        """Feed i with each story's paragraphs as its content (a full-text
        feed: no article fetched); its description is self.edition."""
        out = ['<?xml version="1.0" encoding="utf-8"?>',
               '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
               f"<title>Full {i}</title><link>{base}/</link><description>{self.edition}</description>",
               "<language>fr</language>"]
        for j in range(self.nitems):
            a = self.articles[(i, j)]
            body = "".join(f"<p>{p}</p>" for p in a["paras"])
            out.append(f"<item><title>{a['title']}</title><link>{base}/article/{i}-{j}.html</link>"
                       f"<guid>full-{i}-{j}</guid>"
                       f"<pubDate>{email.utils.formatdate(1600000000 + 3600 * j, usegmt=True)}</pubDate>"
                       f"<description>Résumé {i}-{j}.</description>"
                       f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode()

    def sitemap_xml(self, i, base):
        """Feed i's stories as a sitemap: Google News' entries (title, date,
        keywords) for the even ones, a bare <loc> and <lastmod> for the rest."""
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
        for j in range(self.nitems):
            date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1600000000 + 3600 * j))
            out.append(f"<url><loc>{base}/article/{i}-{j}.html</loc><lastmod>{date}</lastmod>")
            if j % 2 == 0:
                out.append("<news:news><news:publication><news:name>Le Site de Test</news:name>"
                           "<news:language>fr</news:language></news:publication>"
                           f"<news:publication_date>{date}</news:publication_date>"
                           f"<news:title>{self.articles[(i, j)]['title']}</news:title>"
                           "<news:keywords>monde, dépêches</news:keywords></news:news>")
            out.append("</url>")
        out.append("</urlset>")
        return "\n".join(out).encode()

    def walled_feed_xml(self, base):
        """Items whose article pages are served in place of the article:
        /wall/consent/J redirects to a consent form, /wall/bot/J is a bot
        check, /wall/shell/J a page its scripts write, /wall/ok/J an
        article."""
        out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Walled</title><language>fr</language>']
        for j, kind in enumerate(("consent", "bot", "shell", "ok", "teaser", "mp3", "pdf", "gone")):
            summary = f"Résumé du flux pour {kind}." if kind != "teaser" else self.TEASER_SUMMARY
            out.append(f"<item><title>Walled {kind}</title><link>{base}/wall/{kind}/{j}</link>"
                       f"<guid>wall-{kind}</guid><description>{summary}</description></item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode()

    def slug_feed_xml(self, base):
        """A full-text feed whose links are made from the headlines, its
        guids the posts' numbers (as WordPress writes them): with
        headline_edited, its first story has a new headline and link."""
        heads = ["Bridge closed for repairs" if self.headline_edited else "Bridge closed", "Storm warning"]
        out = ['<?xml version="1.0" encoding="utf-8"?>',
               '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
               f"<title>Slugs</title><link>{base}/</link><description>d</description><language>fr</language>"]
        for j, head in enumerate(heads):
            a = self.articles[(0, j)]
            body = "".join(f"<p>{p}</p>" for p in a["paras"])
            slug = head.lower().replace(" ", "-")
            out.append(f"<item><title>{head}</title><link>{base}/2026/12/07/{slug}/</link>"
                       f'<guid isPermaLink="false">{base}/?p={100 + j}</guid>'
                       f"<pubDate>{email.utils.formatdate(1600000000 + 3600 * j, usegmt=True)}</pubDate>"
                       f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
        out.append("</channel></rss>")
        return "\n".join(out).encode()

    def shared_feed_xml(self, base):
        """Items of other titles that share a link: three the home page,
        two a live page with an anchor each; and one with its own page."""
        links = [f"{base}/home.html"] * 3 + [f"{base}/live.html#u1", f"{base}/live.html#u2"]
        out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Shared</title>'
               "<language>en</language>"]
        for j, link in enumerate(links):
            out.append(f"<item><title>Shared story {j}</title><link>{link}</link><guid>shared-{j}</guid>"
                       f"<description>What the feed says of story {j}.</description></item>")
        out.append(f"<item><title>Own page</title><link>{base}/article/0-0.html</link><guid>own</guid>"
                   "<description>A story with its own page.</description></item></channel></rss>")
        return "\n".join(out).encode()

    CONSENT_FORM = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Before you continue</title>'
                    b'</head><body><div class="wizard"><form method="post" action="/consent/collect">'
                    b"<h2>Your choices on this site</h2><p>We and our partners use cookies and similar technologies "
                    b"to store and read information on your device, and process personal data such as identifiers "
                    b"for advertising, measurement and improving our services.</p><p>You can give your consent by "
                    b"choosing accept, refuse it, or pick the purposes you agree to. You can withdraw your consent "
                    b"at any time from the link at the foot of every page.</p><button name=a>Accept all</button>"
                    b"<button name=r>Reject all</button></form></div></body></html>")
    TEASER_SUMMARY = ("Le port a rouvert mardi après trois semaines de travaux sur les quais endommagés par la "
                      "tempête, a indiqué l'autorité portuaire, et les premiers navires devaient accoster dans la "
                      "soirée. Les compagnies avaient détourné leurs bateaux vers d'autres ports pendant la "
                      "fermeture, qui a suivi une tempête ayant endommagé deux des principaux quais du port.")
    TEASER = ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le port rouvre</title>'
              '<meta property="article:published_time" content="2026-11-20T09:00:00Z"></head><body><article>'
              "<h1>Le port rouvre</h1><p>Le port a rouvert mardi après trois semaines de travaux sur les quais, "
              "a indiqué l'autorité portuaire.</p><div class=paywall><p>Abonnez-vous pour lire la suite.</p>"
              "</div></article></body></html>").encode()
    BOT_CHECK = (b'<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>'
                 b"<noscript><span>Enable JavaScript and cookies to continue</span></noscript>"
                 b"<script>(function(){window._cf_chl_opt={cType:'managed'};}());</script></body></html>")
    SHELL = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Site</title></head><body>'
             b'<div id="root"></div><script src="/app.js"></script></body></html>')

    def article_html(self, i, j, base):
        a = self.articles[(i, j)]
        body = "\n".join(f"<p>{p}</p>" for p in a["paras"])
        tier = '<meta property="article:content_tier" content="metered">\n' if j % 2 else ""  # (odd stories)
        return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>{a['title']} | Le Site de Test</title>
{tier}<link rel="canonical" href="{base}/article/{i}-{j}.html">
<meta property="og:site_name" content="Le Site de Test">
<meta property="article:published_time" content="2020-09-13T12:26:40Z">
</head><body>
<header><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav></header>
<div id="cookie-banner">Nous utilisons des cookies. <button>OK</button></div>
<article><h1>{a['title']}</h1>
<div class="share"><a href="#">Partager</a> <a href="#">Tweeter</a></div>
<div class="article-body">{body}</div></article>
<section class="related"><h3>À lire aussi</h3><ul><li><a href="/x">Un autre article sans rapport</a></li></ul></section>
<footer>© Le Site de Test — Mentions légales</footer></body></html>""".encode()

    def handler(self):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def send(self, status, body=b"", ctype="text/plain", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                if body and self.command != "HEAD":
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up (timeouts are tested)

            def do_GET(self):
                # links use the name the client asked for (127.0.0.1, localhost...)
                host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
                base = f"http://{host}"
                path = self.path.split("?")[0]
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                status = 200
                if path in site.gone:
                    status = 404
                    self.send(404, b"gone")
                elif path == "/feed/empty.xml":
                    self.send(200, b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>',
                              "application/rss+xml")
                elif path == "/feed/dup.xml":
                    self.send(200, site.dup_feed_xml(base), "application/rss+xml")
                elif path.startswith("/feed/") and path.endswith(".xml"):
                    i = int(path[6:-4])
                    body = site.feed_xml(i, base)
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    if inm == etag:
                        status = 304
                        self.send(304, headers=[("ETag", etag)])
                    else:
                        self.send(200, body, "application/rss+xml; charset=utf-8",
                                  [("ETag", etag), ("Last-Modified", site.last_modified)])
                elif path.startswith("/sitemap/") and path.endswith(".xml"):
                    self.send(200, site.sitemap_xml(int(path[9:-4]), base), "application/xml")
                elif path == "/sitemap-index.xml" and site.index_is_sitemap is not None:
                    self.send(200, site.sitemap_xml(site.index_is_sitemap, base), "application/xml")
                elif path == "/sitemap-index.xml":
                    # the newest (by lastmod) listed between two older ones
                    n = site.index_newest
                    self.send(200, f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                              f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              f'<sitemap><loc>{base}/sitemap/0.xml</loc><lastmod>2020-09-01</lastmod></sitemap>'
                              f'<sitemap><loc>{base}/sitemap/{n}.xml</loc><lastmod>2020-09-{13 + n}</lastmod></sitemap>'
                              f'<sitemap><loc>{base}/sitemap/{9 - n}.xml</loc><lastmod>2020-09-02</lastmod></sitemap>'
                              f'</sitemapindex>'.encode(), "application/xml")
                elif path.startswith("/nv/") and path.endswith(".xml"):
                    # the same feed from a server that sends no validators
                    self.send(200, site.feed_xml(int(path[4:-4]), base), "application/rss+xml; charset=utf-8")
                elif path.startswith("/nvts/") and path.endswith(".xml"):
                    # and from one that also writes the time of each
                    # request into it, as many do: a lastBuildDate, a
                    # cache's comment after the end
                    now = time.time()
                    body = site.feed_xml(int(path[6:-4]), base).replace(
                        b"<language>", f"<lastBuildDate>{email.utils.formatdate(now, usegmt=True)}"
                        f"</lastBuildDate><language>".encode(), 1)
                    body += f"\n<!-- served at {now:.6f} -->\n".encode()
                    self.send(200, body, "application/rss+xml; charset=utf-8")
                elif path.startswith("/full/") and path.endswith(".xml"):
                    # feed i with each story's full text, no validators
                    self.send(200, site.full_feed_xml(int(path[6:-4]), base), "application/rss+xml; charset=utf-8")
                elif path == "/shared.xml":
                    self.send(200, site.shared_feed_xml(base), "application/rss+xml")
                elif path.startswith("/moved/") and path.endswith(".xml"):
                    self.send(200, site.moved_feed_xml(int(path[7:-4]), base), "application/rss+xml")
                elif path.startswith("/go/") or path.startswith("/via/"):
                    code, headers, body = site.go(path, base)
                    status = code
                    self.send(code, body, "text/html; charset=utf-8", headers)
                elif path == "/slug.xml":
                    self.send(200, site.slug_feed_xml(base), "application/rss+xml")
                elif path == "/walled.xml":
                    self.send(200, site.walled_feed_xml(base), "application/rss+xml")
                elif path.startswith("/wall/consent/"):
                    status = 302
                    self.send(302, headers=[("Location", f"{base}/consent/form?from={path}")])
                elif path == "/consent/form":
                    self.send(200, site.CONSENT_FORM, "text/html; charset=utf-8")
                elif path.startswith("/wall/bot/"):
                    self.send(200, site.BOT_CHECK, "text/html; charset=utf-8")
                elif path.startswith("/wall/shell/"):
                    self.send(200, site.SHELL, "text/html; charset=utf-8")
                elif path.startswith("/wall/gone/"):
                    # a story taken down: its readers sent to the home page
                    status = 301
                    self.send(301, headers=[("Location", f"{base}/home.html")])
                elif path.startswith("/wall/mp3/"):
                    # a podcast's episode: megabytes of audio, cut off at its headers
                    self.send(200, b"ID3\x04\0\0\0\0\0\0" + bytes(range(256)) * 16384, "audio/mpeg")
                elif path.startswith("/wall/pdf/"):
                    self.send(200, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"BT (Text) Tj ET\n" * 500,
                              "application/octet-stream")
                elif path.startswith("/wall/teaser/"):
                    self.send(200, site.TEASER, "text/html; charset=utf-8")
                elif path.startswith("/wall/ok/"):
                    self.send(200, site.article_html(0, 0, base), "text/html; charset=utf-8")
                elif path.startswith("/article/"):
                    i, j = (int(x) for x in path[9:-5].split("-"))
                    if site.article_delay:
                        time.sleep(site.article_delay)
                    self.send(200, site.article_html(i, j, base), "text/html; charset=utf-8")
                elif path == "/robots.txt" and site.robots is not None:
                    self.send(200, site.robots.encode(), "text/plain")
                elif path == "/announces.html":
                    self.send(200, f'<html><head><title>News</title><link rel="alternate" '
                              f'type="application/rss+xml" href="{site.announced}"></head><body>Hi</body></html>'
                              .encode(), "text/html")
                elif path == "/home.html":
                    self.send(200, b'<html><head><title>Home</title><link rel="alternate" '
                              b'type="application/rss+xml" href="/feed/empty.xml"></head><body>Hi</body></html>',
                              "text/html")
                elif path == "/broken.xml":
                    self.send(200, b"<rss><channel><title>oops</title><item><title>x</ti", "text/xml")
                    status = 200
                elif path == "/notxml.xml":
                    self.send(200, b"this is not a feed at all, just text\n", "text/plain")
                elif path == "/slow.xml":
                    time.sleep(3)
                    self.send(200, b"<rss><channel><title>late</title></channel></rss>", "text/xml")
                elif path == "/error.xml":
                    status = 500
                    self.send(500, b"internal error")
                else:
                    status = 404
                    self.send(404, b"not found")
                with site.lock:
                    site.requests.append((path, inm, ims, status))
                    site.times.append((path, time.monotonic()))

        return Handler

    def start(self, host="127.0.0.1", port=0):
        self.httpd = http.server.ThreadingHTTPServer((host, port), self.handler())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda *a: None  # clients killed mid-request are expected
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, pred):
        with self.lock:
            return sum(1 for r in self.requests if pred(r))


def free_port():
    """A port free on 127.0.0.1 for a daemon to bind, taken below the range
    the kernel hands out by itself (ip_local_port_range): a port of that
    range, free when asked, can become another test's connection's source
    port before the daemon binds it ("Address already in use")."""
    lo = 32768
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    first = 10000 if lo > 12000 else 1024
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(first, lo)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:  # no luck below the range: any port
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_conf(path, store, feeds, interval="1s", extra="", endpoints=None, lease="3s"):
    lines = ["[store]", f"path = {store}", "map_size = 256MiB", f"lease = {lease}", "",
             "[fetcher]", "concurrency = 8", "per_host = 4", "timeout = 5s", "max_body = 2MiB",
             "host_delay = 0", "", "[parser]",
             "workers = 2", ""]
    if endpoints:
        lines += ["[endpoints]"] + [f"{k} = {v}" for k, v in endpoints.items()] + [""]
    lines += [extra, ""]
    for name, url in feeds:
        lines += [f'[feed "{name}"]', f"url = {url}", f"interval = {interval}", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


class Proc:
    """A newswire process with stderr kept in a file."""

    def __init__(self, args, workdir):
        self.err_path = os.path.join(workdir, f"stderr-{args[0]}-{time.monotonic_ns()}.log")
        self.err = open(self.err_path, "w")
        self.p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=self.err, cwd=workdir)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            return self.p.wait(timeout=timeout)
        finally:
            self.err.close()

    def stderr(self):
        if not self.err.closed:
            self.err.flush()
        with open(self.err_path, errors="replace") as f:
            return f.read()


def tail(conf, *args, timeout=30, missing_ok=True):
    """Items printed by `newswire tail`; [] while the store does not exist
    yet (when missing_ok)."""
    p = subprocess.run([BIN, "tail", "-c", conf] + list(args), capture_output=True, timeout=timeout)
    if p.returncode != 0 and missing_ok and (b"no store here" in p.stderr or b"not initialised" in p.stderr):
        return []
    if p.returncode != 0:
        raise AssertionError(f"tail failed ({p.returncode}): {p.stderr.decode(errors='replace')}")
    return [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]


def wait_for(pred, timeout, step=0.2):
    """Polls pred() until it returns a true value or timeout seconds pass."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = pred()
        if last:
            return last
        time.sleep(step)
    return last


class Workdir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="nw-test-")
        return self.path

    def __exit__(self, *a):
        if not os.environ.get("NW_KEEP"):
            shutil.rmtree(self.path, ignore_errors=True)
