"""Lưu để đọc khi không có mạng (issue 16 item 5), on a 360×740 phone in Chromium.

The reader presses the control on the home page, watches the progress, then loses the network
(and the server goes away): a page never opened still opens, and an address the phone does
not hold gives the Vietnamese offline page, which links home and lists what is saved. The site
is served under a sub-path, as on an intranet server, from a copy a test may rebuild.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from builder.core import urls
from builder.outputs.offline import offline_manifest
from builder.outputs.pdf import QuietHandler
from builder.outputs.search import PREFETCH_UP_TO
from conftest import REPO, make_project, run_sotay

sys.path.insert(0, str(REPO / "tests" / "bench"))
from make_corpus import make_corpus  # noqa: E402

PHONE = {"width": 360, "height": 740}
SUBPATH = "/sotay/"
SITE_NAME = "Sổ tay báo cáo viên"
HOME_CONTROL = "[data-sotay-offline='home']"


@dataclass
class Server:
    """The site under /sotay/; `delay` slows every answer, `paths` records what was asked."""

    url: str
    site: Path
    stop: Any
    paths: list[str] = field(default_factory=list)
    delay: float = 0.0


def _serve(site: Path) -> Server:
    server_box: dict[str, Server] = {}

    class Handler(QuietHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(SUBPATH):
                return "/nonexistent-outside-subpath"
            return super().translate_path(path[len(SUBPATH) - 1 :])

        def do_GET(self) -> None:
            box = server_box["s"]
            box.paths.append(self.path)
            if box.delay:
                time.sleep(box.delay)
            super().do_GET()

    handler = functools.partial(Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def stop() -> None:
        httpd.shutdown()
        httpd.server_close()  # refused, not left hanging: the phone is really cut off

    server_box["s"] = Server(f"http://127.0.0.1:{httpd.server_port}{SUBPATH}", site, stop)
    return server_box["s"]


@pytest.fixture()
def served(repo_site: Path, tmp_path: Path) -> Iterator[Server]:
    site = tmp_path / "site"
    shutil.copytree(repo_site, site)
    server = _serve(site)
    yield server
    server.stop()


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def _manifest(site: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((site / urls.OFFLINE_MANIFEST).read_text(encoding="utf-8"))
    return value


def _mb(total: int) -> str:
    tenths = int(total / 100_000 + 0.5)  # as sotay-offline.js rounds
    return f"{tenths // 10},{tenths % 10}"


def _open_home(page: Any, server: Server) -> Any:
    page.goto(server.url)
    page.wait_for_function(
        "async () => (await navigator.serviceWorker.ready).active.state === 'activated'"
    )
    control = page.locator(HOME_CONTROL)
    control.locator("[data-sotay-offline-note]").filter(has_text="trang").wait_for()
    return control


# Records every text the home control's progress line shows, so a fast run is seen too.
RECORD_NOTES_JS = """
() => {
  const note = document.querySelector("[data-sotay-offline='home'] [data-sotay-offline-note]");
  window.sotayNotes = [];
  new MutationObserver(() => window.sotayNotes.push(note.textContent))
    .observe(note, { childList: true, characterData: true, subtree: true });
}
"""


def test_save_everything_then_read_offline_a_page_never_opened(phone: Any, served: Server) -> None:
    manifest = _manifest(served.site)
    pages, size = manifest["pages"], _mb(manifest["bytes"])
    control = _open_home(phone, served)
    button = control.locator("[data-sotay-offline-save]")
    note = control.locator("[data-sotay-offline-note]")
    assert button.inner_text() == "Lưu để đọc khi không có mạng"
    assert note.inner_text() == f"Cả sổ tay: {pages} trang · {size} MB, tải một lần về máy này."
    assert note.get_attribute("aria-live") == "polite"
    assert phone.locator("[data-sotay-offline='drawer'] [data-sotay-offline-save]").count() == 1

    phone.evaluate(RECORD_NOTES_JS)
    button.click()
    note.filter(has_text="Đã lưu xong").wait_for(timeout=120_000)
    assert note.inner_text() == f"Đã lưu xong {pages} trang, đọc được cả khi không có mạng."
    progress = phone.evaluate("window.sotayNotes")
    shown = re.compile(rf"^Đã lưu (\d+)/{pages} trang · \d+,\d/{size} MB$")
    counts = [int(m.group(1)) for t in progress if (m := shown.match(t))]
    assert counts and counts == sorted(counts) and counts[-1] == pages, progress

    phone.reload()
    note = phone.locator(HOME_CONTROL).locator("[data-sotay-offline-note]")
    assert re.fullmatch(
        rf"Đã lưu lúc \d\d:\d\d, \d\d/\d\d/20\d\d · {pages} trang · {size} MB, "
        "đọc được khi không có mạng.",
        note.inner_text(),
    )
    assert phone.locator(HOME_CONTROL).locator("button").first.inner_text() == "Lưu lại"

    # A new build on the server: the phone says its copy is old, and updates it.
    page_file = served.site / "van-ban" / "19-ctr-tu" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(html.replace("19-CTr/TU", "19-CTr/TU (bản mới)", 1), encoding="utf-8")
    (served.site / urls.OFFLINE_MANIFEST).write_text(
        offline_manifest(served.site, SITE_NAME), encoding="utf-8"
    )
    phone.reload()
    button = phone.locator(HOME_CONTROL).locator("[data-sotay-offline-save]")
    button.filter(has_text="Có bản mới — cập nhật bản lưu").wait_for()
    button.click()
    note = phone.locator(HOME_CONTROL).locator("[data-sotay-offline-note]")
    note.filter(has_text="Đã lưu xong").wait_for(timeout=120_000)

    phone.context.set_offline(True)
    served.stop()
    for path, selector, text in (
        ("van-ban/19-ctr-tu/", "h1 .vb-number", "19-CTr/TU"),
        ("van-ban/57-ct-tw/toan-van/", ".tv-h1 .nw", "57-CT/TW"),
        ("van-ban/02-nq-tw/de-cuong/", ".dc-number", "02-NQ/TW"),
        ("dot-hoc-tap/27-hd-bxdddu/", "h1 .vb-number", "Hướng dẫn số 27-HD/BXDĐĐU"),
    ):
        phone.goto(served.url + path)
        assert phone.locator(selector).first.inner_text() == text, path
    assert "(bản mới)" in phone.goto(served.url + "van-ban/19-ctr-tu/").text()
    # Styled as online: Material's stylesheet and ours came from the saved copy.
    assert phone.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )

    response = phone.goto(served.url + "van-ban/khong-co-trang-nay/")
    assert response.status == 503
    assert phone.locator("h1").inner_text() == "Bạn đang không có mạng"
    assert phone.locator("[data-sotay-offline-address]").inner_text() == (
        "/sotay/van-ban/khong-co-trang-nay/"
    )
    listed = phone.locator("[data-sotay-offline-list] a")
    listed.first.wait_for()
    assert listed.count() == pages
    titles = listed.all_inner_texts()
    assert "Trang chủ" in titles and any(t.startswith("57-CT/TW") for t in titles)
    assert phone.locator("[data-sotay-offline-count]").inner_text() == (
        f"{pages} trang đọc được khi không có mạng:"
    )
    primary = phone.locator("a.md-button--primary")
    assert primary.inner_text() == "Về trang chủ"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    primary.click()
    phone.wait_for_url(served.url)
    assert phone.locator("h1").first.inner_text() == SITE_NAME


def test_stop_then_save_on_only_what_is_missing(phone: Any, served: Server) -> None:
    manifest = _manifest(served.site)
    pages, files = manifest["pages"], len(manifest["files"])
    control = _open_home(phone, served)
    note = control.locator("[data-sotay-offline-note]")
    served.delay = 0.05  # long enough to stop it midway
    control.locator("[data-sotay-offline-save]").click()
    note.filter(has_text=re.compile(r"Đã lưu [1-9]\d*/")).wait_for(timeout=60_000)
    stop = control.locator("[data-sotay-offline-stop]")
    assert stop.is_visible() and stop.inner_text() == "Dừng"
    stop.click()
    note.filter(has_text="Đã dừng.").wait_for(timeout=60_000)
    stopped = re.fullmatch(
        rf"Đã dừng\. Đã lưu (\d+)/{pages} trang · \d+,\d/\d+,\d MB\.", note.inner_text()
    )
    assert stopped, note.inner_text()
    assert 0 < int(stopped.group(1)) < pages
    assert not stop.is_visible()
    kept = phone.evaluate(
        "async () => (await (await caches.open('sotay:ban-luu:/sotay/')).keys()).length"
    )
    assert 0 < kept < files

    phone.reload()
    control = phone.locator(HOME_CONTROL)
    button = control.locator("[data-sotay-offline-save]")
    button.filter(has_text="Lưu tiếp").wait_for()
    served.delay = 0.0
    asked = len(served.paths)
    button.click()
    control.locator("[data-sotay-offline-note]").filter(has_text="Đã lưu xong").wait_for(
        timeout=120_000
    )
    downloaded = len(served.paths) - asked
    assert downloaded <= files - kept + 20  # what was missing; the manifest; the page's own reloads


BEYOND_PREFETCH = PREFETCH_UP_TO + 30
"""A corpus whose texts the service worker keeps after its install, not at it."""

# Which of the texts of search results (sw.js BUILD.later) the worker's cache holds: [kept, all].
KEPT_TEXTS_JS = """async () => {
  const names = (await caches.keys()).filter((n) => /^sotay-[0-9a-f]{16}$/.test(n));
  if (names.length !== 1) return [0, -1];
  const kept = new Set((await (await caches.open(names[0])).keys()).map((r) => r.url));
  const texts = [...kept].filter((u) => u.includes("/search/text/"));
  return [texts.length, window.sotayLater];
}"""


@pytest.fixture()
def larger(tmp_path: Path) -> Iterator[Server]:
    """A synthetic site of BEYOND_PREFETCH directives, built by `sotay build`."""
    make_corpus(BEYOND_PREFETCH, tmp_path / "directives")
    project = make_project(tmp_path / "project", tmp_path / "directives")
    done = run_sotay("--root", str(project), "build", "--site-dir", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    server = _serve(tmp_path / "site")
    yield server
    server.stop()


def test_after_one_visit_search_offline_shows_snippets(phone: Any, larger: Server) -> None:
    """Past PREFETCH_UP_TO directives the install keeps the index without its texts; the worker
    keeps the texts afterwards, so that after one visit a search without signal still shows
    each result's words in its text, and reads no text over the network online either."""
    site = larger.site
    texts = len(list((site / urls.SEARCH_TEXTS).glob("*.json")))
    assert texts >= BEYOND_PREFETCH
    phone.goto(larger.url)
    phone.wait_for_function(
        "async () => (await navigator.serviceWorker.ready).active.state === 'activated'"
    )
    phone.evaluate(f"window.sotayLater = {texts}")
    deadline = time.monotonic() + 120
    while (kept := phone.evaluate(KEPT_TEXTS_JS))[0] < texts and time.monotonic() < deadline:
        phone.wait_for_timeout(300)
    assert kept == [texts, texts]

    phone.reload()  # the worker controls the page now
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    asked = len(larger.paths)
    phone.click("label[for=__search].md-header__button")
    phone.fill("input[name=q]", "an ninh mang")
    first = phone.locator(".sotay-result").first
    first.locator(".sotay-result__snippet mark").first.wait_for()
    assert not [p for p in larger.paths[asked:] if urls.SEARCH_TEXTS in p]

    phone.context.set_offline(True)
    larger.stop()
    phone.fill("input[name=q]", "")
    phone.fill("input[name=q]", "chuyen doi so")
    phone.wait_for_function(
        "() => document.querySelector('[data-sotay-results]').getAttribute('data-query')"
        " === 'chuyen doi so'"
    )
    snippets = phone.locator(".sotay-result__snippet").all_inner_texts()
    assert snippets and all(s.strip() for s in snippets[:3]), snippets
    marked = phone.locator(".sotay-result__snippet mark").all_inner_texts()
    assert any(m.lower() in ("chuyển", "đổi", "số", "chuyển đổi số") for m in marked), marked
