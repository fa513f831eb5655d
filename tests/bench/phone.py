"""How the built site fares on a phone: Lighthouse scores, axe-core violations, page weight.

Builds the repository's site into a temporary directory, serves it gzipped on 127.0.0.1,
then for each page (home, a directive, the index, a campaign page if built):
- Lighthouse (mobile preset, Debian Chromium): performance, accessibility, best-practices
  and SEO scores, with the audits that keep a score under 95;
- axe-core injected with Playwright on a 360x740 viewport: violations by impact, and the
  rule ids and targets of the serious and critical ones;
and for the directive page: first-load transferred bytes, horizontal scroll at 360 px, the
smallest paragraph font-size in .md-content and the smallest tap target in header/content.
Run by hand; figures are printed, never asserted. Lighthouse and axe-core are pinned in
tests/bench/package.json and installed with `npm ci` into .bench-out/node when missing.

Usage: python tests/bench/phone.py [--no-lighthouse] [--no-axe]
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
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
NODE = OUT / "node"
SOTAY = Path(sys.executable).parent / "sotay"
CHROMIUM = os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = ["/", "/van-ban/57-ct-tw/", "/van-ban/", "/dot-hoc-tap/27-hd-bxdddu/"]
DIRECTIVE = "/van-ban/57-ct-tw/"
GZIP_TYPES = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text types gzipped when the client accepts it, as a real host would."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or ""
        if not (path.is_file() and kind.startswith(GZIP_TYPES)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_site(target: Path) -> Path:
    """The repository's site, built with `sotay build` into `target`."""
    done = subprocess.run([str(SOTAY), "build", "--site-dir", str(target)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"sotay build failed:\n{done.stderr}")
    return target


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def node_tools() -> Path:
    """node_modules with the pinned lighthouse and axe-core, installed by `npm ci` if stale."""
    lock = (HERE / "package-lock.json").read_text()
    installed = NODE / "package-lock.json"
    if not (installed.exists() and installed.read_text() == lock
            and (NODE / "node_modules" / "lighthouse").is_dir()):
        NODE.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(HERE / name, NODE / name)
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--prefix", str(NODE)], check=True)
    return NODE / "node_modules"


def lighthouse(modules: Path, url: str, report: Path) -> dict[str, Any] | None:
    """One Lighthouse run (default: mobile form factor, simulated throttling) as parsed JSON."""
    command = ["node", str(modules / "lighthouse" / "cli" / "index.js"), url, "--quiet",
               "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(FLAGS)}"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM},
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not report.exists():
        print(f"  lighthouse failed on {url} ({done.returncode}): {done.stderr.strip()[-800:]}")
        return None
    return json.loads(report.read_text())


def print_lighthouse(results: dict[str, dict[str, Any]]) -> None:
    """Scores table, then for each score under 95 the audits in that category that lose points."""
    print(f"\n{'page':32}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for page, lhr in results.items():
        scores = [lhr["categories"][c]["score"] for c in CATEGORIES]
        print(f"{page:32}" + "".join(f"{round((s or 0) * 100):>16}" for s in scores))
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
                print(f"  {ref['id']} (score {score:.2f}, weight {ref['weight']}): "
                      f"{audit['title']}{value}")
                for item in (audit.get("details") or {}).get("items", [])[:3]:
                    node = item.get("node") or {}
                    where = node.get("selector") or item.get("url") or ""
                    if where:
                        print(f"      - {where} {node.get('snippet', '')[:100]}")


def axe(browser: Browser, url: str, script: Path) -> None:
    """axe-core on a 360x740 viewport: violations by impact, serious/critical rule ids and targets."""
    page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page.goto(url, wait_until="networkidle")
    page.add_script_tag(path=str(script))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    page.close()
    counts: dict[str, int] = {}
    for violation in result["violations"]:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    order = ["critical", "serious", "moderate", "minor"]
    print(f"  {url}: " + (", ".join(f"{k} {counts[k]}" for k in order if k in counts) or "none"))
    for violation in result["violations"]:
        if violation["impact"] in ("critical", "serious"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            print(f"    {violation['impact']} {violation['id']}: {violation['help']} "
                  f"({len(targets)} nodes) {targets[:5]}")


MEASURE = """() => {
  const root = document.documentElement;
  const paras = [...document.querySelectorAll('.md-content p')].filter(p => p.offsetParent);
  const font = Math.min(...paras.map(p => parseFloat(getComputedStyle(p).fontSize)));
  const targets = [...document.querySelectorAll(
      '.md-header a, .md-header button, .md-header label[for], .md-content a, .md-content button')]
    .map(el => ({el, box: el.getBoundingClientRect()}))
    .filter(t => t.box.width > 0 && t.box.height > 0 && getComputedStyle(t.el).visibility !== 'hidden');
  const describe = t => `${t.el.tagName.toLowerCase()}${t.el.className ? '.' + String(t.el.className).trim().split(/\\s+/).join('.') : ''}`
    + ` "${(t.el.textContent || t.el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`
    + ` ${Math.round(t.box.width)}x${Math.round(t.box.height)}`;
  targets.sort((a, b) => a.box.height - b.box.height);
  const inline = t => t.el.closest('p, li') && t.el.tagName === 'A';
  const blocks = targets.filter(t => !inline(t));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, font, paragraphs: paras.length,
          smallest: targets.slice(0, 3).map(describe), smallestBlock: blocks.slice(0, 3).map(describe),
          under24: targets.filter(t => t.box.height < 24).length,
          under48: targets.filter(t => t.box.height < 48).length, total: targets.length};
}"""


def weigh(browser: Browser, url: str) -> None:
    """First-load bytes (CDP encodedDataLength, headers included) and phone layout figures."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    figures = page.evaluate(MEASURE)
    context.close()
    print(f"  transferred on first load: {sum(sizes.values()) / 1024:.1f} KB in {len(sizes)} requests")
    print(f"  horizontal scroll at 360 px: {figures['scrollWidth'] > figures['clientWidth']} "
          f"(scrollWidth {figures['scrollWidth']}, clientWidth {figures['clientWidth']})")
    print(f"  smallest paragraph font-size in .md-content: {figures['font']} px "
          f"({figures['paragraphs']} paragraphs)")
    print(f"  tap targets in header+content: {figures['total']}, {figures['under24']} under 24 px high, "
          f"{figures['under48']} under 48 px")
    print(f"  smallest: {figures['smallest']}")
    print(f"  smallest outside running text: {figures['smallestBlock']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-axe", action="store_true")
    args = parser.parse_args()
    modules = node_tools()
    with tempfile.TemporaryDirectory(prefix="sotay-phone-") as tmp:
        site = build_site(Path(tmp) / "site")
        pages = [p for p in PAGES if (site / p.lstrip("/") / "index.html").is_file()]
        skipped = sorted(set(PAGES) - set(pages))
        print(f"pages: {pages}" + (f"; not in the built site: {skipped}" if skipped else ""))
        base, server = serve(site)
        try:
            if not args.no_lighthouse:
                reports = OUT / "lighthouse"
                reports.mkdir(parents=True, exist_ok=True)
                results = {}
                for p in pages:
                    name = p.strip("/").replace("/", "_") or "home"
                    lhr = lighthouse(modules, base + p, reports / f"{name}.json")
                    if lhr:
                        results[p] = lhr
                print_lighthouse(results)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                if not args.no_axe:
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
