"""Stages on separate hosts: network namespaces the test creates (one per
host, joined by a bridge; only 10.77.0.0/24 addresses it assigns), with the
store, two fetchers and two parsers each on its own host, a news site on
another, all over tcp:// with CURVE keys from `newswire keygen`. A fetcher
host is killed (kill -9) mid-ingest and restarted: every item is stored
exactly once. A fetcher holding another key pair is refused and gets no
job. Needs root and `ip netns`; skipped otherwise."""
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from harness import BIN, Workdir, tail, wait_for  # noqa: E402

HOSTS = {"store": 1, "fa": 2, "fb": 3, "pa": 4, "pb": 5, "site": 6, "rogue": 7}
NFEEDS, NITEMS = 4, 10
TAG = f"{os.getpid() % 10000}"


def sh(*cmd, check=True):
    return subprocess.run(list(cmd), check=check, capture_output=True, timeout=30)


def can_netns():
    if os.geteuid() != 0 or not shutil.which("ip"):
        return False
    try:
        sh("ip", "netns", "add", f"nwprobe{TAG}")
        sh("ip", "netns", "del", f"nwprobe{TAG}")
        return True
    except (subprocess.CalledProcessError, OSError):
        return False


def ns(host):
    return f"nw{host}{TAG}"


def keys():
    out = subprocess.run([BIN, "keygen"], capture_output=True, check=True).stdout.decode()
    return "\n".join(l for l in out.splitlines() if not l.startswith(";")) + "\n"


@unittest.skipUnless(can_netns(), "needs root and ip netns")
class HostsTest(unittest.TestCase):
    def setUp(self):
        self.created = []
        hub = f"nwhub{TAG}"
        sh("ip", "netns", "add", hub)
        self.created.append(hub)
        sh("ip", "netns", "exec", hub, "ip", "link", "add", "br0", "type", "bridge")
        sh("ip", "netns", "exec", hub, "ip", "link", "set", "br0", "up")
        for host, n in HOSTS.items():
            name = ns(host)
            sh("ip", "netns", "add", name)
            self.created.append(name)
            a, b = f"nwa{TAG}{n}", f"nwb{TAG}{n}"
            sh("ip", "link", "add", a, "type", "veth", "peer", "name", b)
            sh("ip", "link", "set", a, "netns", hub)
            sh("ip", "link", "set", b, "netns", name)
            sh("ip", "netns", "exec", hub, "ip", "link", "set", a, "master", "br0", "up")
            sh("ip", "netns", "exec", name, "ip", "addr", "add", f"10.77.0.{n}/24", "dev", b)
            sh("ip", "netns", "exec", name, "ip", "link", "set", b, "up")
            sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up")
        self.procs = []

    def tearDown(self):
        for p, err in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
            err.close()
        for name in reversed(self.created):
            sh("ip", "netns", "del", name, check=False)

    def start(self, host, args, wd, name):
        err = open(os.path.join(wd, f"{name}.log"), "a")
        p = subprocess.Popen(["ip", "netns", "exec", ns(host)] + args, stdout=subprocess.DEVNULL, stderr=err,
                             cwd=wd)
        self.procs.append((p, err))
        return p

    def conf(self, wd, name, security, docs, extra=""):
        path = os.path.join(wd, f"{name}.conf")
        lines = ["[store]", "path = store", "map_size = 256MiB", "lease = 3s", "",
                 "[fetcher]", "concurrency = 8", "per_host = 4", "timeout = 5s", "allow_private = yes", "host_delay = 0", "",
                 "[parser]", "workers = 1", "",
                 "[endpoints]", "jobs = tcp://10.77.0.1:5551", "results = tcp://10.77.0.1:5552",
                 "events = tcp://10.77.0.1:5553", f"docs = {docs}", "", security, extra]
        for i in range(NFEEDS):
            lines += [f'[feed "f{i}"]', f"url = http://10.77.0.6:8080/feed/{i}.xml", "interval = 1s", ""]
        with open(path, "w") as f:
            f.write("\n".join(lines))
        return path

    def test_stages_on_hosts(self):
        with Workdir() as wd:
            good, bad = keys(), keys()
            # the rogue knows the store's public key (it is public) but holds another pair
            server = [l.split("=", 1)[1].strip() for l in good.splitlines() if l.startswith("curve_public")][0]
            bad += f"curve_server = {server}\n"
            site_py = os.path.join(wd, "site.py")
            with open(site_py, "w") as f:
                f.write(f"import sys, time\nsys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})\n"
                        f"from harness import Site\nSite(feeds={NFEEDS}, items={NITEMS}, article_delay=0.05)"
                        ".start('10.77.0.6', 8080)\nprint('up', flush=True)\ntime.sleep(3600)\n")
            self.start("site", [sys.executable, site_py], wd, "site")
            both = ">tcp://10.77.0.2:5560,>tcp://10.77.0.3:5560"
            c_store = self.conf(wd, "store", good, "tcp://10.77.0.1:5560")
            c_fa = self.conf(wd, "fa", good, "tcp://10.77.0.2:5560")
            c_fb = self.conf(wd, "fb", good, "tcp://10.77.0.3:5560")
            c_p = self.conf(wd, "parser", good, both)
            c_rogue = self.conf(wd, "rogue", bad, "tcp://10.77.0.7:5560")
            t0 = time.monotonic()
            self.start("store", [BIN, "store", "-c", c_store], wd, "store")
            time.sleep(0.5)
            fa = self.start("fa", [BIN, "fetcher", "-c", c_fa], wd, "fa")
            self.start("fb", [BIN, "fetcher", "-c", c_fb], wd, "fb")
            self.start("pa", [BIN, "parser", "-c", c_p], wd, "pa")
            self.start("pb", [BIN, "parser", "-c", c_p], wd, "pb")
            self.start("rogue", [BIN, "fetcher", "-c", c_rogue], wd, "rogue")
            total = NFEEDS * NITEMS
            conf_local = c_store  # tail reads the store's folder on this (shared) file system
            got = wait_for(lambda: len(tail(conf_local, "--from", "1")) >= 8, 60)
            self.assertTrue(got, open(os.path.join(wd, "store.log")).read()[-2000:])
            fa.send_signal(signal.SIGKILL)  # a fetcher host dies mid-ingest
            fa.wait(10)
            time.sleep(1)
            self.start("fa", [BIN, "fetcher", "-c", c_fa], wd, "fa")
            done = wait_for(lambda: (lambda it: it if len([i for i in it if not i.get("fallback")]) >= total
                                     else None)(tail(conf_local, "--from", "1")), 120)
            elapsed = time.monotonic() - t0
            logs = {n: open(os.path.join(wd, f"{n}.log")).read() for n in ("store", "fa", "fb", "rogue")}
            self.assertIsNotNone(done, logs["store"][-3000:])
            items = tail(conf_local, "--from", "1")
            ids = [it["id"] for it in items]
            self.assertEqual(len(ids), total)              # nothing doubled
            self.assertEqual(len(set(ids)), total)         # nothing lost
            seqs = [it["seq"] for it in items]
            self.assertEqual(seqs, sorted(seqs))
            for it in items:
                self.assertIn("Marqueur unique", it["text"])
            self.assertIn("security: refused a peer at 10.77.0.7", logs["store"])
            self.assertNotIn("10.77.0.7:", logs["rogue"])   # it fetched nothing
            print(f"\nhosts: {total} items exactly once over 7 namespaces, a fetcher host killed and restarted, "
                  f"{elapsed:.1f} s; the rogue fetcher refused", file=sys.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
