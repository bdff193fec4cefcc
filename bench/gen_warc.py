"""Generates a replay workload (scripts/bench replay): one WARC file, gzip
per record, holding FEEDS feeds of ITEMS items each (a quarter of them with
a summary only, whose article pages are in the archive too; the others
with their full text), plus the same feeds and pages as loose files for `newswire
parse` and `newswire extract`. Fixed seed; texts of 150-1500 words in three languages; pages
with the furniture of news sites (navigation, share bars, related links,
cookie banners, footers) in several layouts.

With --pages-list FILE (one path per line, .html or .html.gz) the article
pages are those real pages instead, taken in turn (each served again under
another item's URL once the list is used up), so that extraction costs what
it costs on the web's pages.

With --pages-only the archive holds the summary-only items' pages and no
feed, as CC-NEWS publishes its archives (the feeds are still written as
loose files, unused).

    gen_warc.py OUTDIR [FEEDS [ITEMS]] [--pages-list FILE] [--pages-only]"""
import base64
import email.utils
import gzip
import hashlib
import os
import random
import sys

ARGS = sys.argv[1:]
REAL = []
PAGES_ONLY = "--pages-only" in ARGS
if PAGES_ONLY:
    ARGS.remove("--pages-only")
if "--pages-list" in ARGS:
    k = ARGS.index("--pages-list")
    with open(ARGS[k + 1]) as f:
        REAL = [line.strip() for line in f if line.strip()]
    del ARGS[k:k + 2]
if ARGS and ARGS[0] in ("-h", "--help"):
    print(__doc__)
    sys.exit(0)
if not ARGS or len(ARGS) > 3 or any(a.startswith("-") for a in ARGS):
    sys.exit("usage: gen_warc.py OUTDIR [FEEDS [ITEMS]] [--pages-list FILE] [--pages-only]")
OUT = ARGS[0]
FEEDS = int(ARGS[1]) if len(ARGS) > 1 else 1000
ITEMS = int(ARGS[2]) if len(ARGS) > 2 else 20


def real_page(n):
    path = REAL[n % len(REAL)]
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data

VOCAB = {
    "en": "the government minister said on tuesday that talks with the opposition would resume after the vote "
          "police reported several arrests near the border while the central bank kept its rates unchanged and "
          "farmers warned of a poor harvest after months of drought in the south of the country".split(),
    "fr": "le gouvernement a annoncé mardi que les négociations avec l'opposition reprendraient après le vote "
          "la police a procédé à plusieurs interpellations près de la frontière tandis que la banque centrale "
          "a maintenu ses taux et les agriculteurs redoutent une mauvaise récolte après des mois de sécheresse".split(),
    "de": "die regierung teilte am dienstag mit dass die gespräche mit der opposition nach der abstimmung "
          "fortgesetzt werden die polizei meldete mehrere festnahmen nahe der grenze während die zentralbank "
          "ihre zinsen unverändert ließ und landwirte vor einer schlechten ernte nach monaten der dürre warnten".split(),
}


def text(rng, lang, words):
    v = VOCAB[lang]
    out, n = [], 0
    while n < words:
        k = rng.randint(12, 30)
        s = " ".join(rng.choice(v) if rng.random() < 0.8 else f"{rng.choice(v)}{rng.randint(1, 999)}"
                     for _ in range(k))
        out.append(s[0].upper() + s[1:] + ".")
        n += k
    paras, i = [], 0
    while i < len(out):
        k = rng.randint(2, 5)
        paras.append(" ".join(out[i:i + k]))
        i += k
    return paras


SCRIPT = "".join(f"window.cfg{k} = {{id: {k}, slot: 'ad-{k}', sizes: [[300, 250], [728, 90]], lazy: true}};\n"
                 for k in range(300))  # ~20 KB, as ad and analytics set-up is


