"""The service worker: a real `sw.js` file, filled in at build time with safe JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.core import urls
from builder.outputs.offline import (
    PLACEHOLDER,
    fill_worker,
    offline_manifest,
    service_worker,
    to_js_literal,
)

ROOT = Path(__file__).resolve().parents[1]
WORKER_TEST = Path(__file__).parent / "js" / "offline_worker.test.mjs"
SAVE_TEST = Path(__file__).parent / "js" / "offline_save.test.mjs"
READING_WORKER_TEST = Path(__file__).parent / "js" / "reading_worker.test.mjs"


def _build_of(worker: str) -> dict[str, object]:
    line = next(x for x in worker.splitlines() if x.startswith("var BUILD = "))
    value: dict[str, object] = json.loads(line.removeprefix("var BUILD = ").removesuffix(";"))
    return value


def test_the_worker_carries_the_build_version_shell_and_search_files(tmp_path: Path) -> None:
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "assets" / "stylesheets" / "main.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    worker = service_worker(tmp_path, ["search/z.json", "search/docs.json"])
    build = _build_of(worker)
    assert build["shell"] == [
        "./",
        urls.OFFLINE_PAGE_URL,
        urls.OFFLINE_MANIFEST,
        "assets/stylesheets/main.css",
    ]
    assert build["search"] == ["search/docs.json", "search/z.json"]
    assert isinstance(build["version"], str) and len(build["version"]) == len("sotay-") + 16
    assert PLACEHOLDER not in worker
    assert worker.startswith("/* Sổ tay báo cáo viên — offline after one visit.")


def test_the_version_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("một", encoding="utf-8")
    before = _build_of(service_worker(tmp_path, []))["version"]
    (tmp_path / "index.html").write_text("hai", encoding="utf-8")
    assert _build_of(service_worker(tmp_path, []))["version"] != before


def test_file_names_cannot_break_out_of_the_script() -> None:
    literal = to_js_literal({"shell": ["</script><b>&amp;", "Tài liệu"]})
    assert literal == '{"shell": ["\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;", "Tài liệu"]}'
    assert json.loads(literal) == {"shell": ["</script><b>&amp;", "Tài liệu"]}


def test_a_worker_without_its_placeholder_is_refused() -> None:
    with pytest.raises(ValueError, match=PLACEHOLDER):
        fill_worker("var BUILD = {};", {})


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_worker_logic_under_node() -> None:
    run = subprocess.run(
        ["node", "--test", str(WORKER_TEST)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


PAGE = "<html><head><title>{} - Sổ tay báo cáo viên</title></head><body>x</body></html>"


def test_the_manifest_lists_every_file_to_save_with_its_size_and_page_titles(
    tmp_path: Path,
) -> None:
    site = _site(
        tmp_path,
        {
            "index.html": PAGE.format("Trang chủ"),
            "van-ban/57-ct-tw/index.html": PAGE.format("57-CT/TW: Về &lt;an ninh&gt; mạng"),
            "van-ban/57-ct-tw/de-cuong/print.css": "@page{}",
            "khong-co-mang/index.html": PAGE.format("Bạn đang không có mạng"),
            "assets/sotay.css": "a{}",
            "assets/stylesheets/main.css.map": "{}",
            "assets/javascripts/lunr/min/lunr.vi.min.js": "x",
            "404.html": "x",
            "sitemap.xml": "x",
            "sw.js": "x",
            "ban-luu.json": "{}",
        },
    )
    manifest = json.loads(offline_manifest(site, "Sổ tay báo cáo viên"))
    home = len(PAGE.format("Trang chủ").encode())
    assert manifest["files"] == [
        {"url": "assets/sotay.css", "bytes": 3},
        {"url": "./", "bytes": home, "title": "Trang chủ"},
        {"url": "khong-co-mang/", "bytes": len(PAGE.format("Bạn đang không có mạng").encode())},
        {"url": "van-ban/57-ct-tw/de-cuong/print.css", "bytes": 7},
        {
            "url": "van-ban/57-ct-tw/",
            "bytes": len(PAGE.format("57-CT/TW: Về &lt;an ninh&gt; mạng").encode()),
            "title": "57-CT/TW: Về <an ninh> mạng",
        },
    ]
    assert manifest["pages"] == 2
    assert manifest["bytes"] == sum(f["bytes"] for f in manifest["files"])
    assert len(manifest["version"]) == 16


def test_the_manifest_version_follows_the_saved_files_only(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": PAGE.format("Trang chủ"), "sw.js": "một"})
    first = offline_manifest(site, "Sổ tay báo cáo viên")
    (site / "sw.js").write_text("hai", encoding="utf-8")
    (site / "x.js.map").write_text("{}", encoding="utf-8")
    assert offline_manifest(site, "Sổ tay báo cáo viên") == first
    (site / "index.html").write_text(PAGE.format("Trang chủ mới"), encoding="utf-8")
    assert (
        json.loads(offline_manifest(site, "Sổ tay báo cáo viên"))["version"]
        != json.loads(first)["version"]
    )


def test_the_built_site_has_its_manifest_offline_page_and_worker_agreeing(
    repo_site: Path,
) -> None:
    manifest = json.loads((repo_site / urls.OFFLINE_MANIFEST).read_text(encoding="utf-8"))
    listed = {f["url"] for f in manifest["files"]}
    for f in manifest["files"]:
        path = f["url"] + "index.html" if f["url"].endswith("/") else f["url"]
        file = repo_site / ("index.html" if f["url"] == "./" else path)
        assert file.stat().st_size == f["bytes"], f["url"]
    assert "./" in listed and urls.OFFLINE_PAGE_URL in listed
    assert "van-ban/57-ct-tw/toan-van/" in listed and "search/docs.json" in listed
    assert not any(u.endswith(".map") or u == urls.SERVICE_WORKER for u in listed)
    titles = {f["url"]: f.get("title") for f in manifest["files"]}
    assert titles["van-ban/57-ct-tw/"].startswith("57-CT/TW")
    build = _build_of((repo_site / urls.SERVICE_WORKER).read_text(encoding="utf-8"))
    assert build["offline"] == urls.OFFLINE_PAGE_URL
    shell = build["shell"]
    assert isinstance(shell, list)
    assert {urls.OFFLINE_PAGE_URL, urls.OFFLINE_MANIFEST, "assets/sotay-offline.js"} <= set(shell)
    page = (repo_site / urls.OFFLINE_PAGE_FILE).read_text(encoding="utf-8")
    assert '<base href="../">' in page and "Bạn đang không có mạng" in page
    assert "assets/sotay-offline.css" in page and "assets/sotay-offline.js" in page


def test_the_page_module_spells_the_urls_of_core_urls() -> None:
    """sotay-offline.js cannot import core/urls.py: it must agree with it."""
    module = (ROOT / "theme" / "assets" / "sotay-offline.js").read_text(encoding="utf-8")
    assert f'var MANIFEST = "{urls.OFFLINE_MANIFEST}";' in module
    assert urls.OFFLINE_PAGE_URL.rstrip("/") in module


def test_the_save_logic_under_node() -> None:
    if shutil.which("node") is None:
        pytest.skip("needs Node.js")
    run = subprocess.run(
        ["node", "--test", str(SAVE_TEST), str(READING_WORKER_TEST)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
