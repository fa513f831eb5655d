"""How the built site fares on a phone: Lighthouse scores, axe-core violations, page weight.

Builds the site (working tree) into a temp dir, serves it gzipped on 127.0.0.1, runs
Lighthouse (mobile preset) and axe-core (Playwright, 360x740) in Debian Chromium on each page,
then weighs the directive page's first load and checks its layout at 360 px. Prints, never
asserts. Tools pinned in tests/bench/package.json, `npm ci`-ed into .bench-out/node; Lighthouse
JSON reports are kept in .bench-out/lighthouse/.

Usage: python tests/bench/phone.py [--no-lighthouse]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
NODE = OUT / "node"
SOTAY = Path(sys.executable).parent / "sotay"
CHROMIUM = os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run".split()
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = [
    "/",
    "/van-ban/57-ct-tw/",
    "/van-ban/57-ct-tw/toan-van/",
    "/van-ban/xa-ke-hoach-tuyen-truyen-57-ct-tw/",
    "/van-ban/",
    "/dot-hoc-tap/27-hd-bxdddu/",
]
DIRECTIVE = "/van-ban/57-ct-tw/"
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text types gzipped when the client accepts it, as a real host would."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or ""
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and kind.startswith(GZIP_TYPES) and accepts):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if "text/" in kind else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # Lighthouse closes connections it no longer needs

    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_site(target: Path) -> Path:
    """The repository's site (its working tree), built with `sotay build` into `target`."""
    command = [str(SOTAY), "build", "--site-dir", str(target)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"sotay build failed:\n{done.stderr}")
    return target


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def node_tools() -> Path:
    """node_modules with the pinned lighthouse and axe-core; `npm ci` when missing or stale."""
    lock, installed = HERE / "package-lock.json", NODE / "package-lock.json"
    fresh = installed.exists() and installed.read_text() == lock.read_text()
    if not (fresh and (NODE / "node_modules" / "lighthouse").is_dir()):
        NODE.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, NODE / name)
        npm = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", str(NODE)]
        subprocess.run(npm, check=True)
    return NODE / "node_modules"


def lighthouse(modules: Path, url: str, report: Path) -> dict[str, Any] | None:
    """One Lighthouse run (default config: mobile, simulated throttling) as parsed JSON."""
    cli = str(modules / "lighthouse" / "cli" / "index.js")
    command = ["node", cli, url, "--quiet", "--output=json", f"--output-path={report}"]
    command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(FLAGS)}"]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not report.exists():
        print(f"  lighthouse failed on {url} ({done.returncode}): {done.stderr.strip()[-800:]}")
        return None
    return json.loads(report.read_text())


