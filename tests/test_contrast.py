"""Every visible button and link-button can be read: text contrast ≥ 4.5:1 against the
background actually painted behind it, resolved up the tree in the browser.

Lighthouse and axe passed white text on a white button; this check computes what a reader sees.
"""

from __future__ import annotations

from typing import Any

import pytest

# Pages a first-time reader meets: home, the document list, a summary, its outline, a full
# text, a campaign and its printed bundle, the reading list, the offline page.
PAGES = (
    "/",
    "/van-ban/",
    "/van-ban/57-ct-tw/",
    "/van-ban/57-ct-tw/de-cuong/",
    "/van-ban/57-ct-tw/toan-van/",
    "/dot-hoc-tap/27-hd-bxdddu/",
    "/dot-hoc-tap/han-thang-5-2026/",
    "/xem-sau/",
    "/khong-co-mang/",
)
VIEWPORTS = ({"width": 360, "height": 740}, {"width": 1280, "height": 800})
SCHEMES = ("light", "dark")
MIN_RATIO = 4.5

# Runs in the page: for each visible button-like element with text, its text colour and the
# background composited from the element up to the root (alpha included).
CONTRASTS_JS = """
() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      layers.push(parse(getComputedStyle(node).backgroundColor));
    }
    let colour = [255, 255, 255, 1];  // the canvas
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const selector = 'button, .md-button, [role="button"], input[type="button"], input[type="submit"]';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = (el.innerText || el.value || '').trim();
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!text || box.width === 0 || box.height === 0) continue;
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue;
    const back = background(el);
    const fore = over(parse(style.color), back);
    const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
    out.push({text: text.slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05)});
  }
  return out;
}
"""


def _contrasts(browser: Any, url: str, viewport: dict[str, int], scheme: str) -> list[Any]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    found: list[Any] = page.evaluate(CONTRASTS_JS)
    context.close()
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
@pytest.mark.parametrize("path", PAGES)
def test_every_visible_button_has_readable_text(
    browser: Any, site_url: str, path: str, viewport: dict[str, int], scheme: str
) -> None:
    found = _contrasts(browser, site_url + path, viewport, scheme)
    faint = [(b["text"], round(b["ratio"], 2)) for b in found if b["ratio"] < MIN_RATIO]
    assert faint == []


def test_the_print_buttons_are_checked(browser: Any, site_url: str) -> None:
    """The check sees the buttons that were once invisible, so it cannot pass by finding none."""
    for path, label in (
        ("/van-ban/57-ct-tw/", "In đề cương"),
        ("/dot-hoc-tap/27-hd-bxdddu/", "In tất cả đề cương"),
    ):
        found = _contrasts(browser, site_url + path, VIEWPORTS[0], "light")
        assert label in [b["text"] for b in found]


def test_white_on_white_is_caught(browser: Any) -> None:
    page = browser.new_page()
    page.set_content(
        '<div style="background:#fff"><a class="md-button" style="color:#fff">In</a></div>'
    )
    found = page.evaluate(CONTRASTS_JS)
    page.close()
    assert [round(b["ratio"], 2) for b in found] == [1.0]
