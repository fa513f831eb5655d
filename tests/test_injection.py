"""No script from a source file ever runs: a generated injection suite.

Every front-matter field of a directive (read from `core/schema.FIELDS`, so a new field is
covered at once), every text value of a campaign file (walked from the file itself) and every
field of a hand-written page (`core/schema.CONTENT_FIELDS`) gets a payload; so do a heading and
a link of a summary and of a hand-written page, whose raw HTML must be refused. Values a rule rejects are safe already (the build refuses
them); all the accepted ones are built together, every page of the site is opened in Chromium
with a dialog trap and a network trap, and a search shows them in its results.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.core.schema import (
    BULLETIN_FIELDS,
    CONTENT_FIELDS,
    FIELDS,
    LANGUAGE_FIELDS,
    TRANSLATION_TEXT_FIELDS,
)
from builder.pipeline import load_corpus
from builder.read.source import load_source
from conftest import make_project, run_sotay, serve_directory

DIRECTIVE = "directives/57-ct-tw.md"
CAMPAIGN = "content/dot-hoc-tap/27-hd-bxdddu.md"
PAGE = "content/thu-nghiem/trang.md"
"""A hand-written page, in a folder: its links are rewritten relative to it."""
TRANSLATION = "directives/dich/hnj/57-ct-tw.md"
LANGUAGES = "directives/dich/ngon-ngu.yml"


def payload(n: int) -> str:
    """Script tags, an event handler, a quote that ends an attribute, a tag that ends <title>,
    a refresh to another host, a `javascript:` link and a Jinja expression, marked `Pn`."""
    return (
        f'P{n}</title><meta http-equiv="refresh" content="0;url=http://x.invalid/">'
        f'<script>window.pwned={n};alert({n})</script><img src=x onerror="alert({n})">'
        f"\" ' {{{{ {n}*7 }}}} [bấm](javascript:alert({n}))"
    )


def _write(path: Path, meta: dict[str, Any], body: str) -> None:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def _source(project: Path, rel: str) -> tuple[dict[str, Any], str]:
    source, problems = load_source(project, project / rel)
    assert source is not None, problems
    return dict(source.meta), source.body


def _accepted(project: Path, rel: str, meta: dict[str, Any], body: str) -> bool:
    _write(project / rel, meta, body)
    return not any(d.is_error and d.path == rel for d in load_corpus(project).diagnostics)


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths of every text value in a YAML tree."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*path, index))
    elif isinstance(value, str):
        yield path


def _set(tree: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _directive_payloads(project: Path, counter: Iterator[int]) -> list[str]:
    meta, body = _source(project, DIRECTIVE)
    original = dict(meta)
    accepted: dict[str, Any] = {}
    for field in FIELDS:
        n = next(counter)
        value: Any = [payload(n)] if isinstance(original.get(field.key), list) else payload(n)
        if _accepted(project, DIRECTIVE, {**original, field.key: value}, body):
            accepted[field.key] = value
    pairs = [key_point_payload(next(counter)) for _ in range(3)]
    body = body.replace("\n## ", "\nĐoạn " + " ".join(f"{md}." for _, md in pairs) + "\n\n## ", 1)
    points = [point for point, _ in pairs]
    if _accepted(project, DIRECTIVE, {**original, "key_points": points}, body):
        accepted["key_points"] = points
    n_heading, n_link = next(counter), next(counter)
    body = body.replace(
        "\n## ", f"\n### {payload(n_heading)}\n\nĐoạn [{payload(n_link)}](#x).\n\n## ", 1
    )
    _write(project / DIRECTIVE, {**original, **accepted}, body)
    return sorted(accepted)


def key_point_payload(n: int) -> tuple[str, str]:
    """A key point (`Kn`) holding what would break the share card's SVG or run in it: a script
    tag, the end of a CDATA section, an ampersand, quotes, a Jinja expression; and the same
    words as the body may hold them (raw HTML is an error there, so `<` and `&` escaped; `*`
    too, or Markdown reads it as emphasis)."""
    point = f"K{n} <script>window.pwned={n}</script> ]]> & \" ' {{{{ {n}*7 }}}}"
    return point, point.replace("&", "&amp;").replace("<", "&lt;").replace("*", "\\*")


def _campaign_payloads(project: Path, counter: Iterator[int]) -> list[str]:
    meta, body = _source(project, CAMPAIGN)
    accepted = []
    for path in _leaves(meta):
        trial = yaml.safe_load(yaml.safe_dump(meta, allow_unicode=True))
        _set(trial, path, payload(next(counter)))
        if _accepted(project, CAMPAIGN, trial, body):
            accepted.append(path)
    final = yaml.safe_load(yaml.safe_dump(meta, allow_unicode=True))
    for path in accepted:
        _set(final, path, payload(next(counter)))
    _write(project / CAMPAIGN, final, body)
    return [".".join(map(str, p)) for p in accepted]


def text_payload(n: int) -> str:
    """What a hand-written page's body may hold (raw HTML is an error there): quotes, Jinja,
    entities that decode to a script tag, and `javascript:`/`data:` links in disguises."""
    return (
        f"T{n} \" ' {{{{ {n}*7 }}}} &lt;script&gt;window.pwned={n}&lt;/script&gt; "
        f"[bấm](javascript:alert({n})) [bấm](JaVaScRiPt:alert({n})) "
        f"[bấm](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        f"<javascript:alert({n})> [bấm](java&#09;script:alert({n}))"
    )


RAW_HTML = (
    '<img src=x onerror="window.pwned=1">',
    "<script>window.pwned=1</script>",
    '<a href="javascript:alert(1)">bấm</a>',
    "<!-- --><svg onload=alert(1)>",
)
"""Raw HTML in a hand-written page: each refused with an error, never built."""


def _page_payloads(project: Path, counter: Iterator[int]) -> dict[str, Any]:
    """The hand-written page's accepted fields, its body payload's number, and the raw HTML
    attempts that were accepted (none may be)."""
    (project / PAGE).parent.mkdir(parents=True, exist_ok=True)
    base: dict[str, Any] = {"title": "Trang thử"}
    body = "## Phần một\n\nMột đoạn.\n"
    accepted: dict[str, Any] = {}
    for field in CONTENT_FIELDS:
        n = next(counter)
        value: Any = [payload(n)] if field.key in ("hide", "contact_ok") else payload(n)
        if _accepted(project, PAGE, {**base, field.key: value}, body):
            accepted[field.key] = value
    html_accepted = [
        html for html in RAW_HTML if _accepted(project, PAGE, base, f"{body}\nCâu {html} câu.\n")
    ]
    n_heading, n_link = next(counter), next(counter)
    body += f"\n### {text_payload(n_heading)}\n\nĐoạn [{text_payload(n_link)}](#x).\n"
    _write(project / PAGE, {**base, **accepted}, body)
    assert _accepted(project, PAGE, {**base, **accepted}, body)
    return {"fields": sorted(accepted), "raw_html": html_accepted, "body": n_heading}


BULLETIN = "directives/phat-thanh/ban-tin.md"


def _bulletin_payloads(project: Path, counter: Iterator[int]) -> dict[str, Any]:
    """Every field of a loudspeaker bulletin (`core/schema.BULLETIN_FIELDS`) and its body: the
    accepted fields, and the body payload's number."""
    (project / BULLETIN).parent.mkdir(parents=True, exist_ok=True)
    base: dict[str, Any] = {
        "title": "Bản tin thử",
        "for": "57-CT/TW",
        "author": "Người viết thử",
        "date": "2026-06-01",
    }
    body = "## Phần một\n\nMột đoạn.\n"
    accepted: dict[str, Any] = {}
    for field in BULLETIN_FIELDS:
        n = next(counter)
        value: Any = [payload(n)] if field.key == "contact_ok" else payload(n)
        if _accepted(project, BULLETIN, {**base, field.key: value}, body):
            accepted[field.key] = value
    n_heading, n_text = next(counter), next(counter)
    body += f"\n### {payload(n_heading)}\n\nĐoạn {payload(n_text)}.\n"
    _write(project / BULLETIN, {**base, **accepted}, body)
    assert _accepted(project, BULLETIN, {**base, **accepted}, body)
    return {"fields": sorted(accepted), "body": n_text}


