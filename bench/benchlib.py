"""Pieces shared by the benchmarks (scripts/bench parse, store, fetch and
replay): generated full-text feeds, feeds of real prose and the article
pages of ../shared, a private nginx serving them, /proc readings."""
import glob
import json
import os
import random
import signal
import socket
import subprocess
import time
from xml.sax.saxutils import escape


SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus")


def shared_articles(corpus=SHARED):
    """The article pages of ../shared with their true bodies, as (html.gz
    path, body): the article corpus's pages, then WCXB's article pages."""
    out = []
    for html in sorted(glob.glob(os.path.join(corpus, "articles", "html", "*.html.gz"))):
        truth = os.path.join(corpus, "articles", "truth", os.path.basename(html)[:-len(".html.gz")] + ".json")
        body = ""
        if os.path.exists(truth):
            with open(truth) as f:
                body = json.load(f).get("articleBody") or ""
        out.append((html, body))
    for gt in sorted(glob.glob(os.path.join(corpus, "wcxb", "ground-truth", "*.json"))):
        with open(gt) as f:
            o = json.load(f)
        if o["_internal"]["page_type"]["primary"] == "article":
            html = os.path.join(corpus, "wcxb", "html", os.path.basename(gt)[:-len(".json")] + ".html.gz")
            out.append((html, o["ground_truth"].get("main_content") or ""))
    return out


_PROSE = []


def prose(rng):
    """120-1500 words of a real text in a row, XML-escaped: the true bodies
    of shared_articles() (news and blog prose, mostly English, some in a
    dozen other languages)."""
    if not _PROSE:
        _PROSE[:] = [w for w in (body.split() for _, body in shared_articles()) if len(w) >= 120]
        if not _PROSE:
            raise SystemExit("benchlib: no texts in ../shared/corpus (articles, wcxb) for prose feeds")
    t = rng.choice(_PROSE)
    n = min(len(t), int(120 * 12.5 ** rng.random()))
    k = rng.randrange(len(t) - n + 1)
    return [escape(w) for w in t[k:k + n]]


def words(rng, lang):
    base = {"en": "the government minister state report council vote land market court",
            "fr": "le gouvernement ministre état rapport conseil vote terre marché tribunal",
            "de": "die Regierung Minister Staat Bericht Rat Wahl Land Markt Gericht"}[lang].split()
    return [f"{rng.choice(base)}{rng.randint(0, 4000)}" if rng.random() < 0.6 else rng.choice(base)
            for _ in range(int(120 * 12.5 ** rng.random()))]  # 120-1500 words: full text


def item_xml(i, name, w, date):
    """Entry `name` of feed i, of the words w: a title, a summary and the
    full text in paragraphs of 40 words."""
    paras = "".join(f"<p>{' '.join(w[k:k + 40])}.</p>" for k in range(0, len(w), 40))
    return (f"<item><title>{' '.join(w[:8])}</title><link>http://site{i}.example/{name}.html</link>"
            f"<guid>site{i}-{name}</guid><pubDate>{date}</pubDate><description>{' '.join(w[:30])}</description>"
            f"<content:encoded><![CDATA[{paras}]]></content:encoded></item>")


def make_feeds(root, n, items, first=0, text="words"):
    """Feeds of generated words in English, French or German (text="words"),
    or of real prose (text="prose", no language declared)."""
    os.makedirs(root, exist_ok=True)
    for i in range(first, first + n):
        rng = random.Random(i)
        lang = ("en", "fr", "de")[i % 3]
        declared = f"<language>{lang}</language>" if text == "words" else ""
        out = ['<?xml version="1.0" encoding="utf-8"?>',
               '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
               f"<title>Site {i}</title><link>http://site{i}.example/</link>{declared}"]
        for j in range(items):
            w = words(rng, lang) if text == "words" else prose(rng)
            out.append(item_xml(i, str(j), w, f"Sun, 29 Nov 2026 {j % 24:02d}:00:00 GMT"))
        out.append("</channel></rss>")
        with open(os.path.join(root, f"f{i}.xml"), "w") as f:
            f.write("\n".join(out))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_nginx(work, root, port, server_extra=""):
    conf = os.path.join(work, "nginx.conf")
    temp = os.path.join(work, "nginx-tmp")
    os.makedirs(temp, exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    with open(conf, "w") as f:
        f.write(f"""{user}worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};
  uwsgi_temp_path {temp}; scgi_temp_path {temp};
  types {{ application/rss+xml xml; }}
  server {{ listen 127.0.0.1:{port}; root {root}; {server_extra} }}
}}
""")
    p = subprocess.Popen(["/usr/sbin/nginx", "-c", conf, "-p", work], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return p
        except OSError:
            time.sleep(0.05)
    raise SystemExit("bench: nginx did not start")


def cpu_seconds(pid):
    """CPU time of every thread of pid, in ns precision (schedstat)."""
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended
    return total / 1e9


def status_mib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0




def stop_daemon(proc, timeout):
    """SIGTERM, then SIGKILL if it has not stopped within timeout seconds."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
