"""`sotay serve`: an edit shows in the open page; a broken file shows its error, then recovers."""

from __future__ import annotations

import difflib
import gc
import json
import random
import re
import shutil
import socket
import subprocess
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from watchdog.events import DirMovedEvent, FileClosedEvent, FileModifiedEvent, FileMovedEvent

from builder.adapter.serve import LiveSite, PreviewServer, _Heard, errors_page
from builder.core import urls
from builder.outputs.offline import offline_manifest
from builder.outputs.search import SessionIndex, _changed, _shard_json
from builder.read.search_terms import Postings
from conftest import SOTAY, make_project

RELOAD_TIMEOUT_MS = 15_000
"""Generous for a loaded CI machine; the measured delay is printed, not asserted."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    yield from _serve(make_project(tmp_path / "project"))


def _serve(root: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    port = _free_port()
    process = subprocess.Popen(
        [str(SOTAY), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=2).read()
            break
        except OSError:
            assert process.poll() is None, process.communicate()[0]
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("sotay serve did not start within 60 s")
    yield root, url, process
    process.terminate()
    process.wait(timeout=10)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _goto(page: Any, address: str) -> Any:
    """`page.goto`, again when the open page's own reload cancelled it (net::ERR_ABORTED).

    After an edit the open page reloads itself once the rebuild ends (serve_reload.js); a
    navigation the reader begins at that very moment can lose to that reload, as a click
    can in any live-reload preview. It is begun again, as the reader would click again.
    """
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            return page.goto(address)
        except Error as error:
            if "ERR_ABORTED" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state()
    raise AssertionError("unreachable")


def _keep_step(site: Path, root: Path, folder: Path, steps: list[str], step: str) -> None:
    """A copy of the served site and of its project after `step`, for a clean build later."""
    _manifest_lists_the_site(site)
    shutil.copytree(site, folder / f"served-{step}")
    shutil.copytree(root, folder / f"project-{step}")
    steps.append(step)


def test_an_edit_shows_in_the_open_page(served: Any, browser: Any) -> None:
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/van-ban/57-ct-tw/")
    assert "Về tăng cường bảo đảm an ninh mạng" in page.text_content("h1")
    start = time.monotonic()
    _edit(root / "directives" / "57-ct-tw.md", "title: Về tăng cường", "title: Về việc tăng cường")
    page.wait_for_function(
        "() => document.querySelector('h1')?.textContent.includes('Về việc tăng cường')",
        timeout=RELOAD_TIMEOUT_MS,
    )
    print(f"serve: edit shown after {time.monotonic() - start:.2f} s")
    # the other pages that show the title follow, the rest of the site is intact
    _goto(page, f"{url}/van-ban/20-ctr-tu/")
    assert "Về việc tăng cường" in page.text_content('.vb-chain[aria-label="Văn bản liên quan"]')
    _goto(page, f"{url}/van-ban/")
    assert "Về việc tăng cường" in page.text_content(".vb-list")
    assert page.title().startswith("Tất cả văn bản")
    assert process.poll() is None
    page.close()


def test_a_broken_file_shows_its_error_then_recovers(
    served: Any, browser: Any, tmp_path: Path
) -> None:
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/van-ban/04-ct-tw/")
    target = root / "directives" / "04-ct-tw.md"
    good = target.read_text(encoding="utf-8")
    _edit(target, "date: ", "date: 31/02/")
    page.wait_for_selector("#sotay-loi", timeout=RELOAD_TIMEOUT_MS)
    banner = page.text_content("#sotay-loi")
    assert "Nội dung có lỗi" in banner
    assert "directives/04-ct-tw.md:" in banner
    assert "lỗi:" in banner
    assert page.text_content("h1")  # the last good page is still there, under the banner
    _check_the_error_box(page, banner, tmp_path)
    assert process.poll() is None
    target.write_text(good + "\nĐoạn mới sau khi sửa.\n", encoding="utf-8")
    page.wait_for_function(
        "() => !document.getElementById('sotay-loi') && "
        "document.body?.textContent.includes('Đoạn mới sau khi sửa.')",
        timeout=RELOAD_TIMEOUT_MS,
    )
    assert process.poll() is None
    page.close()


def _check_the_error_box(page: Any, banner: str, folder: Path) -> None:
    """The box spells "lỗi" precomposed in a font that has it, and leaves the header free."""
    assert unicodedata.is_normalized("NFC", banner)
    fonts = page.eval_on_selector("#sotay-loi li", "li => getComputedStyle(li).fontFamily")
    assert "monospace" not in fonts.lower() and "mono" not in fonts.lower(), fonts
    box = page.eval_on_selector("#sotay-loi", "b => b.getBoundingClientRect().toJSON()")
    header = page.eval_on_selector(".md-header", "h => h.getBoundingClientRect().toJSON()")
    assert box["top"] >= header["bottom"], (box, header)
    assert box["bottom"] <= 740 and box["height"] <= 740 * 0.5
    page.screenshot(path=str(folder / "serve-error-box.png"))


def test_a_campaign_edit_and_a_new_directive_show(served: Any, browser: Any) -> None:
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/dot-hoc-tap/27-hd-bxdddu/")
    campaign = root / "content" / "dot-hoc-tap" / "27-hd-bxdddu.md"
    _edit(campaign, "deadline: 2026-07-05", "deadline: 2026-07-15")
    page.wait_for_function(
        "() => document.body?.textContent.includes('15/7/2026')", timeout=RELOAD_TIMEOUT_MS
    )
    source = (root / "directives" / "04-ct-tw.md").read_text(encoding="utf-8")
    new = source.replace("number: 04-CT/TW", "number: 99-CT/TW", 1)
    (root / "directives" / "99-ct-tw.md").write_text(new, encoding="utf-8")
    _goto(page, f"{url}/van-ban/")
    page.wait_for_function(
        "() => document.body?.textContent.includes('99-CT/TW')", timeout=RELOAD_TIMEOUT_MS
    )
    _goto(page, f"{url}/van-ban/99-ct-tw/")
    assert page.text_content("h1 .vb-number") == "99-CT/TW"
    assert process.poll() is None
    page.close()


def test_serve_starts_with_a_broken_file_and_shows_it(tmp_path: Path, browser: Any) -> None:
    root = make_project(tmp_path / "project")
    target = root / "directives" / "04-ct-tw.md"
    good = target.read_text(encoding="utf-8")
    target.write_text(good.replace("level: trung-uong", "level: trung uong", 1), encoding="utf-8")
    served = _serve(root)
    _, url, process = next(served)
    try:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{url}/van-ban/57-ct-tw/")
        assert "directives/04-ct-tw.md:" in page.text_content("#sotay-loi")
        assert "57-CT/TW" in page.text_content("h1")
        target.write_text(good, encoding="utf-8")
        page.wait_for_function(
            "() => !document.getElementById('sotay-loi')", timeout=RELOAD_TIMEOUT_MS
        )
        _goto(page, f"{url}/van-ban/04-ct-tw/")
        assert page.text_content("h1 .vb-number") == "04-CT/TW"
        assert process.poll() is None
        page.close()
    finally:
        next(served, None)


def _pages(site: Path) -> dict[str, bytes]:
    """Every file of a served site but `sw.js`, which a session keeps from its first build."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name != "sw.js")
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in files}


