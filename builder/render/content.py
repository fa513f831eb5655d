"""A hand-written page's body → HTML fragments, with the one markdown-it-py parser (raw HTML
off), its links to other pages rewritten to their URLs and its list lines kept as cuts."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from builder.core import urls
from builder.core.schema import PAGE_LISTS
from builder.read.markdown import ParsedBody
from builder.render.body import render_range

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LIST_LINE = re.compile(r"^<!-- sotay:([a-z0-9-]+) -->$")


@dataclass(frozen=True, slots=True)
class PageLink:
    """A link of a page to another page, by the target's path inside the content folder."""

    target: str
    line: int
    """0-based line in the body."""


def root_of(src: str) -> str:
    """The relative URL of the site root from the page the engine knows by `src`."""
    return "../" * urls.page_url(src).count("/")


def page_parts(body: ParsedBody, src: str) -> tuple[tuple[tuple[str, str], ...], list[PageLink]]:
    """The body as ("html", fragment) and ("list", name) parts, and its links to pages."""
    links = rewrite_links(body.tokens, posixpath.dirname(src), root_of(src))
    parts: list[tuple[str, str]] = []
    start = 0
    for index, name in _list_cuts(body.tokens):
        parts.append(("html", render_range(body, start, index)))
        parts.append(("list", name))
        start = index + 3
    parts.append(("html", render_range(body, start, len(body.tokens))))
    return tuple(p for p in parts if p != ("html", "")), links


def _list_cuts(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """Paragraphs that are a list line alone: `<!-- sotay:van-ban-moi -->`."""
    for index, token in enumerate(tokens[:-2]):
        if token.type == "paragraph_open" and token.level == 0:
            found = _LIST_LINE.match(tokens[index + 1].content.strip())
            if found and found.group(1) in PAGE_LISTS:
                yield index, found.group(1)


def rewrite_links(tokens: list[Token], base: str, root: str) -> list[PageLink]:
    """Point links and images written as file paths (`huong-dan.md`, `assets/so-do.png`) at
    their URLs in the site, from a page whose folder is `base`; return the links to pages."""
    links: list[PageLink] = []
    for token in tokens:
        line = (token.map or [0])[0]
        for child in token.children or ():
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else ""
            value = str(child.attrGet(attr) or "") if attr else ""
            if not value or value.startswith(("#", "/")) or _SCHEME.match(value):
                continue
            path, hash_mark, fragment = value.partition("#")
            target = posixpath.normpath(posixpath.join(base, urllib.parse.unquote(path)))
            if path.endswith(".md"):
                links.append(PageLink(target, line))
                url = root + urllib.parse.quote(urls.page_url(target))
            else:
                url = root + posixpath.normpath(posixpath.join(base, path))
            child.attrSet(attr, (url or "./") + hash_mark + fragment)
    return links
