"""Render a directive's body to HTML with the one markdown-it-py parser."""

from __future__ import annotations

from markupsafe import Markup, escape

from builder.markdown import PARSER
from builder.model import Directive
from builder.sections import REQUIRED


def render_tokens(directive: Directive, start: int, end: int) -> str:
    body = directive.body
    return PARSER.renderer.render(body.tokens[start:end], PARSER.options, body.env)


def render_body(directive: Directive) -> Markup:
    """The body as HTML, with a notice where the author declared a section absent."""
    tokens = directive.body.tokens
    cuts = _absent_cuts(directive, len(tokens))
    html, position = [], 0
    for cut, key in cuts:
        html.append(render_tokens(directive, position, cut))
        html.append(absent_notice(directive, key))
        position = cut
    html.append(render_tokens(directive, position, len(tokens)))
    return Markup("".join(html))


def _absent_cuts(directive: Directive, total: int) -> list[tuple[int, str]]:
    """Token index before which each absent section's notice goes."""
    tokens = directive.body.tokens
    starts = {
        s.key: next(i for i, t in enumerate(tokens) if t.attrGet("id") == s.anchor)
        for s in directive.sections
        if s.key
    }
    end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), total)
    order = list(REQUIRED)
    cuts = []
    for key in directive.absent:
        later = [starts[k] for k in order[order.index(key) + 1 :] if k in starts]
        cuts.append((min(later) if later else end, key))
    return sorted(cuts)


def absent_notice(directive: Directive, key: str) -> str:
    reason = escape(directive.absent_reason or "Nguồn không nêu phần này.")
    return (
        f'<h2 id="{key}">{escape(REQUIRED[key])}</h2>\n'
        f'<p class="vb-absent">{reason} Báo cáo viên tự liên hệ với tình hình thực tế '
        "của chi bộ, cơ quan, đơn vị mình.</p>\n"
    )


def render_markdown(text: str) -> str:
    """Parse and render a Markdown fragment exactly as directive bodies are."""
    from builder.markdown import parse

    body = parse(text)
    return PARSER.renderer.render(body.tokens, PARSER.options, body.env)