def page(rng, lang, title, paras, url, layout):
    """A page of 40-80 KB, most of it furniture, as news pages are."""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    nav = "".join(f'<li class="menu-item"><a href="/section/{k}/sub/{rng.randint(1, 99)}">Section {k}</a></li>'
                  for k in range(rng.randint(80, 160)))
    foot = "".join(f'<a href="/legal/{k}">Link {k}</a> ' for k in range(rng.randint(30, 60)))
    related = "".join(f'<li><a href="/r{k}.html">{" ".join(rng.choice(VOCAB[lang]) for _ in range(8))}</a></li>'
                      for k in range(rng.randint(3, 8)))
    head = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Site</title>'
            f'<link rel="canonical" href="{url}"><meta property="og:site_name" content="Site">'
            f'<meta property="article:published_time" content="2026-11-{rng.randint(1, 28):02d}T10:00:00Z">'
            f'<script>{SCRIPT}</script><style>body{{margin:0}} .nav li{{display:inline}}</style></head>')
    if layout == 0:
        main = f'<article><h1>{title}</h1><div class="body">{body}</div></article>'
    elif layout == 1:
        main = f'<div id="content"><div class="story"><h1>{title}</h1>{body}</div></div>'
    else:
        main = f'<main><section><h1>{title}</h1><div class="text">{body}</div><div class="share">Share</div></section></main>'
    return (f'{head}<body><header><ul class="nav">{nav}</ul></header><div class="cookies">We use cookies. OK</div>'
            f'{main}<aside><h3>Related</h3><ul>{related}</ul></aside><footer>{foot}© Site. All rights reserved.'
            f'</footer><script>{SCRIPT[:4000]}</script></body></html>').encode()


def warc_record(rtype, uri, block, payload):
    digest = base64.b32encode(hashlib.sha1(payload).digest()).decode()  # as crawlers write it
    head = (f"WARC/1.1\r\nWARC-Type: {rtype}\r\nWARC-Date: 2026-11-29T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{abs(hash((rtype, uri))) % 10**12:012d}>\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"WARC-Payload-Digest: sha1:{digest}\r\nContent-Length: {len(block)}\r\n\r\n")
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6)


def http(body, ctype):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def main():
    os.makedirs(os.path.join(OUT, "pages"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "feeds"), exist_ok=True)
    rng = random.Random(20261129)
    npages = 0
    with open(os.path.join(OUT, "archive.warc.gz"), "wb") as w:
        for f in range(FEEDS):
            lang = ("en", "fr", "de")[f % 3]
            host = f"site{f % 300}.example"
            items, pages = [], []
            for j in range(ITEMS):
                title = " ".join(rng.choice(VOCAB[lang]) for _ in range(rng.randint(6, 12))).capitalize()
                url = f"https://{host}/{f}/{j}-story.html"
                paras = text(rng, lang, int(150 * 10 ** rng.random()))
                date = email.utils.formatdate(1795000000 + f * 60 + j, usegmt=True)
                if j < ITEMS // 4:  # summary only: the page is in the archive
                    items.append(f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid>"
                                 f"<pubDate>{date}</pubDate><description>{paras[0][:200]}</description></item>")
                    if REAL:
                        pages.append((url, real_page(npages + len(pages))))
                    else:
                        pages.append((url, page(rng, lang, title, paras, url, rng.randint(0, 2))))
                else:
                    content = "".join(f"<p>{p}</p>" for p in paras)
                    items.append(f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid>"
                                 f"<pubDate>{date}</pubDate><description>{paras[0][:200]}</description>"
                                 f"<content:encoded><![CDATA[{content}]]></content:encoded></item>")
            feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                    f"<title>Site {f}</title><link>https://{host}/</link><language>{lang}</language>"
                    + "".join(items) + "</channel></rss>").encode()
            if not PAGES_ONLY:
                w.write(warc_record("response", f"https://{host}/feed/{f}.xml", http(feed, "application/rss+xml"), feed))
            with open(os.path.join(OUT, "feeds", f"f{f:05d}.xml"), "wb") as ff:
                ff.write(feed)
            for url, body in pages:
                w.write(warc_record("response", url, http(body, "text/html" if REAL else "text/html; charset=utf-8"), body))
                with open(os.path.join(OUT, "pages", f"p{npages:06d}.html"), "wb") as p:
                    p.write(body)
                npages += 1
    print(f"{FEEDS * ITEMS} feed items, {npages} article pages", file=sys.stderr)


main()