def _translation_payloads(project: Path, counter: Iterator[int]) -> dict[str, Any]:
    """A test language whose every text value of the table (`core/schema.LANGUAGE_FIELDS`:
    names, and each heading, written in the body with entities that decode to a script) and
    every shown field of a translation (`TRANSLATION_TEXT_FIELDS`) carries a payload."""
    (project / TRANSLATION).parent.mkdir(parents=True, exist_ok=True)
    numbers = {key: next(counter) for key in ("boi-canh", "noi-dung", "goi-y")}
    written = {
        k: f"H{n} \" ' {{{{ {n}*7 }}}} &lt;script&gt;window.pwned={n}&lt;/script&gt;"
        for k, n in numbers.items()
    }
    decoded = {k: v.replace("&lt;", "<").replace("&gt;", ">") for k, v in written.items()}
    entry: dict[str, Any] = {}
    for spec in LANGUAGE_FIELDS:
        entry[spec.key] = decoded if spec.key == "headings" else payload(next(counter))
    (project / LANGUAGES).write_text(
        yaml.safe_dump({"hnj": entry}, allow_unicode=True, width=10_000), encoding="utf-8"
    )
    body = "".join(f"## {written[k]}\n\nTxoj thử {numbers[k]}. (VĂN BẢN THỬ)\n\n" for k in written)
    base = {"lang": "hnj", "translator": "Người dịch thử", "date": "2030-01-01"}
    accepted = {}
    for key in TRANSLATION_TEXT_FIELDS:
        value = payload(next(counter))
        if _accepted(project, TRANSLATION, {**base, key: value}, body):
            accepted[key] = value
    _write(project / TRANSLATION, {**base, **accepted}, body)
    assert _accepted(project, TRANSLATION, {**base, **accepted}, body)
    return {"fields": sorted(accepted), "table": sorted(entry)}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Any]]:
    project = make_project(tmp_path_factory.mktemp("hostile"))
    counter = iter(range(1, 10_000))
    fields = {
        "directive": _directive_payloads(project, counter),
        "campaign": _campaign_payloads(project, counter),
        "page": _page_payloads(project, counter),
        "bulletin": _bulletin_payloads(project, counter),
        "translation": _translation_payloads(project, counter),
    }
    site = project / "site"
    done = run_sotay("--root", str(project), "build", "--site-dir", str(site))
    assert done.returncode == 0, done.stderr
    url, stop = serve_directory(site)
    yield url, site, fields
    stop()
    shutil.rmtree(project, ignore_errors=True)


