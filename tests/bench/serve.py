"""Time from saving a directive to the open browser page showing the edit, under `sotay serve`.

For each size (0 = the repository's own content), starts `sotay serve`, opens a directive
page in Debian's Chromium, edits that directive's title several times and prints the delay
from each save to the reloaded page showing the new title. Then, with the list of all
documents open, adds a copy of the directive under another number, renames that copy (file
and number) and deletes it, timing each until the list shows (or no longer shows) it. Beside each delay, the CPU seconds
`sotay serve` spent meanwhile (user + system, from /proc: the rebuild's own cost, which a
loaded machine's wall time hides). Each delay is split (on stderr) by the page's own clock:
save → the long poll's answer (watcher, settle, rebuild, answer), of which the rebuild itself
(serve's own "Đã cập nhật … trong … giây"), → the page patched in place (serve_reload.js
fetching, diffing and editing it), → seen by the bench; or, when the page reloaded in full,
save → navigation start → response end → DOMContentLoaded → first paint, → seen. Figures are printed, never asserted.

Usage: python tests/bench/serve.py [--sizes 0 1000 10000] [--edits 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from make_corpus import make_project  # noqa: E402

from builder.outputs.pdf import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def project(size: int) -> Path:
    return make_project(size, OUT / f"serve-{size}")


UPDATED = re.compile(r"Đã cập nhật \d+ trang trong (\d+),(\d+) giây")


def last_rebuild(root: Path) -> float:
    """The seconds serve said its last rebuild took (its log)."""
    found = UPDATED.findall((OUT / f"{root.name}.log").read_text(encoding="utf-8"))
    return float(".".join(found[-1])) if found else float("nan")


def start(root: Path) -> tuple[subprocess.Popen[str], str, float]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    began = time.perf_counter()
    log = (OUT / f"{root.name}.log").open("w", encoding="utf-8")  # what serve said
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "sotay"), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each rebuild's line in the log at once
    )
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).read()
            return process, url, time.perf_counter() - began
        except OSError:
            if process.poll() is not None:
                raise SystemExit("sotay serve stopped") from None
            time.sleep(0.1)


def _cpu(process: subprocess.Popen[str]) -> float:
    """CPU seconds (user + system) the process and its waited-for children have used."""
    fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _peak_mb(process: subprocess.Popen[str]) -> int:
    """The most memory `sotay serve` has held (VmHWM), in MB."""
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


def _shows(page: object, text: str, shown: bool) -> None:
    wanted = "true" if shown else "false"  # no body yet (reloading): neither
    page.wait_for_function(  # type: ignore[attr-defined]
        f"() => document.body?.textContent.includes({text!r}) === {wanted}", timeout=600_000
    )


SPLIT = """() => {
  const at = (name) => {
    const marks = performance.getEntriesByName(name);
    return marks.length ? (performance.timeOrigin + marks[marks.length - 1].startTime) / 1000 : null;
  };
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    answer: at("sotay-reload-answer"), patched: at("sotay-reload-patched"),
    origin: performance.timeOrigin / 1000, response: nav.responseEnd / 1000,
    dcl: nav.domContentLoadedEventEnd / 1000, paint: paint ? paint.startTime / 1000 : null,
  };
}"""


def _server_timing(url: str) -> dict[str, float]:
    """The last rebuild's moments, as serve tells them in a long poll's answer (an epoch of
    0 is older than any: answered at once)."""
    with urllib.request.urlopen(f"{url}/livereload/0/0", timeout=10) as answer:
        timing: dict[str, float] = json.loads(answer.read())["timing"]
        return timing


def split(page: object, saved: float, shown: float, rebuild: float) -> str:
    """Where one edit's delay went, from the page's own clock: save → the long poll's answer
    (watcher, settle, rebuild, answer) → the page patched in place; or, after a full reload,
    save → navigation start → response → DOMContentLoaded → first paint; → the title seen by
    the bench (its polling)."""
    t = page.evaluate(SPLIT)  # type: ignore[attr-defined]
    origin = "/".join(page.url.split("/")[:3])  # type: ignore[attr-defined]
    s = _server_timing(origin)
    served = (
        f"save → change heard {s['heard'] - saved:.3f} s, → rebuild begun {s['began'] - s['heard']:.3f},"
        f" → ended {s['ended'] - s['began']:.3f}"
    )
    if t["patched"] is not None and t["patched"] > saved:
        return (
            f"{served}, → answer {t['answer'] - s['ended']:.3f};"
            f" save → answer {t['answer'] - saved:.3f} s (rebuild {rebuild:.2f} s),"
            f" answer → patched {t['patched'] - t['answer']:.3f} s,"
            f" patched → seen {saved + shown - t['patched']:.3f} s"
        )
    navigated = t["origin"] - saved
    painted = f"{t['paint']:.3f}" if t["paint"] is not None else "?"
    return (
        f"full reload: {served}, → navigation {t['origin'] - s['ended']:.3f};"
        f" save → navigation {navigated:.3f} s (rebuild {rebuild:.2f} s),"
        f" → response {t['response']:.3f}, → DOMContentLoaded {t['dcl']:.3f},"
        f" → first paint {painted}, navigation → seen {shown - navigated:.3f} s"
    )


def _tell(root: Path, page: object, what: str, saved: float, shown: float) -> None:
    split_ = split(page, saved, shown, last_rebuild(root))
    print(f"  {root.name}: {what} → list {shown:.2f} s; {split_}", file=sys.stderr, flush=True)


def add_and_delete(
    root: Path, target: Path, url: str, page: object, process: subprocess.Popen[str]
) -> list[tuple[float, float]]:
    """Seconds from writing a new directive (a copy of `target` under another number) to the
    list of documents showing it, from renaming it (file and number) to the list showing the
    new number, then from deleting it to the list no longer showing it."""
    text = target.read_text(encoding="utf-8")
    number = re.search(r"^number: (\S+)", text, flags=re.M)
    assert number is not None
    new_number = "9" + number.group(1)
    added = target.with_name("9" + target.name)
    page.goto(f"{url}/van-ban/")  # type: ignore[attr-defined]
    time.sleep(0.5)  # an author saves some time after opening a page (its first copy kept)
    delays = []
    began, cpu, saved = time.perf_counter(), _cpu(process), time.time()
    added.write_text(text.replace(number.group(0), f"number: {new_number}", 1), encoding="utf-8")
    _shows(page, new_number, True)
    delays.append((time.perf_counter() - began, _cpu(process) - cpu))
    _tell(root, page, "add", saved, delays[-1][0])
    time.sleep(0.5)
    began, cpu, saved = time.perf_counter(), _cpu(process), time.time()
    renamed_number = "8" + number.group(1)
    renamed = target.with_name("8" + target.name)
    renamed.write_text(
        text.replace(number.group(0), f"number: {renamed_number}", 1), encoding="utf-8"
    )
    added.unlink()
    _shows(page, renamed_number, True)
    _shows(page, new_number, False)
    delays.append((time.perf_counter() - began, _cpu(process) - cpu))
    _tell(root, page, "rename", saved, delays[-1][0])
    time.sleep(0.5)
    began, cpu, saved = time.perf_counter(), _cpu(process), time.time()
    renamed.unlink()
    _shows(page, renamed_number, False)
    delays.append((time.perf_counter() - began, _cpu(process) - cpu))
    _tell(root, page, "delete", saved, delays[-1][0])
    return delays


def measure(
    size: int, edits: int, browser: object
) -> tuple[float, list[tuple[float, float]], list[tuple[float, float]]]:
    root = project(size)
    target = sorted((root / "directives").glob("*.md"))[size // 2 if size else 0]
    slug = target.stem
    process, url, startup = start(root)
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"{url}/van-ban/{slug}/")
        time.sleep(0.5)  # as in add_and_delete: a page that hears of a rebuild before its
        delays = []  # first copy is kept (fetched again once loaded) reloads in full
        for n in range(edits):
            text = target.read_text(encoding="utf-8")
            marker = f"Bản sửa {n + 1}"
            text = re.sub(  # a quoted title stays quoted
                r'^title: ("?)(Bản sửa \d+ )?', f"title: \\1{marker} ", text, count=1, flags=re.M
            )
            began, cpu, saved = time.perf_counter(), _cpu(process), time.time()
            target.write_text(text, encoding="utf-8")
            page.wait_for_function(
                f"() => document.querySelector('h1')?.textContent.includes('{marker}')",
                timeout=600_000,
            )
            delays.append((time.perf_counter() - began, _cpu(process) - cpu))
            print(
                f"  {size}: edit {n + 1}: {delays[-1][0]:.2f} s, {delays[-1][1]:.2f} cpu s;"
                f" {split(page, saved, delays[-1][0], last_rebuild(root))}",
                file=sys.stderr,
                flush=True,
            )  # a long run's figures, should a later step fail
            time.sleep(0.5)
        changes = add_and_delete(root, target, url, page, process)
        page.close()
        return startup, delays, changes
    finally:
        print(f"  {size}: serve's peak RSS {_peak_mb(process)} MB", file=sys.stderr, flush=True)
        process.terminate()
        try:
            process.wait(timeout=60)  # a loaded machine may be mid-rebuild
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"{'corpus':>7}  {'start s':>7}  {'edit→page median s':>18}  {'max s':>5}"
        f"  {'cpu s':>5}  {'add→list s':>10}  {'cpu s':>5}  {'rename→list s':>13}  {'cpu s':>5}"
        f"  {'delete→list s':>13}  {'cpu s':>5}  load"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            startup, delays, (add, rename, delete) = measure(size, args.edits, browser)
            name = str(size) if size else "seed"
            walls, cpus = [d for d, _ in delays], [c for _, c in delays]
            print(
                f"{name:>7}  {startup:7.1f}  {statistics.median(walls):18.2f}  {max(walls):5.2f}"
                f"  {statistics.median(cpus):5.2f}  {add[0]:10.2f}  {add[1]:5.2f}"
                f"  {rename[0]:13.2f}  {rename[1]:5.2f}  {delete[0]:13.2f}  {delete[1]:5.2f}"
                f"  {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