def _built(config_file: Path, site: Path) -> dict[str, bytes]:
    site.mkdir()
    fresh = LiveSite(config_file, site)
    try:
        fresh.rebuild()
    finally:
        fresh.close()
    return _pages(site)


def test_an_edit_rewrites_only_the_pages_it_changes_and_equals_a_full_build(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    live = LiveSite(root / "mkdocs.yml", site)
    try:
        live.rebuild()
        before = _pages(site)
        times = {p: (site / p).stat().st_mtime_ns for p in before}
        _edit(
            root / "directives" / "57-ct-tw.md", "title: Về tăng cường", "title: Về việc tăng cường"
        )
        live.rebuild()
        after = _pages(site)
    finally:
        live.close()
    rewritten = sorted(p for p in after if (site / p).stat().st_mtime_ns != times.get(p))
    assert live.written is not None and set(rewritten) <= live.written  # what pages are told
    assert rewritten == [
        "404.html",  # MkDocs renders the theme's own pages at every build
        "ban-luu.json",  # the offline manifest: the sizes of the pages rewritten
        "dot-hoc-tap/han-thang-5-2026/in/index.html",
        "dot-hoc-tap/han-thang-5-2026/index.html",
        "index.html",
        "search/docs.json",
        "search/record/11.json",  # the records of 57-CT/TW and of its full text
        "search/record/6.json",
        "search/shards/vi.json",
        "sitemap.xml",
        "sitemap.xml.gz",
        "van-ban/20-ctr-tu/index.html",
        "van-ban/57-ct-tw/anh.svg",  # the share card shows the title
        "van-ban/57-ct-tw/de-cuong/index.html",
        "van-ban/57-ct-tw/index.html",
        "van-ban/57-ct-tw/toan-van/index.html",
        "van-ban/cap/trung-uong/index.html",
        "van-ban/chu-de/an-ninh-du-lieu/index.html",
        "van-ban/chu-de/an-ninh-mang/index.html",
        "van-ban/chu-de/bao-mat-thong-tin/index.html",
        "van-ban/index.html",
        "van-ban/loai/chi-thi/index.html",
        "van-ban/nam/2025/index.html",
        "van-ban/tinh-chuong-trinh-hanh-dong-57-ct-tw/index.html",
        "van-ban/xa-ke-hoach-tuyen-truyen-57-ct-tw/index.html",
    ]
    assert after == _built(root / "mkdocs.yml", tmp_path / "fresh")


def test_errors_page_lists_the_errors_and_is_empty_without() -> None:
    assert errors_page([]) == ""
    page = errors_page(['directives/a.md:3: lỗi: ngày "31/02/2025" <sai>'])
    assert '<div id="sotay-loi" role="alert"' in page
    assert "<li>directives/a.md:3: lỗi: ngày &#34;31/02/2025&#34; &lt;sai&gt;</li>" in page


def _search_facts(site: Path) -> dict[str, object]:
    """What a site's search index says, each document id replaced by its page's URL: equal
    for two sites that index the same pages, whatever ids they gave them."""
    meta = json.loads((site / urls.SEARCH_DOCS).read_text(encoding="utf-8"))
    columns = meta.pop("docs")
    url_of: dict[int, str] = {}
    records, texts = {}, {}
    for doc_id in range(len(columns["lv"])):
        record = site / urls.search_record(doc_id)
        if record.is_file():  # an id no page holds has neither file
            shown = json.loads(record.read_text(encoding="utf-8"))
            url_of[doc_id] = shown["u"]
            records[shown["u"]] = shown
            texts[shown["u"]] = (site / urls.search_text(doc_id)).read_text(encoding="utf-8")
    rows = {
        url: (
            columns["levels"][columns["lv"][i]],
            columns["types"][columns["ty"][i]],
            columns["y"][i],
            columns["d"][i],
            columns["w"][i],
            url_of.get(columns["o"].get(str(i), -1)),
            sorted(url_of[p] for p in columns["p"].get(str(i), [])),
        )
        for i, url in url_of.items()
    }
    postings = []
    for key in meta["shards"]:
        shard = json.loads((site / urls.search_shard(key)).read_text(encoding="utf-8"))
        for token, numbers in shard.items():
            doc_id = 0
            for at in range(0, len(numbers), 3):
                doc_id += numbers[at]
                postings.append((token, url_of[doc_id], numbers[at + 1], numbers[at + 2]))
    numbers = json.loads((site / urls.SEARCH_NUMBERS).read_text(encoding="utf-8"))
    campaigns = meta.pop("campaigns")
    return {
        "meta": meta,
        "records": records,
        "texts": texts,
        "rows": rows,
        "postings": sorted(postings),
        "numbers": sorted((n, code, digits, url_of[i]) for n, code, digits, i in numbers),
        "campaigns": sorted((url_of[i], label) for i, label in campaigns["list"]),
        "of": {url_of[int(i)]: sorted(url_of[c] for c in of) for i, of in campaigns["of"].items()},
    }


def _ids(site: Path) -> dict[str, int]:
    """Page URL → its search id."""
    folder = site / urls.search_record(0).rsplit("/", 1)[0]
    return {
        json.loads(p.read_text(encoding="utf-8"))["u"]: int(p.stem) for p in folder.glob("*.json")
    }


def _same_as_a_build(served: Path, project: Path, fresh: Path) -> None:
    """The `served` site is what a build of `project` gives, byte for byte but in search ids:
    its index says the same of every page (the offline manifest names its files, so it
    follows them)."""
    by_id = (urls.SEARCH_DIR + "/", urls.OFFLINE_MANIFEST)
    built = _built(project / "mkdocs.yml", fresh)
    assert {p: b for p, b in _pages(served).items() if not p.startswith(by_id)} == {
        p: b for p, b in built.items() if not p.startswith(by_id)
    }
    assert _search_facts(served) == _search_facts(fresh)
    listed = json.loads((served / urls.SEARCH_DOCS).read_text(encoding="utf-8"))["shards"]
    shards = (served / urls.search_shard("x")).parent
    assert sorted(p.stem for p in shards.glob("*.json")) == listed  # a shard emptied is gone


def _manifest_lists_the_site(site: Path) -> None:
    """The offline manifest a rebuild patched (looking only where it wrote) is the one a scan
    of the whole site gives."""
    manifest = (site / urls.OFFLINE_MANIFEST).read_text(encoding="utf-8")
    assert manifest == offline_manifest(site, "Sổ tay báo cáo viên")


def test_add_rename_delete_update_lists_neighbours_and_search_keeping_ids(
    tmp_path: Path,
) -> None:
    """A deleted summary leaves every list, its campaign neighbours' links (‹ trước, sau ›)
    and search; added again, it returns; renamed (file and number), it moves. Each time the
    site is a build's, and every other page keeps its search id, so that only the shards of
    the words of what changed are made again."""
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    target = root / "directives" / "19-ctr-tu.md"
    steps: list[str] = []

    def keep(step: str) -> None:  # built afresh once the session is over (one plugin a process)
        _keep_step(site, root, tmp_path, steps, step)

    live = LiveSite(root / "mkdocs.yml", site)
    try:
        live.rebuild()
        ids = _ids(site)
        neighbour = (site / "van-ban/18-ctr-tu/index.html").read_text(encoding="utf-8")
        assert 'href="../../van-ban/19-ctr-tu/"' in neighbour
        text = target.read_text(encoding="utf-8")
        target.unlink()
        live.rebuild()
        keep("deleted")
        assert "19-CTr/TU" not in (site / "van-ban/index.html").read_text(encoding="utf-8")
        neighbour = (site / "van-ban/18-ctr-tu/index.html").read_text(encoding="utf-8")
        assert "19-ctr-tu" not in neighbour and 'href="../../van-ban/20-ctr-tu/"' in neighbour
        kept = _ids(site)
        assert kept == {u: i for u, i in ids.items() if "19-ctr-tu" not in u}
        target.write_text(text, encoding="utf-8")
        live.rebuild()
        keep("added")
        assert "19-CTr/TU" in (site / "van-ban/index.html").read_text(encoding="utf-8")
        assert _ids(site) == ids  # it took back the id it left
        renamed = target.with_name("99-ctr-tu.md")
        renamed.write_text(text.replace("number: 19-CTr/TU", "number: 99-CTr/TU"), "utf-8")
        target.unlink()
        live.rebuild()
        assert not live.errors
        keep("renamed")
        listed = (site / "van-ban/index.html").read_text(encoding="utf-8")
        assert "99-CTr/TU" in listed and "19-CTr/TU" not in listed
        assert {u: i for u, i in _ids(site).items() if u in kept} == kept
    finally:
        live.close()
    for step in steps:
        _same_as_a_build(tmp_path / f"served-{step}", tmp_path / f"project-{step}", tmp_path / step)


def test_session_shards_equal_a_builds_after_many_additions_and_deletions() -> None:
    """The session's shards, patched document by document (a segment and its successor's gap
    spliced in), or many documents at once, spell what a build's encoder writes for the same
    postings, after every step of a random run of additions, edits and deletions (ids taken
    anywhere, first and last); a shard no document holds is gone."""
    rng = random.Random(20)
    session = SessionIndex()
    grouped: dict[int, dict[str, Postings]] = {}
    words = ["an", "anh", "ban", "bao", "cao", "cap"]
    shards: dict[str, str] = {}
    for step in range(400):
        before = dict(grouped)
        for doc_id in rng.sample(range(12), rng.choice((1, 1, 2, 6, 12))):
            if doc_id in grouped and rng.random() < 0.4:
                del grouped[doc_id]
                continue
            chosen = sorted(rng.sample(words, rng.randrange(1, 4)))
            postings = [(w, rng.randrange(4), rng.randrange(1, 9)) for w in chosen]
            postings += [(w, 9, 1) for w in chosen if rng.random() < 0.3]  # a second field
            by_key: dict[str, list[tuple[str, int, int]]] = {}
            for posting in postings:
                by_key.setdefault(posting[0][:2], []).append(posting)
            grouped[doc_id] = {k: tuple(v) for k, v in by_key.items()}
        changes: Any = defaultdict(dict)
        stale: Any = defaultdict(set)
        for doc_id in before.keys() | grouped.keys():
            _changed(doc_id, before.get(doc_id, {}), grouped.get(doc_id, {}), changes, stale)
        session._apply(changes)
        shards.update((key, session._shard(key)) for key in session._shards(stale))
        shards = {key: text for key, text in shards.items() if key in session.tokens}
        expected = {
            key: _shard_json([(d, g[key]) for d, g in sorted(grouped.items()) if key in g])
            for key in {k for g in grouped.values() for k in g}
        }
        assert shards == expected, step


def test_a_theme_edit_after_dirty_builds_starts_a_session_that_shows_it(tmp_path: Path) -> None:
    """A session's rebuilds reuse its first build's theme (its templates, its list of files):
    a theme edit starts a new session, whose pages show the edited template."""
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    live = LiveSite(root / "mkdocs.yml", site)
    try:
        live.rebuild()
        _edit(root / "directives/57-ct-tw.md", "title: Về tăng cường", "title: Về việc tăng cường")
        live.rebuild()
        assert live.sessions == 1
        page = (site / "van-ban/57-ct-tw/index.html").read_text(encoding="utf-8")
        assert "Về việc tăng cường" in page
        _edit(root / "theme/main.html", "{% block content %}", "{% block content %}<!--mới-->")
        live.rebuild()
        assert live.sessions == 2 and not live.errors
        for path in ("van-ban/57-ct-tw/index.html", "van-ban/index.html"):
            assert "<!--mới-->" in (site / path).read_text(encoding="utf-8"), path
    finally:
        live.close()


def test_a_theme_file_is_answered_not_modified_and_a_page_is_sent_again(served: Any) -> None:
    """A reload asks for each theme file with the tag it was sent with and hears 304 (the
    browser reuses it, compiled); a page, a search file or a missing file carries no tag."""
    _, url, _ = served

    def get(path: str, tag: str | None = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url + path, headers={"If-None-Match": tag} if tag else {})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    status, headers, body = get("/" + urls.SITE_CSS)
    assert status == 200 and body and headers["Cache-Control"] == "no-cache"
    tag = headers["ETag"]
    assert get("/" + urls.SITE_CSS, tag)[:1] == (304,)
    assert get("/" + urls.SITE_CSS, '"0-0"')[0] == 200  # another file's tag: sent again
    for path in ("/van-ban/57-ct-tw/", "/" + urls.SEARCH_DOCS):
        status, headers, _ = get(path, tag)
        assert status == 200 and "ETag" not in headers, path
    assert get("/assets/khong-co.css")[0] == 404


def test_an_implements_edit_moves_a_summary_between_chains_as_a_build_does(
    tmp_path: Path,
) -> None:
    """A session finds each document's chain again only when a relation changed: an edit of
    `implements` (20-CTr/TU no longer carries out 57-CT/TW, then again) changes the parent's
    list of documents below it, the chain filter of the list, and the child's own page."""
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    child = root / "directives" / "20-ctr-tu.md"
    live = LiveSite(root / "mkdocs.yml", site)
    try:
        live.rebuild()
        parent = (site / "van-ban/57-ct-tw/index.html").read_text(encoding="utf-8")
        assert "van-ban/20-ctr-tu/" in parent
        _edit(child, "implements: [57-CT/TW]", "implements: []")
        live.rebuild()
        assert not live.errors
        parent = (site / "van-ban/57-ct-tw/index.html").read_text(encoding="utf-8")
        assert "van-ban/20-ctr-tu/" not in parent
        served = _pages(site)
        _edit(child, "implements: []", "implements: [57-CT/TW]")
        live.rebuild()
        again = _pages(site)
    finally:
        live.close()
    shutil.copytree(root, tmp_path / "now")
    _edit(tmp_path / "now/directives/20-ctr-tu.md", "implements: [57-CT/TW]", "implements: []")
    assert served == _built(tmp_path / "now/mkdocs.yml", tmp_path / "fresh-now")
    assert again == _built(root / "mkdocs.yml", tmp_path / "fresh-again")


SHOWN = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("script[data-sotay-reload]").forEach((s) => s.remove());
  for (const el of copy.querySelectorAll("*")) {  // in one order: scripts set them in any
    const attrs = Array.from(el.attributes, (a) => [a.name, a.value]).sort();
    attrs.forEach(([name]) => el.removeAttribute(name));
    attrs.forEach(([name, value]) => el.setAttribute(name, value));
  }
  return {html: copy.outerHTML, title: document.title, scroll: window.scrollY};
}"""
"""What a page shows: its whole DOM as the scripts left it (our reload script, whose epoch
differs, aside; each element's attributes in one order), its title and how far it is
scrolled."""


def _patched(page: Any, edit: Any, wanted: str) -> None:
    """Make `edit`, wait until the open page shows `wanted`; it must have been patched in
    place (the same document: the mark set before survives), not reloaded."""
    page.evaluate("() => { window.sotayKept = true; }")
    edit()
    page.wait_for_function(
        f"() => document.body?.textContent.includes({wanted!r})", timeout=RELOAD_TIMEOUT_MS
    )
    assert page.evaluate("() => window.sotayKept === true"), "the page was reloaded"


def _as_a_reload_shows(browser: Any, page: Any) -> None:
    """The patched page equals the same address opened afresh, scrolled as far."""
    shown = page.evaluate(SHOWN)
    fresh = browser.new_page(viewport={"width": 360, "height": 740})
    fresh.goto(page.url)
    fresh.wait_for_load_state("load")
    fresh.evaluate(f"() => window.scrollTo(0, {shown['scroll']})")
    page.wait_for_timeout(300)  # each page's scripts answer the scroll and settle
    again = fresh.evaluate(SHOWN)
    shown = page.evaluate(SHOWN)
    fresh.close()
    assert shown["title"] == again["title"]
    assert shown["scroll"] == again["scroll"]
    patched, reloaded = (d["html"].replace(">", ">\n").splitlines() for d in (shown, again))
    assert patched == reloaded, "\n".join(difflib.unified_diff(patched, reloaded, lineterm=""))


def test_an_edit_is_patched_in_place_as_a_reload_would_show_it(served: Any, browser: Any) -> None:
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/van-ban/57-ct-tw/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # the page keeps its first copy once loaded
    page.evaluate("() => window.scrollTo(0, 600)")
    target = root / "directives" / "57-ct-tw.md"
    _patched(
        page,
        lambda: _edit(target, "title: Về tăng cường", "title: Về việc tăng cường"),
        "Về việc tăng cường",
    )
    assert page.evaluate("() => window.scrollY") == 600  # kept, as nothing was reloaded
    assert "Về việc tăng cường" in page.title()
    _as_a_reload_shows(browser, page)
    added = "Đoạn mới thêm vào giữa bài."
    _patched(
        page,
        lambda: _edit(target, "\nChỉ thị đề ra 6 nhóm", f"\n{added}\n\nChỉ thị đề ra 6 nhóm"),
        added,
    )
    _as_a_reload_shows(browser, page)
    _goto(page, f"{url}/van-ban/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    source = target.read_text(encoding="utf-8")
    copy = root / "directives" / "99-ct-tw.md"
    _patched(
        page,
        lambda: copy.write_text(source.replace("number: 57-CT/TW", "number: 99-CT/TW", 1)),
        "99-CT/TW",
    )
    _as_a_reload_shows(browser, page)
    assert process.poll() is None
    page.close()


def test_a_page_reloads_when_it_cannot_be_patched(served: Any, browser: Any) -> None:
    """A theme edit (a new session), a page removed (its 404): a full reload."""
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/van-ban/57-ct-tw/")
    page.wait_for_load_state("load")
    page.evaluate("() => { window.sotayKept = true; }")
    css = root / "theme" / "assets" / "sotay.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.sotay-moi { color: red; }\n")
    page.wait_for_function("() => window.sotayKept !== true", timeout=RELOAD_TIMEOUT_MS)
    copy = root / "directives" / "99-ct-tw.md"
    source = (root / "directives" / "57-ct-tw.md").read_text(encoding="utf-8")
    copy.write_text(source.replace("number: 57-CT/TW", "number: 99-CT/TW", 1), encoding="utf-8")
    deadline = time.monotonic() + RELOAD_TIMEOUT_MS / 1000
    while _goto(page, f"{url}/van-ban/99-ct-tw/").status != 200:
        assert time.monotonic() < deadline, "the new document's page never came"
        time.sleep(0.2)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    page.evaluate("() => { window.sotayKept = true; }")
    copy.unlink()
    page.wait_for_function("() => window.sotayKept !== true", timeout=RELOAD_TIMEOUT_MS)
    page.wait_for_load_state("load")
    assert "99-CT/TW" not in (page.text_content("h1") or "")
    assert process.poll() is None
    page.close()


def test_the_long_poll_tells_what_the_rebuilds_since_a_page_wrote(tmp_path: Path) -> None:
    """A page is told the union of what each later rebuild wrote; everything (None) when one
    of them may have changed anything, or the page is older than the server."""

    class Site:
        written: frozenset[str] | None = frozenset()

        def rebuild(self, told: object = None) -> None:
            pass

    site = Site()
    server = PreviewServer(site, host="127.0.0.1", port=0, root=str(tmp_path))  # type: ignore[arg-type]
    try:
        first = server.generation
        for written in (frozenset({"a/index.html"}), frozenset({"b.json", "a/index.html"})):
            site.written = written
            server.rebuild()
        assert server.changes_since(first) == ["a/index.html", "b.json"]
        middle = server.rebuilds[0][0]
        assert server.changes_since(middle) == ["a/index.html", "b.json"]
        site.written = None  # a new session
        server.rebuild()
        assert server.changes_since(middle) is None
        assert server.changes_since(server.generation) == []
        assert server.changes_since(first - 1) is None  # a page of an earlier serve
        answer = json.loads(server.answer_poll(first))
        timing = answer.pop("timing")  # the last rebuild's moments, for the bench
        assert answer == {"epoch": server.generation, "changed": None}
        assert timing["heard"] <= timing["began"] <= timing["ended"]
    finally:
        server.server_close()


def test_a_page_asked_for_while_a_rebuild_runs_names_that_rebuild(tmp_path: Path) -> None:
    """MkDocs holds a page asked for during a rebuild until the rebuild ends: the page is of
    that rebuild and says so, so that the next edit patches it (it reloaded itself at once,
    a second load for whoever opened a page while an edit rebuilt)."""
    root, watched = tmp_path / "site", tmp_path / "src"
    root.mkdir()
    watched.mkdir()
    (root / "index.html").write_text("<html><body>old</body></html>", encoding="utf-8")
    entered, release = threading.Event(), threading.Event()

    class Site:
        written: frozenset[str] | None = frozenset({"index.html"})

        def rebuild(self, told: object = None) -> None:
            entered.set()
            release.wait(30)
            (root / "index.html").write_text("<html><body>new</body></html>", encoding="utf-8")

    server = PreviewServer(Site(), host="127.0.0.1", port=0, root=str(root))  # type: ignore[arg-type]
    server.watch(str(watched))
    threading.Thread(target=server.serve, daemon=True).start()
    epoch = re.compile(rb"\}\)\((\d+), \d+, ")

    def page() -> tuple[bytes, int]:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/", timeout=30) as r:
            body = r.read()
        found = epoch.search(body)
        assert found is not None
        return body, int(found[1])

    try:
        deadline = time.monotonic() + 10
        while not getattr(server, "server_port", 0):  # bound by `serve`
            assert time.monotonic() < deadline
            time.sleep(0.01)
        body, first = page()
        assert b"old" in body and first == server.generation
        (watched / "a.md").write_text("x", encoding="utf-8")
        assert entered.wait(10)
        held: list[tuple[bytes, int]] = []
        asking = threading.Thread(target=lambda: held.append(page()))
        asking.start()
        time.sleep(0.3)  # the request waits on MkDocs meanwhile
        assert not held
        release.set()
        asking.join(30)
        ((body, made_by),) = held
        assert b"new" in body and made_by == server.generation > first
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_a_page_whose_search_read_the_index_reloads_after_an_edit(
    served: Any, browser: Any
) -> None:
    """Patched in place, the page would keep a search worker holding the old index: the
    search box reloads it (its "sotay-site-changed" listener, theme/assets/search/ui.js)."""
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/van-ban/57-ct-tw/")
    page.wait_for_load_state("load")
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "an ninh")
    page.wait_for_function(
        "() => { const list = document.querySelector('[data-sotay-results]');"
        " return list.getAttribute('data-query') === 'an ninh' && !list.hasAttribute('aria-busy'); }",
        timeout=RELOAD_TIMEOUT_MS,
    )
    page.evaluate("() => { window.sotayKept = true; }")
    _edit(root / "directives" / "57-ct-tw.md", "title: Về tăng cường", "title: Về việc tăng cường")
    page.wait_for_function(
        "() => window.sotayKept !== true && document.title.includes('Về việc tăng cường')",
        timeout=RELOAD_TIMEOUT_MS,
    )
    assert process.poll() is None
    page.close()


def test_search_in_the_preview_finds_a_word_saved_after_the_first_build(
    served: Any, browser: Any
) -> None:
    """A built site's service worker keeps its first build's search index, and the search
    reads that cache: in a preview, the word saved since was never found. The preview's worker
    keeps nothing and removes itself (builder/outputs/sw_preview.js)."""
    root, url, process = served
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{url}/")
    page.wait_for_load_state("load")
    # The preview's worker registers, drops the caches, then removes itself.
    registered = "() => navigator.serviceWorker.getRegistrations().then((r) => r.length)"
    deadline = time.monotonic() + RELOAD_TIMEOUT_MS / 1000
    while page.evaluate(registered) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert page.evaluate(registered) == 0
    assert page.evaluate("() => caches.keys()") in ([], ["sotay:ban-luu:/"])
    _edit(root / "directives" / "57-ct-tw.md", "title: Về tăng cường", "title: Về xyzzy tăng cường")
    _goto(page, f"{url}/van-ban/57-ct-tw/")
    page.wait_for_function("() => document.title.includes('xyzzy')", timeout=RELOAD_TIMEOUT_MS)
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "xyzzy")
    page.wait_for_function(
        "() => document.querySelector('[data-sotay-results]').getAttribute('data-query')"
        " === 'xyzzy'",
        timeout=RELOAD_TIMEOUT_MS,
    )
    assert page.locator(".sotay-result__number").first.inner_text() == "57-CT/TW"
    assert process.poll() is None
    page.close()


def test_a_rebuild_told_the_changed_paths_looks_only_at_them_and_equals_a_build(
    tmp_path: Path,
) -> None:
    """Told by the watcher which paths changed, a rebuild re-reads only those (a file it was
    not told of keeps what it gave) and lists a folder again only when a named path lies in
    it: after an edit, an addition, a rename and a deletion, each told, the site is a build's;
    a theme edit told while a broken file stops the rebuilds still starts a new session."""
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    folder = root / "directives"
    target, quiet = folder / "19-ctr-tu.md", folder / "02-nq-tw.md"
    steps: list[str] = []

    def keep(step: str) -> None:
        assert not live.errors, live.errors
        _keep_step(site, root, tmp_path, steps, step)

    live = LiveSite(root / "mkdocs.yml", site)
    try:
        live.rebuild()
        quiet_before = (site / "van-ban/02-nq-tw/index.html").read_bytes()
        _edit(target, "title: ", "title: Sửa một ")
        _edit(quiet, "title: ", "title: Không ai báo ")  # not told: not looked at
        live.rebuild([str(target)])
        page = (site / "van-ban/19-ctr-tu/index.html").read_text(encoding="utf-8")
        assert "Sửa một" in page
        assert (site / "van-ban/02-nq-tw/index.html").read_bytes() == quiet_before
        live.rebuild([str(quiet)])
        assert "Không ai báo" in (site / "van-ban/02-nq-tw/index.html").read_text("utf-8")
        keep("edited")
        text = target.read_text(encoding="utf-8")
        added = folder / "99-ctr-tu.md"
        added.write_text(text.replace("number: 19-CTr/TU", "number: 99-CTr/TU"), "utf-8")
        live.rebuild([str(added)])
        assert "99-CTr/TU" in (site / "van-ban/index.html").read_text(encoding="utf-8")
        keep("added")
        renamed = folder / "98-ctr-tu.md"
        renamed.write_text(text.replace("number: 19-CTr/TU", "number: 98-CTr/TU"), "utf-8")
        added.unlink()
        live.rebuild([str(added), str(renamed)])
        keep("renamed")
        renamed.unlink()
        live.rebuild([str(renamed)])
        assert "98-CTr/TU" not in (site / "van-ban/index.html").read_text(encoding="utf-8")
        keep("deleted")
        _edit(target, "title: ", "title: ---\n")  # a broken file: the last good site stays
        live.rebuild([str(target)])
        assert live.errors and live.sessions == 1
        main = root / "theme/main.html"
        _edit(main, "{% block content %}", "{% block content %}<!--mới-->")
        live.rebuild([str(main)])  # still broken: no build, the theme edit waits
        target.write_text(text, encoding="utf-8")
        live.rebuild([str(target)])
        assert live.sessions == 2 and not live.errors
        assert "<!--mới-->" in (site / "van-ban/index.html").read_text(encoding="utf-8")
        keep("theme")
    finally:
        live.close()
    for step in steps:
        _same_as_a_build(tmp_path / f"served-{step}", tmp_path / f"project-{step}", tmp_path / step)


def test_a_rebuild_runs_the_collector_once_after_it_on_what_it_made(tmp_path: Path) -> None:
    """A session's rebuild runs no cycle collection while it builds (the collector walked its
    young objects up to four times a rebuild), then one of the young generations, where all
    it made lies; the collector is on again after, and the edit is in the site."""
    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    live = LiveSite(root / "mkdocs.yml", site)
    started: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    try:
        live.rebuild()
        target = root / "directives" / "02-nq-tw.md"
        _edit(target, "title: ", "title: Sửa ")
        gc.callbacks.append(seen)
        try:
            live.rebuild([str(target)])
        finally:
            gc.callbacks.remove(seen)
        assert started == [1] and gc.isenabled() and not live.errors
        assert "Sửa" in (site / "van-ban/02-nq-tw/index.html").read_text(encoding="utf-8")
    finally:
        live.close()


def test_the_watcher_hands_the_next_rebuild_the_paths_it_named() -> None:
    """What `_Heard` gathers for the next rebuild: both paths of a move, each file once; a
    folder's event (whose files it does not name) makes it look at every file (None)."""
    server = SimpleNamespace(told=set(), told_lock=threading.Lock(), heard=None)
    heard = _Heard(server)  # type: ignore[arg-type]
    heard.on_any_event(FileModifiedEvent("/p/directives/a.md"))
    heard.on_any_event(FileMovedEvent("/p/directives/b.md", "/p/directives/c.md"))
    heard.on_any_event(FileClosedEvent("/p/directives/a.md"))
    assert server.told == {"/p/directives/a.md", "/p/directives/b.md", "/p/directives/c.md"}
    assert server.heard is not None
    heard.on_any_event(DirMovedEvent("/p/content/x", "/tmp/x"))
    heard.on_any_event(FileModifiedEvent("/p/directives/a.md"))
    assert server.told is None