def test_the_payloads_reach_the_free_text_fields(hostile_site: tuple[str, Path, Any]) -> None:
    """The suite is not vacuous: the free-text fields took their payload and were built."""
    _, _, fields = hostile_site
    assert {"title", "issuer", "tags", "source", "key_points"} <= set(fields["directive"])
    assert {"title", "issuer", "audience"} <= set(fields["campaign"])
    assert {"title", "description"} <= set(fields["page"]["fields"])
    assert fields["page"]["raw_html"] == []  # raw HTML in a hand-written page is refused
    assert {"title", "author", "approved_by"} <= set(fields["bulletin"]["fields"])
    assert fields["translation"]["fields"] == sorted(TRANSLATION_TEXT_FIELDS)
    assert fields["translation"]["table"] == sorted(f.key for f in LANGUAGE_FIELDS)


def _open(browser: Any, url: str) -> tuple[list[str], list[str], Any, str]:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def trap(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", trap)
    page.goto(url, wait_until="networkidle")
    return dialogs, outside, page, page.url


def test_no_page_runs_a_script_or_leaves_the_server(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    url, site, _ = hostile_site
    pages = sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if not p.name.startswith("_")
    )
    ran, left = {}, {}
    for path in pages:
        dialogs, outside, page, landed = _open(browser, f"{url}/{path}")
        if dialogs or page.evaluate("window.pwned") is not None:
            ran[path] = dialogs
        if outside or not landed.startswith(url):
            left[path] = outside or [landed]
        page.close()
    assert len(pages) > 20
    assert ran == {} and left == {}


def test_the_payload_is_shown_as_text(browser: Any, hostile_site: tuple[str, Path, Any]) -> None:
    url, _, _ = hostile_site
    _, _, page, _ = _open(browser, f"{url}/van-ban/57-ct-tw/")
    text = page.inner_text("body")
    title = page.title()
    page.close()
    assert re.search(r"P\d+</title><meta http-equiv=", text)
    assert "<script>window.pwned=" in title


def test_search_results_show_the_payload_as_text(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    url, _, _ = hostile_site
    dialogs, _, page, _ = _open(browser, f"{url}/")
    page.click("label[for=__search].md-header__button")
    page.fill("input[name=q]", "57-CT/TW")
    page.wait_for_function(
        "() => document.querySelector('[data-sotay-results]').getAttribute('data-query') === '57-CT/TW'"
    )
    shown = page.inner_text("[data-sotay-results]")
    pwned = page.evaluate("window.pwned")
    page.close()
    assert dialogs == [] and pwned is None
    assert "</title><meta" in shown


def test_a_hand_written_page_shows_its_payloads_as_text(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    url, _, fields = hostile_site
    dialogs, _, page, _ = _open(browser, f"{url}/thu-nghiem/trang/")
    text = page.inner_text("article")
    title = page.title()
    description = page.get_attribute("meta[name=description]", "content")
    links = page.eval_on_selector_all("article a", "links => links.map(a => a.href)")
    pwned = page.evaluate("window.pwned")
    page.close()
    n = fields["page"]["body"]
    assert dialogs == [] and pwned is None
    assert re.search(r"P\d+</title><meta http-equiv=", text)  # the title, as the page's <h1>
    assert "<script>window.pwned=" in title and "<script>window.pwned=" in (description or "")
    assert f"T{n} \" ' {{{{ {n}*7 }}}} <script>window.pwned={n}</script>" in text
    assert [h for h in links if not h.startswith(url)] == []


def test_a_bulletin_shows_its_payloads_as_text(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    url, _, fields = hostile_site
    dialogs, _, page, _ = _open(browser, f"{url}/phat-thanh/ban-tin/")
    text = page.inner_text("article")
    title = page.title()
    pwned = page.evaluate("window.pwned")
    page.close()
    n = fields["bulletin"]["body"]
    assert dialogs == [] and pwned is None
    assert re.search(r"P\d+</title><meta http-equiv=", text)  # title, author, approved_by
    assert "<script>window.pwned=" in title
    assert f"Đoạn P{n}</title><meta http-equiv=" in text


def test_a_translation_shows_its_payloads_as_text(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    """The translation's page: language names, headings, translator as text; and the summary's
    link to it, and a search result naming its language, as text too."""
    url, _, _ = hostile_site
    dialogs, _, page, _ = _open(browser, f"{url}/van-ban/57-ct-tw/hnj/")
    text = page.inner_text("article")
    pwned = page.evaluate("window.pwned")
    page.close()
    assert dialogs == [] and pwned is None
    assert len(re.findall(r"P\d+</title><meta http-equiv=", text)) >= 3  # names, translator
    assert len(re.findall(r"H\d+ \" ' \{\{ \d+\*7 \}\} <script>window.pwned=", text)) == 3
    dialogs, _, page, _ = _open(browser, f"{url}/tim-kiem/?q=txoj")
    page.wait_for_function(
        "() => document.querySelector('[data-sotay-page-results]')?.getAttribute('data-query')"
        " === 'txoj'"
    )
    shown = page.inner_text("[data-sotay-page-results]")
    pwned = page.evaluate("window.pwned")
    page.close()
    assert dialogs == [] and pwned is None
    assert "khớp trong bản P" in shown and "</title><meta" in shown


def test_the_share_card_shows_its_payloads_as_text(
    browser: Any, hostile_site: tuple[str, Path, Any]
) -> None:
    """An SVG is XML and, opened by itself, a document that may run scripts: the title's and
    the key points' payloads are escaped text in it, and opening it runs nothing."""
    import xml.etree.ElementTree as ET

    from builder.core import urls

    url, site, _ = hostile_site
    svg = (site / urls.card_url("57-ct-tw")).read_text(encoding="utf-8")
    root = ET.fromstring(svg)  # well-formed, or this raises
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert len(re.findall(r"K\d+ <script>window\.pwned=\d+</script> \]\]> & \" '", texts)) == 3
    assert "<script" not in svg and "]]>" not in svg
    assert "</title><meta http-equiv=" in (
        root.find("{http://www.w3.org/2000/svg}title").text or ""
    )
    dialogs, outside, page, _ = _open(browser, f"{url}/{urls.card_url('57-ct-tw')}")
    pwned = page.evaluate("window.pwned")
    page.close()
    assert dialogs == [] and outside == [] and pwned is None
