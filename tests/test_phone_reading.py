"""Reading on a 360×740 phone in Debian's Chromium: the parts of a long page one tap away, the
summary's first part on the first screens, breadcrumbs, the neighbours in each campaign, text
size, the dark scheme, the "Cập nhật" date and document numbers kept whole."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_contrast import CONTRASTS_JS, MIN_RATIO

from builder.pipeline import load_corpus
from builder.render.pages import directive_page
from conftest import REPO, make_project, run_sotay, serve_directory

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")


def _top(page: Any, selector: str) -> float:
    """Distance from the top of the document to the element, in CSS pixels."""
    return float(
        page.evaluate(
            "s => document.querySelector(s).getBoundingClientRect().top + scrollY", selector
        )
    )


@pytest.mark.parametrize(
    ("path", "first", "part"),
    [
        (
            "/van-ban/57-ct-tw/",
            ".vb-body h2",
            "Gợi ý liên hệ, vận dụng với chi bộ, đảng viên",
        ),
        ("/van-ban/57-ct-tw/toan-van/", ".tv-body h2", None),
    ],
    ids=["summary", "full-text"],
)
def test_a_part_of_a_long_page_is_one_tap_from_the_top(
    phone: Any, site_url: str, path: str, first: str, part: str | None
) -> None:
    _open(phone, site_url + path)
    assert phone.evaluate("document.documentElement.scrollHeight") > 10 * PHONE["height"]
    if path.endswith("/57-ct-tw/"):  # the summary's first part within the first two screens
        assert _top(phone, first) < 2 * PHONE["height"]
    phone.get_by_role("button", name="Mục lục").first.click()
    sheet = phone.get_by_role("dialog", name="Mục lục")
    assert sheet.is_visible()
    links = sheet.get_by_role("link")
    choice = links.filter(has_text=part) if part else links.last
    name = choice.first.inner_text()
    anchor = choice.first.get_attribute("href")
    choice.first.click()
    phone.wait_for_function("() => !document.getElementById('sotay-toc').open")
    assert not sheet.is_visible()
    assert phone.evaluate("location.hash") == anchor
    heading = phone.locator(anchor)
    assert heading.inner_text().strip() == name
    box = heading.bounding_box()
    header = phone.locator(".md-header").bounding_box()
    assert header["height"] <= box["y"] < PHONE["height"] / 2
    assert phone.evaluate("document.activeElement.id") == anchor[1:]


def test_the_contents_open_and_close_from_the_keyboard(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/van-ban/20-ctr-tu/")
    button = phone.get_by_role("button", name="Mục lục").first
    assert button.get_attribute("aria-haspopup") == "dialog"
    button.focus()
    phone.keyboard.press("Enter")
    sheet = phone.get_by_role("dialog", name="Mục lục")
    assert sheet.is_visible()
    assert phone.evaluate("document.getElementById('sotay-toc').contains(document.activeElement)")
    phone.keyboard.press("Escape")
    assert not sheet.is_visible()
    assert phone.evaluate("document.activeElement.hasAttribute('data-sotay-toc-open')")
    button.click()
    phone.get_by_role("button", name="Đóng").click()
    assert not sheet.is_visible()


def test_the_contents_list_names_the_boxes_moved_below_the_summary(
    phone: Any, site_url: str
) -> None:
    _open(phone, f"{site_url}/van-ban/57-ct-tw/")
    names = phone.locator("#sotay-toc a").all_inner_texts()
    assert names[0] == "Bối cảnh, sự cần thiết ban hành Chỉ thị"
    assert names[-2:] == ["Có trong đợt học tập", "Văn bản liên quan"]
    body = _top(phone, ".vb-body")
    assert _top(phone, "#trong-dot-hoc-tap") > body
    assert _top(phone, "#van-ban-lien-quan") > _top(phone, "#trong-dot-hoc-tap")


COVERED_JS = """() => {
  const fab = document.querySelector('.sotay-toc-open');
  if (!fab || fab.getClientRects().length === 0) return [];
  const f = fab.getBoundingClientRect();
  return [...document.querySelectorAll('a[href], button, input, select, summary')]
    .filter(e => e !== fab && !fab.contains(e) && e.getClientRects().length > 0
      && !e.closest('dialog'))
    .filter(e => {
      const r = e.getBoundingClientRect();
      return r.bottom > f.top && r.top < f.bottom && r.right > f.left && r.left < f.right
        && r.bottom > 0 && r.top < innerHeight;
    })
    .map(e => e.textContent.trim() || e.outerHTML.slice(0, 60));
}"""


ON_SCREEN_JS = """() => [...document.querySelectorAll('[data-sotay-toc-open]')]
  .filter(e => { const r = e.getBoundingClientRect();
    return e.getClientRects().length > 0 && r.bottom > 0 && r.top < innerHeight; })
  .map(e => e.classList.contains('sotay-toc-inline') ? 'sotay-toc-inline' : 'sotay-toc-open')"""


@pytest.mark.parametrize("path", ["/van-ban/57-ct-tw/", "/van-ban/57-ct-tw/toan-van/"])
def test_the_floating_contents_button_hides_no_button_at_the_top_or_the_end(
    phone: Any, site_url: str, path: str
) -> None:
    _open(phone, site_url + path)
    assert phone.evaluate(COVERED_JS) == []
    # At the top "Mục lục" sits in the page's own row of buttons, and only there.
    assert phone.evaluate(ON_SCREEN_JS) == ["sotay-toc-inline"]
    phone.evaluate("scrollTo(0, 2 * innerHeight)")
    phone.wait_for_function(
        "() => document.querySelector('.sotay-toc-open').getClientRects().length"
    )
    assert phone.evaluate(ON_SCREEN_JS) == ["sotay-toc-open"]
    phone.evaluate("scrollTo(0, document.documentElement.scrollHeight)")
    phone.wait_for_timeout(100)
    assert phone.evaluate(COVERED_JS) == []


def test_a_wide_screen_keeps_material_contents_sidebar(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport=WIDE)
    _open(page, f"{site_url}/van-ban/57-ct-tw/")
    assert page.locator("[data-sotay-toc-open]:visible").count() == 0
    assert page.locator(".md-sidebar--secondary [data-md-component=toc]").is_visible()
    page.close()


def test_breadcrumbs_lead_to_pages_that_exist(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/van-ban/20-ctr-tu/")
    crumbs = phone.get_by_role("navigation", name="Bạn đang ở")
    assert crumbs.locator("li").all_inner_texts() == [
        "Trang chủ",
        "Văn bản",
        "Cấp tỉnh",
        "20-CTr/TU",
    ]
    assert crumbs.locator("[aria-current=page]").inner_text() == "20-CTr/TU"
    hrefs = [a.evaluate("a => a.href") for a in crumbs.locator("a").all()]
    assert hrefs == [f"{site_url}/", f"{site_url}/van-ban/", f"{site_url}/van-ban/cap/tinh/"]
    for href in hrefs:
        assert phone.request.get(href).status == 200
    crumbs.get_by_role("link", name="Cấp tỉnh").click()
    phone.wait_for_url(f"{site_url}/van-ban/cap/tinh/")


def _campaign_documents(page: Any, url: str) -> list[str]:
    """The document pages a campaign page links in its list, in the guide's order."""
    _open(page, url)
    links = page.locator(".dht-list a[href*='van-ban/']").all()
    return [a.evaluate("a => new URL(a.href).pathname") for a in links]


