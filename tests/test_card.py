"""Share cards: the SVG's layout never overflows, its text is escaped XML, the directive page
offers it, and "Tải ảnh" and `sotay anh` give a 1080×1350 PNG."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import struct
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.core import urls
from builder.core.schema import DOC_TYPES
from builder.model import Directive
from builder.pipeline import load_corpus
from builder.render.card import FOOTER, HEIGHT, MARGIN, TEXT_WIDTH, WIDTH, card_svg, fit, layout
from builder.render.card import text_width as measured
from conftest import REPO, serve_directory

SVG = "{http://www.w3.org/2000/svg}"
SITE = "Sổ tay báo cáo viên"
CORPUS = load_corpus(REPO).corpus
D57 = next(d for d in CORPUS.directives.values() if d.slug == "57-ct-tw")
LONGEST = max(CORPUS.directives.values(), key=lambda d: len(d.title))
SYNTHETIC = dataclasses.replace(
    D57,
    title=" ".join(["Về tăng cường bảo đảm an ninh mạng, bảo mật thông tin, an ninh dữ liệu"] * 5)[
        :300
    ],
    key_points=tuple(f"{n}. {LONGEST.title}"[:120] for n in range(5)),
)
"""A 300-character title and five key points of 120 characters: the most a file may hold."""
PAYLOAD = "<script>alert(1)</script> ]]> & \"x\" 'y' {{ 7*7 }}"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_longest_real_title_is_the_one_expected() -> None:
    assert len(LONGEST.title) > 200  # 18-CTr/TU's, 204 characters: the tests meet a real one
    assert len(SYNTHETIC.title) == 300


@pytest.mark.parametrize("d", [D57, LONGEST, SYNTHETIC], ids=["57-CT/TW", "longest", "300"])
def test_no_line_is_wider_than_the_card_nor_below_the_footer(d: Directive) -> None:
    card = layout(d, SITE)
    for line in card.lines:
        assert line.x >= MARGIN
        assert line.x + measured(line.text, line.size, line.bold) <= WIDTH - MARGIN
        assert line.y <= HEIGHT - FOOTER - 20
    assert card.lines[-1].y > card.rule > card.band


def test_a_title_too_long_is_cut_at_a_word_with_an_ellipsis() -> None:
    card = layout(SYNTHETIC, SITE)
    assert card.cut
    lines, cut = fit(SYNTHETIC.title, 38, TEXT_WIDTH, 3, bold=True)
    assert cut and lines[-1].endswith("…") and len(lines) == 3
    shown = " ".join(lines).removesuffix("…").split()
    assert shown == SYNTHETIC.title.split()[: len(shown)]  # whole words, in order, none made up


def test_the_card_shows_the_document_and_its_key_points() -> None:
    svg = card_svg(D57, SITE)
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height")) == (str(WIDTH), str(HEIGHT))
    text = " ".join(_texts(svg))
    for part in ("CHỈ THỊ", "57-CT/TW", "Ban Bí thư · 31/12/2025", SITE, *D57.key_points):
        assert part in text, part
    assert " ".join(text.split()).count(D57.title) == 1
    assert root.find(f"{SVG}title").text == f"Chỉ thị 57-CT/TW: {D57.title}"  # type: ignore[union-attr]
    assert len(D57.key_points) == 5 and len(list(root.iter(f"{SVG}circle"))) == 5


def test_without_key_points_the_card_shows_the_document_alone() -> None:
    alone = dataclasses.replace(D57, key_points=())
    svg = card_svg(alone, SITE)
    assert list(ET.fromstring(svg).iter(f"{SVG}circle")) == []
    assert layout(alone, SITE).rule == 0
    assert max(line.size for line in layout(alone, SITE).lines if line.bold and line.y > 300) > 56


def test_a_payload_in_the_title_or_a_key_point_comes_out_as_text() -> None:
    hostile = dataclasses.replace(
        D57, title=PAYLOAD, issuer=PAYLOAD, key_points=(PAYLOAD, "a & b", '"c"')
    )
    svg = card_svg(hostile, SITE)
    assert "<script" not in svg and "]]>" not in svg
    text = " ".join(_texts(svg))  # well-formed XML, or this raises
    assert text.count(PAYLOAD) == 3 and "a & b" in text and '"c"' in text
    assert ET.fromstring(svg).find(f"{SVG}title").text == f"Chỉ thị 57-CT/TW: {PAYLOAD}"  # type: ignore[union-attr]


def test_every_directive_of_the_site_has_its_card(repo_site: Path) -> None:
    for d in CORPUS.directives.values():
        card = repo_site / urls.card_url(d.slug)
        assert card.read_text(encoding="utf-8") == card_svg(d, SITE)
        page = (repo_site / urls.directive_url(d.slug) / "index.html").read_text(encoding="utf-8")
        assert f'src="{urls.CARD}"' in page and 'data-card-png="' + urls.card_png(d.slug) in page


@pytest.fixture(scope="module")
def cards_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("cards")
    for name, d in (("57", D57), ("longest", LONGEST), ("300", SYNTHETIC)):
        (folder / f"{name}.svg").write_text(card_svg(d, SITE), encoding="utf-8")
    url, stop = serve_directory(folder)
    yield url
    stop()


@pytest.mark.parametrize("name", ["57", "longest", "300"])
def test_chromium_draws_every_line_inside_the_margins(
    browser: Any, cards_url: str, name: str
) -> None:
    """The width table is checked against the font Chromium really uses, not against itself."""
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(f"{cards_url}/{name}.svg")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('text')].map(t => { const b = t.getBBox();"
        " return [b.x, b.y, b.x + b.width, b.y + b.height, t.textContent]; })"
    )
    page.close()
    assert len(boxes) > 10
    for left, _top, right, _bottom, text in boxes:
        assert left >= MARGIN - 1 and right <= WIDTH - MARGIN, text
    body = [b for b in boxes if b[4] != SITE]
    assert max(b[3] for b in body) <= HEIGHT - FOOTER
    ordered = sorted(body, key=lambda b: b[1])
    overlaps = [
        (a[4], b[4]) for a, b in zip(ordered, ordered[1:], strict=False) if b[1] < a[3] - 12
    ]
    assert overlaps == []  # no line drawn over the one above (tone marks may touch: 12 px)


class _PolicyHandler(http.server.SimpleHTTPRequestHandler):
    """The site as nginx serves it: with deploy/nginx.conf's Content-Security-Policy."""

    def end_headers(self) -> None:
        from test_hosting import CSP

        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def strict_url(repo_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_PolicyHandler, directory=str(repo_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_the_phone_previews_the_card_and_saves_it_as_a_png(
    browser: Any, strict_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on(
        "request",
        lambda request: None if request.url.startswith(strict_url) else outside.append(request.url),
    )
    page.goto(f"{strict_url}{urls.directive_url(D57.slug)}", wait_until="networkidle")
    preview = page.locator(f"#{urls.CARD_ANCHOR}")
    preview.scroll_into_view_if_needed()
    image = preview.locator("img")
    image.evaluate("img => img.complete || new Promise(done => img.onload = done)")
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [WIDTH, HEIGHT]
    box = image.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert preview.locator("li").all_inner_texts() == list(D57.key_points)
    page.screenshot(path=str(tmp_path / "preview.png"))
    button = preview.get_by_role("link", name="Tải ảnh")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "57-ct-tw.png"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert _png_size(saved.read_bytes()) == (WIDTH, HEIGHT)
    assert outside == [] and errors == []
    context.close()


def test_sotay_anh_writes_every_card_as_a_png(tmp_path: Path) -> None:
    from conftest import make_project, run_sotay

    project = make_project(tmp_path / "project")
    done = run_sotay("anh", cwd=project)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (project / urls.CARD_DIR).iterdir())
    assert written == sorted(urls.card_png(d.slug) for d in CORPUS.directives.values())
    for name in written:
        assert _png_size((project / urls.CARD_DIR / name).read_bytes()) == (WIDTH, HEIGHT)
    assert not (project / "site").exists()  # the site folder is not touched


def test_a_document_without_a_number_is_named_by_its_issuer() -> None:
    d = next(d for d in CORPUS.directives.values() if d.number is None)
    card = layout(d, SITE)
    in_band = " ".join(line.text for line in card.lines if line.y < card.band)
    assert in_band == f"{DOC_TYPES[d.type].upper()} {d.issuer}"
    assert any(line.text.startswith("Không ghi số hiệu") for line in card.lines)


def test_serve_draws_again_only_the_cards_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.core.memo import Memo
    from builder.outputs import card as module

    drawn: list[str] = []
    real = module.card_svg

    def counted(d: Directive, site_name: str) -> str:
        drawn.append(d.slug)
        return real(d, site_name)

    monkeypatch.setattr(module, "card_svg", counted)
    cache: Memo[bytes] = Memo()
    first = module.card_files(CORPUS, SITE, cache)
    assert sorted(drawn) == sorted(CORPUS.directives)
    drawn.clear()
    assert module.card_files(CORPUS, SITE, cache) == first and drawn == []
    fewer = dataclasses.replace(D57, key_points=D57.key_points[:3])
    changed = dataclasses.replace(CORPUS, directives={**CORPUS.directives, D57.slug: fewer})
    again = module.card_files(changed, SITE, cache)
    assert drawn == [D57.slug] and again[urls.card_url(D57.slug)] != first[urls.card_url(D57.slug)]


def test_without_canvas_export_tai_anh_downloads_the_svg(browser: Any, strict_url: str) -> None:
    """A browser that cannot make the PNG (no `toBlob`) still gets the card: the SVG itself."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    context.add_init_script("HTMLCanvasElement.prototype.toBlob = undefined;")
    page = context.new_page()
    page.goto(f"{strict_url}{urls.directive_url(D57.slug)}", wait_until="networkidle")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải ảnh").click()
    assert download.value.suggested_filename == "57-ct-tw.svg"
    assert ET.fromstring(Path(download.value.path()).read_text(encoding="utf-8")).get("width") == (
        str(WIDTH)
    )
    context.close()


def test_a_card_loads_nothing(repo_site: Path) -> None:
    """No link, picture or font from anywhere: an SVG may hold them, ours never does."""
    cards = sorted(repo_site.rglob(urls.CARD))
    assert len(cards) == len(CORPUS.directives)
    for card in cards:
        svg = card.read_text(encoding="utf-8")
        assert "href" not in svg and "url(" not in svg and "@import" not in svg, card
