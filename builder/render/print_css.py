"""Print CSS: running footers that name the document on every printed page."""

from __future__ import annotations

from markupsafe import Markup

from builder.model import Campaign, Directive
from builder.render.templating import ENV


def print_label(directive: Directive) -> str:
    """What names a document on paper: the one display name (number, else kind and issuer)."""
    return directive.display_number


def bundle_page_name(campaign: Campaign) -> str:
    """The named page of a bundle's outlines: one for all, so that a short outline may share a
    printed page with the next (a change of named page always starts a new sheet)."""
    return f"b-{campaign.slug}"


def running_footer(directives: list[Directive], campaign: Campaign | None = None) -> bytes:
    """Print CSS naming the printed pages in their footer, once each: an outline's pages by
    its document, a bundle's cover and form by the campaign, its outlines by the bundle
    (each outline names its document in its own header).

    (Chromium has no `string-set`; named pages with margin boxes do the same job, and a file of
    its own keeps the strict Content-Security-Policy free of inline styles.)
    """
    if campaign is None:
        return named_pages([(f"d-{d.slug}", f"{print_label(d)} · Đề cương") for d in directives])
    outlines = (bundle_page_name(campaign), f"{campaign.label} · Tập đề cương")
    return named_pages(
        [outlines, (f"c-{campaign.slug}", campaign.label)], body=f"c-{campaign.slug}"
    )


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
