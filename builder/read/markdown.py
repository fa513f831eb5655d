"""The one Markdown parser (markdown-it-py) used for pages, outlines and search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from builder.core.numbers import WHOLE_NUMBER
from builder.core.text import slugify, unique_anchor


def make_parser() -> MarkdownIt:
    """CommonMark + tables + footnotes; raw HTML is text, unsafe links are not links."""
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.use(footnote_plugin)
    # `[ý chính của đoạn]{.y-chinh}`: the author's own lead for the outline; classes only.
    parser.use(attrs_plugin, after=("span_close",), spans=True, allowed=["class"])
    parser.add_render_rule("text", _text_keeping_numbers_whole)
    return parser


_NO_WRAP = (Token("span_open", "span", 1, attrs={"class": "nw"}), Token("span_close", "span", -1))
"""Around a number (core/numbers.WHOLE_NUMBER): the stylesheet keeps it on one line."""


def _text_keeping_numbers_whole(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A text token, escaped, each document number in it marked to stay on one line."""
    content = tokens[idx].content
    if "-" not in content or "/" not in content:
        return escapeHtml(content)
    parts, position = [], 0
    for match in WHOLE_NUMBER.finditer(content):
        parts.append(escapeHtml(content[position : match.start()]))
        parts.append(self.renderToken(_NO_WRAP, 0, options, env))  # type: ignore[attr-defined]
        parts.append(escapeHtml(match.group()))
        parts.append(self.renderToken(_NO_WRAP, 1, options, env))  # type: ignore[attr-defined]
        position = match.end()
    parts.append(escapeHtml(content[position:]))
    return "".join(parts)


PARSER = make_parser()


@dataclass(slots=True)
class ParsedBody:
    """Tokens of a body with heading anchors assigned, and the parser env (footnotes)."""

    tokens: list[Token]
    env: dict[str, Any] = field(default_factory=dict)


def parse(body: str) -> ParsedBody:
    env: dict[str, Any] = {}
    tokens = PARSER.parse(body, env)
    assign_anchors(tokens)
    return ParsedBody(tokens, env)


def inline_text(token: Token) -> str:
    """Plain text of an inline token (emphasis markers dropped)."""
    if not token.children:
        return token.content
    return "".join(
        child.content for child in token.children if child.type in ("text", "code_inline")
    )


def assign_anchors(tokens: list[Token]) -> None:
    """Give each heading an id folded like slugs: "Định hướng" → "dinh-huong"."""
    taken: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", unique_anchor(slugify(inline_text(tokens[index + 1])), taken))
