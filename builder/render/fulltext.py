"""A full text (toàn văn) as HTML: its body's blocks, then the page laid out as on paper."""

from __future__ import annotations

from markupsafe import Markup

from builder.model import FullText
from builder.read.fulltext import Block
from builder.read.markdown import PARSER
from builder.render.templating import ENV


def render_blocks(blocks: list[Block]) -> str:
    """The body as an HTML fragment: headings with anchors, numbered points, lists, tables."""
    rendered = [(block, _block_html(block)) for block in blocks]
    html: str = ENV.get_template("fulltext_body.html").render(blocks=rendered)
    return html


def _block_html(block: Block) -> Markup:
    if block.kind == "table":
        return Markup(PARSER.render(block.markdown))
    return inline(block.markdown)


def inline(text: str) -> Markup:
    """Inline Markdown (bold, italic, escapes) to HTML; raw HTML comes out as text."""
    return Markup(str(PARSER.renderInline(text)).strip())


def render_fulltext_html(fulltext: FullText) -> str:
    """The full text laid out as on paper: header columns, name, body, recipients, signature."""
    html: str = ENV.get_template("fulltext.html").render(ft=fulltext, body=Markup(fulltext.html))
    return html
