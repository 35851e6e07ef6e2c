"""The workbench's speed (issue 25), with public tools only (Python's standard library).

    python3 benches/web.py [ROUNDS]      # default 7 rounds; PLAN_EVAL_BIN=target/release/plan-eval

1. The first page: `plan-eval serve` started on a copy of the bundled data folder, the time
   from the request to the last byte of 概况 (/f/0/), the very first request and the median
   of the next 30 (the issue asks for under 50 ms).
2. A report from the page against the same `report --out` from the command line: the
   bundled 2024 report dated 2025-03-31, from the POST of 生成报告 until the page's PDF is
   downloaded, against the CLI writing its draft folder; runs interleaved (page, CLI, CLI,
   page, ...), medians and their ratio (the issue asks for within 1.2).
"""

import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("PLAN_EVAL_BIN", os.path.join(ROOT, "target", "release", "plan-eval"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def fetch(o, url, data=None):
    try:
        with o.open(url, data=data) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def page_report(o, base, csrf):
    form = urllib.parse.urlencode({"csrf": csrf, "year": "2024", "kind": "auto", "date": "2025-03-31"})
    status, headers, _ = fetch(o, base + "f/0/report", form.encode())
    assert status == 303, status
    job = headers["location"]
    while True:
        _, _, body = fetch(o, base.rstrip("/") + job + "/status")
        if b'"done"' in body:
            break
        assert b'"running"' in body, body
        time.sleep(0.02)
    status, _, pdf = fetch(o, base.rstrip("/") + job + "/file/pdf-download")
    assert status == 200 and pdf.startswith(b"%PDF"), status


def main(rounds):
    work = tempfile.mkdtemp(prefix="plan-eval-web-bench-")
    shutil.copytree(os.path.join(ROOT, "data"), os.path.join(work, "data"))
    server = subprocess.Popen(
        [BIN, "serve", "--port", "0", "--no-open"], cwd=work, stdout=subprocess.PIPE, text=True
    )
    try:
        base = re.search(r"http://\S+", server.stdout.readline()).group(0)
        o = opener()
        first, (status, _, _) = timed(lambda: fetch(o, base + "f/0/"))
        assert status == 200, status
        later = [timed(lambda: fetch(o, base + "f/0/"))[0] for _ in range(30)]
        csrf = re.search(rb'name="csrf" value="([0-9a-f]+)"', fetch(o, base + "f/0/report")[2]).group(1).decode()
        cli = [BIN, "report", "--data", "data", "--year", "2024", "--date", "2025-03-31", "--out", "draft"]
        jobs = {
            "page": lambda: page_report(o, base, csrf),
            "cli": lambda: subprocess.run(cli, cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        }
        for f in jobs.values():  # warm-up: typst's font cache, the page cache
            f()
        times = {k: [] for k in jobs}
        for r in range(rounds):
            for k in (list(jobs) if r % 2 == 0 else list(jobs)[::-1]):
                times[k].append(timed(jobs[k])[0])
        med = {k: statistics.median(v) for k, v in times.items()}
        print("| 量 | 结果 |")
        print("|---|---|")
        print(f"| 概况页，启动后第一次请求 | {first * 1000:.1f} ms |")
        print(f"| 概况页，其后 30 次的中位数 | {statistics.median(later) * 1000:.1f} ms |")
        print(f"| 页面生成报告（POST 至 PDF 下载完），{rounds} 次中位数 | {med['page']:.2f} s |")
        print(f"| `report --out`（命令行），{rounds} 次中位数 | {med['cli']:.2f} s |")
        print(f"| 页面 / 命令行 | {med['page'] / med['cli']:.3f} |")
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
