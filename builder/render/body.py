"""Render a directive's body to HTML with the one markdown-it-py parser."""

from __future__ import annotations

from builder.read.markdown import PARSER, ParsedBody, parse
from builder.read.sections import REQUIRED, RawSection
from builder.render.templating import ENV


def render_body(
    body: ParsedBody, sections: list[RawSection], absent: tuple[str, ...], reason: str
) -> str:
    """The body as HTML, with a notice where the author declared a section absent."""
    html, position = [], 0
    for cut, key in _absent_cuts(body, sections, absent):
        html.append(render_range(body, position, cut))
        html.append(absent_notice(key, reason))
        position = cut
    html.append(render_range(body, position, len(body.tokens)))
    return "".join(html)


def render_range(body: ParsedBody, start: int, end: int) -> str:
    """Tokens `start:end` of a body as HTML (the one renderer; raw HTML off)."""
    html: str = PARSER.renderer.render(body.tokens[start:end], PARSER.options, body.env)
    return html


def _absent_cuts(
    body: ParsedBody, sections: list[RawSection], absent: tuple[str, ...]
) -> list[tuple[int, str]]:
    """Token index before which each absent section's notice goes."""
    starts = {s.key: s.start for s in sections if s.key}
    tokens = body.tokens
    end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
    order = list(REQUIRED)
    cuts = []
    for key in absent:
        later = [starts[k] for k in order[order.index(key) + 1 :] if k in starts]
        cuts.append((min(later) if later else end, key))
    return sorted(cuts)


def absent_notice(key: str, reason: str) -> str:
    """The heading of a part the source lacks, and a notice in its place."""
    html: str = ENV.get_template("absent_notice.html").render(
        key=key, title=REQUIRED[key], reason=reason or "Nguồn không nêu phần này."
    )
    return html


def render_tokens(body: ParsedBody) -> str:
    return render_range(body, 0, len(body.tokens))


def render_markdown(text: str) -> str:
    """Parse and render a Markdown fragment exactly as directive bodies are."""
    return render_tokens(parse(text))
