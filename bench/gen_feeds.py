#!/usr/bin/env python3
"""Writes a reproducible feed workload for `scripts/bench parse`: N files of
mixed formats (RSS 2.0, Atom 1.0, RSS 1.0, JSON Feed) and encodings (UTF-8,
ISO-8859-1, windows-1251, UTF-16, Shift_JIS), about 50 KB each.
With --rich, item content is HTML as CMSs write it: inline links and
emphasis, figures with srcset images, embeds and scripts, tables, lists,
quotes, class/style/data attributes, entities and comments.

    gen_feeds.py OUTDIR [--files N] [--seed S] [--rich]
"""
import argparse
import json
import os
import random
from xml.sax.saxutils import escape

LATIN = ("le la les des une pour dans avec sans sous entre gouvernement ministre accord élection économie "
         "société culture théâtre été année réforme région électricité hôpital école").split()
ENGLISH = ("the of and to in that for on with as by from government minister agreement election economy market "
           "company report police court city council weather storm vaccine school").split()
CYRILLIC = "правительство министр соглашение выборы экономика рынок компания доклад полиция суд город".split()
JAPANESE = "政府 大臣 合意 選挙 経済 市場 会社 報告 警察 裁判所 都市 天気".split()

FORMATS = ["rss", "atom", "rdf", "json"]
ENCODINGS = [("utf-8", ENGLISH), ("utf-8", LATIN), ("iso-8859-1", LATIN), ("windows-1251", CYRILLIC),
             ("utf-16", ENGLISH), ("shift_jis", JAPANESE)]


