"""Operations: installing into a prefix (binary, man pages, systemd unit,
example config; the unit checked by systemd-analyze when present), the
systemd notifications of `run` (READY, STATUS, WATCHDOG, STOPPING) on a
notify socket the test owns, journald-style log lines when JOURNAL_STREAM
names stderr, timestamps otherwise, and where the configuration is found."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Proc, Site, Workdir, free_port, tail, wait_for, write_conf  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class OpsTest(unittest.TestCase):
    def test_install_into_prefix(self):
        with Workdir() as wd:
            build, prefix = os.path.join(wd, "build"), os.path.join(wd, "prefix")
            for cmd in (["cmake", "-S", ROOT, "-B", build, "-DNW_TESTS=OFF", f"-DCMAKE_INSTALL_PREFIX={prefix}"],
                        ["cmake", "--build", build, "-j2", "--target", "newswire"],
                        ["cmake", "--install", build]):
                p = subprocess.run(cmd, capture_output=True, timeout=600)
                self.assertEqual(p.returncode, 0, p.stdout.decode()[-2000:] + p.stderr.decode()[-2000:])
            for f in ("bin/newswire", "libexec/newswire/newswire", "etc/newswire/pipeline.conf",
                      "lib/systemd/system/newswire.service",
                      "share/man/man1/newswire.1", "share/man/man5/newswire.conf.5",
                      "share/man/man5/newswire-item.5"):
                self.assertTrue(os.path.isfile(os.path.join(prefix, f)), f)
            # the pages render without a warning (a line starting with a
            # dot is read as a macro, and its text left out of the page)
            for f in ("share/man/man1/newswire.1", "share/man/man5/newswire.conf.5",
                      "share/man/man5/newswire-item.5"):
                p = subprocess.run(["groff", "-man", "-ww", "-z", os.path.join(prefix, f)], capture_output=True,
                                   timeout=60)
                self.assertEqual((p.returncode, p.stderr.decode()), (0, ""), f)
            unit = open(os.path.join(prefix, "lib/systemd/system/newswire.service")).read()
            self.assertIn(f"ExecStart={prefix}/bin/newswire run -c {prefix}/etc/newswire/pipeline.conf", unit)
            self.assertIn("Type=notify", unit)
            # a full store is not restarted into fetching again every 5 s
            self.assertIn("RestartPreventExitStatus=3", unit)
            if shutil.which("systemd-analyze"):
                p = subprocess.run(["systemd-analyze", "verify", "--man=no",
                                    os.path.join(prefix, "lib/systemd/system/newswire.service")],
                                   capture_output=True, timeout=60)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
            else:
                print("systemd-analyze is not installed: the unit was not verified", file=sys.stderr)
            # the installed binary finds the installed configuration
            env = dict(os.environ)
            env.pop("NEWSWIRE_CONF", None)
            p = subprocess.run([os.path.join(prefix, "bin/newswire"), "status"], capture_output=True, cwd=wd,
                               env=env, timeout=30)
            self.assertIn(b"/var/lib/newswire/store", p.stderr)
            self.assertEqual(subprocess.run([os.path.join(prefix, "bin/newswire"), "--version"],
                                            capture_output=True).stdout.strip(), b"newswire 0.1.0")
            # the front program loads none of the daemon's libraries, and
            # parses a file itself; the full one has them
            def needed(path):
                out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
                return " ".join(line.split("[")[-1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line)
            front, full = needed(os.path.join(prefix, "bin/newswire")), needed(os.path.join(prefix, "libexec/newswire/newswire"))
            for lib in ("libcurl", "libzmq", "liblmdb", "libsystemd", "libmicrohttpd"):
                self.assertNotIn(lib, front)
                self.assertIn(lib, full)
            feed = os.path.join(wd, "f.xml")
            with open(feed, "w") as f:
                f.write('<rss version="2.0"><channel><title>T</title><item><title>A</title>'
                        '<link>/a.html</link></item></channel></rss>')
            p = subprocess.run([os.path.join(prefix, "bin/newswire"), "parse", feed], capture_output=True, timeout=30)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn(b'"title":"A"', p.stdout)

    def test_config_lookup(self):
        with Workdir() as wd:
            env = dict(os.environ)
            env.pop("NEWSWIRE_CONF", None)
            p = subprocess.run([BIN, "status"], capture_output=True, cwd=wd, env=env, timeout=30)
            if not os.path.exists("/etc/newswire/pipeline.conf"):
                self.assertEqual(p.returncode, 2)
                self.assertIn(b"no configuration", p.stderr)
            conf = os.path.join(wd, "elsewhere.conf")
            write_conf(conf, "st", [])
            env["NEWSWIRE_CONF"] = conf
            p = subprocess.run([BIN, "status"], capture_output=True, cwd=wd, env=env, timeout=30)
            self.assertIn(os.path.join(wd, "st").encode(), p.stderr + p.stdout)

    def test_metrics_endpoint(self):
        site = Site(feeds=2, items=3).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "m.conf")
                port = free_port()
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)]
                           + [("broken", f"{site.base}/error.xml")], interval="1h",
                           extra=f"[metrics]\nlisten = 127.0.0.1:{port}\n")
                run = Proc(["run", "-c", conf], wd)
                try:
                    def scrape(path):
                        try:
                            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                                return r.status, r.read().decode()
                        except urllib.error.HTTPError as e:
                            return e.code, e.read().decode()
                        except OSError:
                            return None, ""
                    ok = wait_for(lambda: 'newswire_items_total{change="new"} 6' in scrape("/metrics")[1], 30)
                    self.assertTrue(ok, scrape("/metrics")[1] + run.stderr())
                    status, text = scrape("/metrics")
                    self.assertEqual(status, 200)
                    for line in text.splitlines():  # the text format, line by line
                        self.assertRegex(line, r'^(# (HELP|TYPE) \w+ .*|\w+(\{\w+="[^"]*"\})? [0-9.e+-]+)$')
                    self.assertIn('newswire_fetches_total{outcome="ok"}', text)
                    self.assertRegex(text, r'newswire_fetches_total\{outcome="http_error"\} [1-9]')
                    self.assertIn('newswire_feeds{health="configured"} 3', text)
                    self.assertIn("newswire_clusters_total 6", text)
                    # the six items' near-duplicate entries, held in memory
                    self.assertIn("newswire_near_index_held 72", text)
                    self.assertIn('newswire_feeds{health="failing"} 1', text)
                    self.assertRegex(text, r"newswire_commit_seconds_count [1-9]")
                    self.assertIn('newswire_commit_seconds_bucket{le="+Inf"}', text)
                    self.assertEqual(scrape("/healthz"), (200, "ok\n"))
                    self.assertEqual(scrape("/nothing")[0], 404)
                    # feed 0 gains an entry: its three others, which the
                    # store took from its last body, come without their
                    # text (known), and nothing of them is worked out again
                    self.assertIn('newswire_parsed_items_total{facts="worked_out"} 6', text)
                    self.assertIn('newswire_parsed_items_total{facts="cached"} 0', text)
                    self.assertIn('newswire_parsed_items_total{facts="known"} 0', text)
                    site.extra_items[0] = 1
                    run.p.send_signal(signal.SIGUSR1)
                    ok = wait_for(lambda: 'newswire_items_total{change="new"} 7' in scrape("/metrics")[1], 30)
                    text = scrape("/metrics")[1]
                    self.assertTrue(ok, text + run.stderr())
                    self.assertIn('newswire_parsed_items_total{facts="worked_out"} 7', text)
                    self.assertIn('newswire_parsed_items_total{facts="cached"} 0', text)
                    self.assertIn('newswire_parsed_items_total{facts="known"} 3', text)
                    # the stages' threads are named; the main thread keeps
                    # the process's name (pidof, pkill)
                    task = f"/proc/{run.p.pid}/task"
                    names = {}
                    for tid in os.listdir(task):
                        with open(f"{task}/{tid}/comm") as f:
                            names[int(tid)] = f.read().strip()
                    self.assertEqual(names[run.p.pid], "newswire")
                    for want in ("nw-store", "nw-fetcher", "nw-parser", "nw-parse"):
                        self.assertIn(want, names.values())
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()

    def test_backup_while_running(self):
        """`backup` copies the store of a running daemon into a new folder:
        a store of its own holding what was stored, which a daemon started
        on it continues without storing anything twice; a folder that is
        not empty is never written over."""
        site = Site(feeds=2, items=3).start()
        with Workdir() as wd:
            conf = os.path.join(wd, "pipeline.conf")
            write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)], interval="1s")
            p = Proc(["run", "-c", conf], wd)
            try:
                items = wait_for(lambda: (lambda it: it if len(it) == 6 else None)(tail(conf, "--from", "1")), 60)
                self.assertIsNotNone(items, p.stderr()[-2000:])
                dest = os.path.join(wd, "backups", "today")
                b = subprocess.run([BIN, "backup", "-c", conf, dest], capture_output=True, timeout=60)
                self.assertEqual(b.returncode, 0, b.stderr.decode())
                self.assertIn(f"copied to {dest}", b.stderr.decode())
                self.assertEqual(os.listdir(dest), ["data.mdb"])
                # the same as a stream, its data.mdb on standard output
                streamed = os.path.join(wd, "streamed")
                os.makedirs(streamed)
                with open(os.path.join(streamed, "data.mdb"), "wb") as out:
                    b = subprocess.run([BIN, "backup", "-c", conf, "-"], stdout=out, stderr=subprocess.PIPE,
                                       timeout=60)
                self.assertEqual(b.returncode, 0, b.stderr.decode())
                self.assertIn("copied to standard output", b.stderr.decode())
                conf3 = os.path.join(wd, "streamed.conf")
                write_conf(conf3, streamed, [])
                self.assertEqual([it["id"] for it in tail(conf3, "--from", "1")], [it["id"] for it in items])
                again = subprocess.run([BIN, "backup", "-c", conf, dest], capture_output=True, timeout=60)
                self.assertEqual(again.returncode, 2)
                self.assertIn("not an empty folder", again.stderr.decode())
                self.assertIsNone(p.p.poll())  # the daemon runs on
            finally:
                self.assertEqual(p.stop(), 0)
            # the copy, as a store: the same items; a daemon on it stores nothing twice
            conf2 = os.path.join(wd, "restored.conf")
            write_conf(conf2, dest, [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)], interval="1s")
            self.assertEqual([(it["seq"], it["id"], it["text"]) for it in tail(conf2, "--from", "1")],
                             [(it["seq"], it["id"], it["text"]) for it in items])
            p2 = Proc(["run", "-c", conf2], wd)
            try:
                polled = len(site.requests)
                self.assertTrue(wait_for(lambda: len(site.requests) >= polled + 4, 30))
            finally:
                self.assertEqual(p2.stop(), 0)
            self.assertEqual(len(tail(conf2, "--from", "1")), 6)
            site.stop()

    def test_sighup_reload(self):
        site = Site(feeds=3, items=1).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "r.conf")
                feeds = [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(3)]
                write_conf(conf, "store", feeds[:2], interval="1h")
                run = Proc(["run", "-c", conf], wd)
                try:
                    self.assertTrue(wait_for(lambda: "running:" in run.stderr(), 10))
                    write_conf(conf, "store", [feeds[0], feeds[2]], interval="1h", lease="7s",
                               extra="[fetcher]\nconcurrency = 9\n")
                    run.p.send_signal(signal.SIGHUP)
                    self.assertTrue(wait_for(lambda: "reload: applied" in run.stderr(), 10), run.stderr())
                    log = run.stderr()
                    self.assertIn("reload: 2 feeds: 1 added, 1 removed, 0 with a new interval: +f2 -f1", log)
                    self.assertIn("reload: applied store.lease", log)
                    self.assertIn("fetcher.concurrency: applies at the next start", log)
                    # a feed's articles or credentials changed are counted too
                    with open(conf) as f:
                        text = f.read()
                    with open(conf, "w") as f:
                        f.write(text.replace(f"url = {site.base}/feed/0.xml\n",
                                             f"url = {site.base}/feed/0.xml\narticles = no\n", 1))
                    run.p.send_signal(signal.SIGHUP)
                    self.assertTrue(wait_for(lambda: "1 with new articles, credentials or headers" in run.stderr(), 10),
                                    run.stderr())
                    with open(conf, "a") as f:
                        f.write("\n[store]\nnonsense = 1\n")
                    run.p.send_signal(signal.SIGHUP)
                    self.assertTrue(wait_for(lambda: "the running configuration is kept" in run.stderr(), 10))
                    self.assertIn("unknown key 'nonsense'", run.stderr())
                    self.assertIsNone(run.p.poll())
                finally:
                    self.assertEqual(run.stop(), 0)
        finally:
            site.stop()

    def test_notify_and_logs(self):
        site = Site(feeds=2, items=2).start()
        try:
            with Workdir() as wd:
                conf = os.path.join(wd, "n.conf")
                write_conf(conf, "store", [(f"f{i}", f"{site.base}/feed/{i}.xml") for i in range(2)], interval="1h")
                path = os.path.join(wd, "notify.sock")
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                sock.bind(path)
                sock.settimeout(0.2)
                self.addCleanup(sock.close)
                err_path = os.path.join(wd, "stderr.log")
                err = open(err_path, "w")
                st = os.fstat(err.fileno())
                env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="400000",
                           JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}")
                p = subprocess.Popen([BIN, "run", "-c", conf], stderr=err, stdout=subprocess.DEVNULL, env=env, cwd=wd)
                got = []
                deadline = time.monotonic() + 8
                while time.monotonic() < deadline:
                    try:
                        got.append(sock.recv(4096).decode())
                    except socket.timeout:
                        pass
                p.send_signal(signal.SIGTERM)
                end = time.monotonic() + 10
                while p.poll() is None and time.monotonic() < end:
                    try:
                        got.append(sock.recv(4096).decode())
                    except socket.timeout:
                        pass
                self.assertEqual(p.wait(10), 0)
                err.close()
                text = "\n".join(got)
                self.assertIn("READY=1", text)
                self.assertGreaterEqual(text.count("WATCHDOG=1"), 5, text)  # every 200 ms for 8 s
                self.assertRegex(text, r"STATUS=2 feeds, 0 failing; 4 items stored")
                self.assertIn("STOPPING=1", text)
                log = open(err_path).read().splitlines()
                self.assertTrue(log)
                for line in log:  # journald style: <priority> and no timestamp
                    self.assertRegex(line, r"^<[3-7]>newswire: ")
                self.assertTrue(any(line.startswith("<6>newswire: info:") for line in log))
                # elsewhere: RFC 3339 UTC timestamps
                os.makedirs(os.path.join(wd, "empty"))
                p = subprocess.run([BIN, "replay", "-c", conf, os.path.join(wd, "empty")], capture_output=True,
                                   cwd=wd, timeout=30)
                self.assertTrue(any(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z newswire: ", l)
                                    for l in p.stderr.decode().splitlines()), p.stderr.decode())
        finally:
            site.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