def print_lighthouse(results: dict[str, dict[str, Any]]) -> None:
    """Scores table; for each score under 95 the audits of that category that lose points."""
    print(f"\n{'page':30}" + "".join(f"{c:>15}" for c in CATEGORIES))
    for page, lhr in results.items():
        scores = [round((lhr["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]
        print(f"{page:30}" + "".join(f"{s:>15}" for s in scores))
    for page, lhr in results.items():
        for name in CATEGORIES:
            category = lhr["categories"][name]
            if (category["score"] or 0) >= 0.95:
                continue
            print(f"\n{page} {name} = {round((category['score'] or 0) * 100)}:")
            for ref in category["auditRefs"]:
                audit = lhr["audits"][ref["id"]]
                score = audit.get("score")
                if score is None or score >= 1 or (ref["weight"] == 0 and score >= 0.9):
                    continue
                value = f" [{audit['displayValue']}]" if audit.get("displayValue") else ""
                print(
                    f"  {ref['id']} (score {score:.2f}, weight {ref['weight']}): {audit['title']}{value}"
                )
                for item in (audit.get("details") or {}).get("items", [])[:3]:
                    node = item.get("node") or {}
                    if where := node.get("selector") or item.get("url"):
                        print(f"      - {where} {node.get('snippet', '')[:100]}")


def axe(browser: Browser, url: str, script: Path) -> None:
    """axe-core at 360x740: violated rules by impact; ids and targets of serious/critical ones."""
    page = browser.new_page(**PHONE)
    page.goto(url, wait_until="networkidle")
    page.add_script_tag(path=str(script))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    page.close()
    violations, order = result["violations"], ("critical", "serious", "moderate", "minor")
    counts = Counter(v["impact"] for v in violations)
    print(f"  {url}: " + (", ".join(f"{k} {counts[k]}" for k in order if counts[k]) or "none"))
    for v in violations:
        if v["impact"] in ("critical", "serious"):
            targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
            print(f"    {v['impact']} {v['id']}: {v['help']} ({len(targets)} nodes) {targets[:5]}")


MEASURE = """() => {
  const root = document.documentElement, seen = el => el.checkVisibility(
      {opacityProperty: true, visibilityProperty: true});
  const paras = [...document.querySelectorAll('.md-content p')].filter(seen);
  const targets = [...document.querySelectorAll('.md-header a, .md-header button, ' +
      '.md-header label[for], .md-content a, .md-content button')].filter(seen)
    .map(el => ({el, box: el.getBoundingClientRect()})).sort((a, b) => a.box.height - b.box.height);
  const name = t => `${t.el.tagName.toLowerCase()}.${[...t.el.classList].join('.')} "` +
    `${(t.el.textContent || t.el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ` +
    `${Math.round(t.box.width)}x${Math.round(t.box.height)}`;
  const loose = targets.filter(t => !(t.el.tagName === 'A' && t.el.closest('p, li')));
  return {scroll: root.scrollWidth, width: root.clientWidth, paragraphs: paras.length,
    font: Math.min(...paras.map(p => parseFloat(getComputedStyle(p).fontSize))),
    total: targets.length, under24: targets.filter(t => t.box.height < 24).length,
    under48: targets.filter(t => t.box.height < 48).length,
    smallest: targets.slice(0, 3).map(name), smallestLoose: loose.slice(0, 3).map(name)};
}"""


def weigh(browser: Browser, url: str) -> None:
    """First-load bytes (CDP encodedDataLength, headers included) and phone layout figures."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: list[float] = []
    cdp.on("Network.loadingFinished", lambda e: sizes.append(e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    f = page.evaluate(MEASURE)
    context.close()
    print(
        f"  transferred on first load: {sum(sizes) / 1024:.1f} KB in {len(sizes)} requests\n"
        f"  horizontal scroll at 360 px: {f['scroll'] > f['width']} "
        f"(scrollWidth {f['scroll']}, clientWidth {f['width']})\n"
        f"  smallest paragraph font-size in .md-content: {f['font']} px ({f['paragraphs']} paragraphs)\n"
        f"  tap targets in header+content: {f['total']}, {f['under24']} under 24 px high, "
        f"{f['under48']} under 48 px\n  smallest: {f['smallest']}\n"
        f"  smallest outside running text (not a link in p/li): {f['smallestLoose']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    modules = node_tools()
    with tempfile.TemporaryDirectory(prefix="sotay-phone-") as tmp:
        site = build_site(Path(tmp) / "site")
        pages = [p for p in PAGES if (site / p.lstrip("/") / "index.html").is_file()]
        print(f"pages: {pages}; not in the built site: {sorted(set(PAGES) - set(pages)) or 'none'}")
        base, server = serve(site)
        try:
            if not args.no_lighthouse:
                (OUT / "lighthouse").mkdir(parents=True, exist_ok=True)
                results = {}
                for p in pages:
                    report = OUT / "lighthouse" / f"{p.strip('/').replace('/', '_') or 'home'}.json"
                    if lhr := lighthouse(modules, base + p, report):
                        results[p] = lhr
                print_lighthouse(results)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                print("\naxe-core violations at 360x740 (rules, by impact):")
                for p in pages:
                    axe(browser, base + p, modules / "axe-core" / "axe.min.js")
                print(f"\n{DIRECTIVE} at 360x740:")
                weigh(browser, base + DIRECTIVE)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