def sentence(rng, words, n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[:1].upper() + s[1:] + "."


def rich_sentence(rng, words, fi, n):
    """A sentence with inline markup: links, emphasis, entities."""
    out = []
    for i in range(n):
        w = escape(rng.choice(words))
        r = rng.random()
        if r < 0.06:
            w = (f'<a href="https://news{fi % 50}.example/tag/{rng.randint(1, 999)}?ref=feed&amp;utm_medium=rss" '
                 f'class="tag-link" data-track="{rng.randint(1, 99999)}" rel="noopener">{w}</a>')
        elif r < 0.09:
            w = f"<strong>{w}</strong>"
        elif r < 0.11:
            w = f'<em class="i">{w}</em>'
        elif r < 0.13:
            w = f"{w}&nbsp;&#8211;"
        out.append(w)
    s = " ".join(out)
    return s[:1].upper() + s[1:] + "."


def rich_content(rng, words, fi, ii):
    """Content as CMS templates write it."""
    blocks = [f'<!-- wp:paragraph --><div class="entry-content" data-id="{ii}" style="margin:0 auto">']
    for b in range(rng.randint(5, 9)):
        kind = rng.random()
        if kind < 0.55:
            blocks.append(f'<p class="has-text-align-left" id="p{b}">'
                          + " ".join(rich_sentence(rng, words, fi, rng.randint(8, 20)) for _ in range(3)) + "</p>")
        elif kind < 0.65:
            img = f"https://cdn{fi % 7}.example/img/{fi}/{ii}-{b}"
            blocks.append(f'<figure class="wp-block-image size-large"><img loading="lazy" width="1024" height="576" '
                          f'src="{img}-1024.jpg" srcset="{img}-300.jpg 300w, {img}-768.jpg 768w, {img}-1024.jpg '
                          f'1024w" sizes="(max-width: 1024px) 100vw, 1024px" alt="{escape(rng.choice(words))}"/>'
                          f"<figcaption>{rich_sentence(rng, words, fi, 6)}</figcaption></figure>")
        elif kind < 0.72:
            blocks.append("<ul>" + "".join(f"<li>{rich_sentence(rng, words, fi, rng.randint(4, 9))}</li>"
                                           for _ in range(rng.randint(2, 5))) + "</ul>")
        elif kind < 0.78:
            blocks.append(f'<blockquote class="wp-block-quote"><p>{rich_sentence(rng, words, fi, 12)}</p>'
                          f"<cite>{escape(rng.choice(words))}</cite></blockquote>")
        elif kind < 0.84:
            rows = "".join("<tr>" + "".join(f"<td>{rng.randint(1, 9999)}</td>" for _ in range(4)) + "</tr>"
                           for _ in range(rng.randint(2, 5)))
            blocks.append(f'<table class="data"><thead><tr><th>a</th><th>b</th><th>c</th><th>d</th></tr></thead>'
                          f"<tbody>{rows}</tbody></table>")
        elif kind < 0.90:
            blocks.append(f'<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">'
                          f'<iframe title="video" width="640" height="360" src="https://video.example/embed/'
                          f'{rng.randint(1, 10**6)}?feature=oembed" frameborder="0" allowfullscreen></iframe>'
                          f"</div></figure>")
        elif kind < 0.95:
            blocks.append(f'<script type="text/javascript">window.dataLayer=window.dataLayer||[];'
                          f"dataLayer.push({{'event':'view','id':{ii}}});</script>")
        else:
            blocks.append(f"<h2 id=\"s{b}\">{rich_sentence(rng, words, fi, 5)}</h2>")
    blocks.append("</div><!-- /wp:paragraph -->")
    return "".join(blocks)


def item_fields(rng, words, fi, ii, rich=False):
    paras = ["<p>" + escape(" ".join(sentence(rng, words, rng.randint(8, 20)) for _ in range(4))) + "</p>"
             for _ in range(rng.randint(2, 5))]
    if rich:
        paras = [rich_content(rng, words, fi, ii)]
    return {
        "title": sentence(rng, words, rng.randint(5, 12))[:-1],
        "link": f"https://news{fi % 50}.example/{2020 + ii % 5}/{fi}/{ii}.html?utm_source=rss",
        "guid": f"urn:bench:{fi}:{ii}",
        "summary": sentence(rng, words, 25),
        "content": "".join(paras),
        "author": rng.choice(["Ann Writer", "Bo Reporter", "Agence France-Presse", "Redaktion"]),
        "date": rng.randint(1500000000, 1700000000),
        "cats": [rng.choice(words) for _ in range(2)],
    }


def rfc822(t):
    import email.utils
    return email.utils.formatdate(t, usegmt=True)


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(fmt, enc, items, fi):
    if fmt == "json":
        doc = {"version": "https://jsonfeed.org/version/1.1", "title": f"Bench feed {fi}",
               "home_page_url": f"https://news{fi % 50}.example/",
               "items": [{"id": it["guid"], "url": it["link"], "title": it["title"], "content_html": it["content"],
                          "summary": it["summary"], "date_published": iso(it["date"]),
                          "authors": [{"name": it["author"]}], "tags": it["cats"]} for it in items]}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    head = f'<?xml version="1.0" encoding="{enc}"?>\n'
    out = []
    if fmt == "rss":
        out.append('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>')
        out.append(f"<title>Bench feed {fi}</title><link>https://news{fi % 50}.example/</link>"
                   "<description>bench</description>")
        for it in items:
            out.append(f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>"
                       f"<guid isPermaLink=\"false\">{it['guid']}</guid><pubDate>{rfc822(it['date'])}</pubDate>"
                       f"<dc:creator>{escape(it['author'])}</dc:creator>"
                       + "".join(f"<category>{escape(c)}</category>" for c in it["cats"])
                       + f"<description>{escape(it['summary'])}</description>"
                       f"<content:encoded><![CDATA[{it['content']}]]></content:encoded></item>")
        out.append("</channel></rss>")
    elif fmt == "atom":
        out.append('<feed xmlns="http://www.w3.org/2005/Atom">')
        out.append(f"<title>Bench feed {fi}</title><id>urn:bench:{fi}</id><updated>{iso(1700000000)}</updated>")
        for it in items:
            out.append(f"<entry><title>{escape(it['title'])}</title><id>{it['guid']}</id>"
                       f"<link rel=\"alternate\" href=\"{escape(it['link'])}\"/><published>{iso(it['date'])}</published>"
                       f"<updated>{iso(it['date'])}</updated><author><name>{escape(it['author'])}</name></author>"
                       + "".join(f"<category term=\"{escape(c)}\"/>" for c in it["cats"])
                       + f"<summary>{escape(it['summary'])}</summary>"
                       f"<content type=\"html\">{escape(it['content'])}</content></entry>")
        out.append("</feed>")
    else:
        out.append('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                   'xmlns:content="http://purl.org/rss/1.0/modules/content/">')
        out.append(f"<channel rdf:about=\"https://news{fi % 50}.example/\"><title>Bench feed {fi}</title>"
                   f"<link>https://news{fi % 50}.example/</link><description>bench</description></channel>")
        for it in items:
            out.append(f"<item rdf:about=\"{escape(it['link'])}\"><title>{escape(it['title'])}</title>"
                       f"<link>{escape(it['link'])}</link><dc:date>{iso(it['date'])}</dc:date>"
                       f"<dc:creator>{escape(it['author'])}</dc:creator>"
                       f"<description>{escape(it['summary'])}</description>"
                       f"<content:encoded><![CDATA[{it['content']}]]></content:encoded></item>")
        out.append("</rdf:RDF>")
    return (head + "\n".join(out)).encode(enc, errors="xmlcharrefreplace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20201009)
    ap.add_argument("--rich", action="store_true", help="content as CMSs write it (see above)")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    total = items_total = 0
    for fi in range(a.files):
        fmt = FORMATS[fi % len(FORMATS)]
        enc, words = ENCODINGS[fi % len(ENCODINGS)]
        if fmt == "json":
            enc = "utf-8"
        n = rng.randint(15, 35) if not a.rich else rng.randint(10, 20)
        items = [item_fields(rng, words, fi, ii, a.rich) for ii in range(n)]
        data = render(fmt, enc, items, fi)
        ext = {"rss": "xml", "atom": "atom", "rdf": "rdf", "json": "json"}[fmt]
        with open(os.path.join(a.outdir, f"feed{fi:05d}.{ext}"), "wb") as f:
            f.write(data)
        total += len(data)
        items_total += n
    print(f"{a.files} files, {total / 1e6:.1f} MB, {items_total} items")


if __name__ == "__main__":
    main()