def test_a_rebuild_hands_mkdocs_the_files_of_unchanged_pages_it_made_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit, only the pages that changed get a new File: each unchanged page is the
    File of the last build (no page attached, its inclusion as first given), and the site is
    still a build's."""
    from mkdocs.structure.files import File

    root = make_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    live = LiveSite(root / "mkdocs.yml", site)
    made: list[str] = []
    generated = File.generated.__func__  # type: ignore[attr-defined]

    def counted(cls: type[File], config: Any, src_uri: str, **kwargs: Any) -> File:
        made.append(src_uri)
        return generated(cls, config, src_uri, **kwargs)  # type: ignore[no-any-return]

    try:
        live.rebuild()
        target = root / "directives" / "02-nq-tw.md"
        _edit(target, "title: ", "title: Sửa ")
        live.rebuild([str(target)])
        monkeypatch.setattr(File, "generated", classmethod(counted))
        _edit(target, "title: Sửa ", "title: Sửa lại ")
        live.rebuild([str(target)])
        assert "Sửa lại" in (site / "van-ban/02-nq-tw/index.html").read_text(encoding="utf-8")
    finally:
        live.close()
    pages = [src for src in made if src.endswith(".md")]
    assert "van-ban/02-nq-tw.md" in pages and len(pages) < 30, pages
    assert _pages(site) == _built(root / "mkdocs.yml", tmp_path / "fresh")