def test_previous_and_next_in_each_campaign_of_a_document(phone: Any, site_url: str) -> None:
    """18-CTr/TU is in two campaigns: one pair for each, named by its campaign, each agreeing
    with the order of that campaign's own page."""
    _open(phone, f"{site_url}/van-ban/18-ctr-tu/")
    campaigns = phone.locator("#trong-dot-hoc-tap > ul > li")
    assert campaigns.count() == 2
    seen = []
    for i in range(2):
        item = phone.locator("#trong-dot-hoc-tap > ul > li").nth(i)
        label = item.locator("> a").inner_text()
        campaign = item.locator("> a").evaluate("a => a.href")
        pager = item.get_by_role("navigation")
        assert pager.get_attribute("aria-label") == f"Văn bản trước, văn bản sau trong {label}"
        shown = {
            rel: pager.locator(f"a[rel={rel}]").evaluate("a => new URL(a.href).pathname")
            for rel in ("prev", "next")
            if pager.locator(f"a[rel={rel}]").count()
        }
        order = _campaign_documents(phone, campaign)
        at = order.index("/van-ban/18-ctr-tu/")
        expected = {}
        if at > 0:
            expected["prev"] = order[at - 1]
        if at + 1 < len(order):
            expected["next"] = order[at + 1]
        assert shown == expected
        seen.append(label)
        _open(phone, f"{site_url}/van-ban/18-ctr-tu/")
    assert len(set(seen)) == 2
    phone.locator("#trong-dot-hoc-tap a[rel=next]").first.click()
    phone.wait_for_load_state()
    back = phone.locator("#trong-dot-hoc-tap a[rel=prev]").all_inner_texts()
    assert "‹ Văn bản trước 18-CTr/TU" in [" ".join(t.split()) for t in back]


