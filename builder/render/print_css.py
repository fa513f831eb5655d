"""Print CSS: running footers that name the document on every printed page."""

from __future__ import annotations

from markupsafe import Markup

from builder.core.schema import DOC_TYPES
from builder.model import Campaign, Directive
from builder.render.templating import ENV


def print_label(directive: Directive) -> str:
    """What names a document on paper: its number, else its kind and issuer."""
    if directive.number:
        return directive.number
    return f"{DOC_TYPES[directive.type]} của {directive.issuer} (chưa rõ số hiệu)"


def running_footer(directives: list[Directive], campaign: Campaign | None = None) -> bytes:
    """Print CSS naming each document's pages, so every printed page's footer names its number.

    (Chromium has no `string-set`; named pages with margin boxes do the same job, and a file of
    its own keeps the strict Content-Security-Policy free of inline styles.)
    """
    parts = [(f"d-{d.slug}", f"{print_label(d)} · Đề cương") for d in directives]
    if campaign is not None:
        parts.append((f"c-{campaign.slug}", campaign.label))
    return named_pages(parts, body=parts[-1][0] if campaign else parts[0][0])


def fulltext_footer(directive: Directive) -> bytes:
    """Print CSS naming the document's full text in every printed page's footer."""
    return named_pages([(f"t-{directive.slug}", f"{print_label(directive)} · Toàn văn")])


def named_pages(parts: list[tuple[str, str]], body: str = "") -> bytes:
    """One named page per (name, footer label); the page body takes `body` (default: the first)."""
    # The page body takes a name too, so no blank page opens the print.
    css = ENV.get_template("named_pages.css").render(
        body=body or parts[0][0], parts=[(name, css_string(label)) for name, label in parts]
    )
    return css.encode("utf-8")


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string: backslashes, quotes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return Markup(f'"{escaped}"')