def test_the_back_to_top_button_says_where_it_goes(phone: Any, site_url: str) -> None:
    _open(phone, f"{site_url}/van-ban/57-ct-tw/")
    phone.mouse.wheel(0, 3000)
    phone.wait_for_timeout(300)
    phone.mouse.wheel(0, -400)
    top = phone.locator(".md-top")
    top.wait_for(state="visible")
    assert top.inner_text().strip() == "Lên đầu trang"


def test_full_text_is_left_aligned_on_a_phone_and_justified_when_wide(
    browser: Any, site_url: str
) -> None:
    aligned = {}
    for name, viewport in (("phone", PHONE), ("wide", WIDE)):
        page = browser.new_page(viewport=viewport)
        _open(page, f"{site_url}/van-ban/57-ct-tw/toan-van/")
        aligned[name] = page.eval_on_selector(".tv-body p", "p => getComputedStyle(p).textAlign")
        page.close()
    assert aligned == {"phone": "start", "wide": "justify"}


@pytest.mark.parametrize(
    "path", ["/van-ban/57-ct-tw/", "/van-ban/xa-ke-hoach-tuyen-truyen-57-ct-tw/"]
)
def test_document_numbers_stay_on_one_line_and_copy_with_a_plain_hyphen(
    phone: Any, site_url: str, path: str
) -> None:
    _open(phone, site_url + path)
    numbers = phone.eval_on_selector_all(
        ".nw, .vb-chain strong, article.vb:not(.dht) .vb-meta > div:first-child dd",
        "els => els.map(e => [e.textContent, e.getClientRects().length])",
    )
    assert len(numbers) >= 4
    assert [n for n in numbers if "-" in n[0] and n[1] != 1] == []
    phone.eval_on_selector(".vb-number", "e => getSelection().selectAllChildren(e)")
    copied = phone.evaluate("getSelection().toString()")
    assert copied == phone.eval_on_selector(".vb-number", "e => e.textContent")
    assert copied in {"57-CT/TW", "Kế hoạch của Ban Thường vụ Đảng ủy xã"}
    assert "\u2011" not in phone.evaluate("document.body.innerText")


LOOSE_NUMBERS_JS = r"""() => {
  const number = /(^|[^\p{L}\p{N}])(\d{1,4}[A-Za-z]?-\p{L}{1,6}(?:-\p{L}{1,6})?\/\p{L}{1,10})/u;
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const loose = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const found = node.textContent.match(number);
    if (!found || node.parentElement.closest('.nw, .vb-number, .vb-meta, script, style')) continue;
    const whole = node.parentElement.closest('strong, a');
    if (whole && whole.textContent.trim() === found[2]) continue;
    loose.push(found[2] + ' in ' + node.parentElement.tagName);
  }
  return loose;
}"""


@pytest.mark.parametrize(
    "path",
    ["/van-ban/57-ct-tw/", "/van-ban/57-ct-tw/toan-van/", "/van-ban/20-ctr-tu/de-cuong/"],
)
def test_every_document_number_in_the_text_is_kept_whole(
    phone: Any, site_url: str, path: str
) -> None:
    """A number inside a sentence ("thực hiện Chỉ thị số 57-CT/TW, …") stays on one line too."""
    _open(phone, site_url + path)
    assert phone.evaluate(LOOSE_NUMBERS_JS) == []
    inside = phone.eval_on_selector_all(
        "article p .nw, article li .nw", "els => els.map(e => e.getClientRects().length)"
    )
    assert inside and set(inside) == {1}


def _reading_size(page: Any) -> float:
    return float(
        page.eval_on_selector(".vb-body p", "p => parseFloat(getComputedStyle(p).fontSize)")
    )


# Records the text size attribute at the moment the article enters the document: a size set
# only after the page had been painted would be missing then.
SIZE_AT_PARSE = """
new MutationObserver((records, observer) => {
  if (document.querySelector('article.vb')) {
    window.sizeAtParse = document.documentElement.getAttribute('data-sotay-size');
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_text_size_grows_is_remembered_and_applied_before_the_text(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SIZE_AT_PARSE)
    page = context.new_page()
    _open(page, f"{site_url}/van-ban/57-ct-tw/")
    normal = _reading_size(page)
    page.get_by_role("button", name="A+ chữ to hơn").click()
    assert _reading_size(page) == pytest.approx(normal * 1.15, abs=0.1)
    page.get_by_role("button", name="A+ chữ to hơn").click()
    assert _reading_size(page) == pytest.approx(normal * 1.3, abs=0.1)
    _open(page, f"{site_url}/van-ban/20-ctr-tu/")
    assert page.evaluate("window.sizeAtParse") == "130"
    assert _reading_size(page) == pytest.approx(normal * 1.3, abs=0.1)
    smaller = page.get_by_role("button", name="A− chữ nhỏ hơn")
    for _ in range(3):  # 130 → 115 → 100 → 90, the smallest
        smaller.click()
    assert _reading_size(page) == pytest.approx(normal * 0.9, abs=0.1)
    assert smaller.get_attribute("aria-disabled") == "true"
    assert page.evaluate("localStorage.getItem('sotay:co-chu')") == "90"
    context.close()


@pytest.mark.parametrize(("phone_scheme", "shown"), [("light", "default"), ("dark", "slate")])
def test_the_scheme_follows_the_phone_and_the_toggle_is_remembered(
    browser: Any, site_url: str, phone_scheme: str, shown: str
) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=phone_scheme)
    page = context.new_page()
    _open(page, f"{site_url}/van-ban/57-ct-tw/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == shown
    toggle = page.locator("label[for^='__palette']:visible")
    assert toggle.get_attribute("title") == "Nền theo điện thoại (bấm để chọn nền sáng)"
    toggle.click()  # → light
    assert page.evaluate(scheme) == "default"
    page.locator("label[for^='__palette']:visible").click()  # → dark
    assert page.evaluate(scheme) == "slate"
    _open(page, f"{site_url}/van-ban/20-ctr-tu/")
    assert page.evaluate(scheme) == "slate"
    context.close()


@pytest.mark.parametrize("phone_scheme", ["light", "dark"])
def test_the_new_controls_are_big_enough_and_readable(
    browser: Any, site_url: str, phone_scheme: str
) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=phone_scheme)
    page = context.new_page()
    _open(page, f"{site_url}/van-ban/57-ct-tw/")
    controls = {
        "A−": "[data-sotay-size-step='-1']",
        "A+": "[data-sotay-size-step='1']",
        "Nền": "label[for^='__palette']:visible",
        "Mục lục": "[data-sotay-toc-open]:visible",
    }
    ratios = {b["text"]: b["ratio"] for b in page.evaluate(CONTRASTS_JS)}
    for name, selector in controls.items():
        box = page.locator(selector).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, name
        if name != "Nền":  # an icon: no text to measure
            assert ratios[page.locator(selector).inner_text().strip()] >= MIN_RATIO, name
    page.locator("[data-sotay-toc-open]:visible").click()
    close = page.get_by_role("button", name="Đóng")
    box = close.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    inside = {b["text"]: b["ratio"] for b in page.evaluate(CONTRASTS_JS)}
    assert inside["Đóng"] >= MIN_RATIO
    context.close()


def _project_with_updated(tmp_path: Path, line: str | None) -> Path:
    shutil.copytree(REPO / "directives", tmp_path / "directives")
    shutil.copytree(REPO / "content", tmp_path / "content")
    if line is not None:
        path = tmp_path / "directives" / "57-ct-tw.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("date: 2025-12-31\n", f"date: 2025-12-31\n{line}\n", 1))
    return tmp_path


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("updated: 2026-03-05", '2026-03-05">05/3/2026'),
        ("updated: 5/3/2026", '2026-03-05">05/3/2026'),
        (None, None),
    ],
)
def test_the_updated_date_comes_from_the_front_matter(
    tmp_path: Path, line: str | None, shown: str | None
) -> None:
    result = load_corpus(_project_with_updated(tmp_path, line))
    assert [d.format() for d in result.diagnostics] == []
    html = directive_page(result.corpus.directives["57-ct-tw"], result.corpus, "../../").html
    row = f'<div class="vb-updated"><dt>Cập nhật</dt><dd><time datetime="{shown}</time></dd></div>'
    if shown is None:
        assert "Cập nhật" not in html
    else:
        assert row in html


def test_the_updated_date_reads_as_on_paper(browser: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    path = project / "directives" / "57-ct-tw.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2025-12-31\n", "date: 2025-12-31\nupdated: 2026-03-05\n"))
    done = run_sotay("build", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert done.returncode == 0, done.stderr
    url, stop = serve_directory(tmp_path / "site")
    try:
        page = browser.new_page(viewport=PHONE)
        _open(page, f"{url}/van-ban/57-ct-tw/")
        # The colon after a label is the card's ::after, as for every other row.
        colon = page.eval_on_selector(
            ".vb-updated dt", "dt => getComputedStyle(dt, '::after').content"
        )
        shown = " ".join(page.locator(".vb-updated").inner_text().split())
        assert shown.replace("Cập nhật", "Cập nhật" + colon.strip('"')) == "Cập nhật: 05/3/2026"
        _open(page, f"{url}/van-ban/20-ctr-tu/")
        assert page.locator(".vb-updated").count() == 0
        page.close()
    finally:
        stop()
