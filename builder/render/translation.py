"""A summary's versions in other languages: the translation's page and its outline, each
with its own `lang`, the chrome around them in Vietnamese."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from builder.core import urls
from builder.model import Corpus, Directive, Translation
from builder.render.pages import PageContent, standalone_html
from builder.render.templating import ENV


def translation_page(directive: Directive, translation: Translation, root: str) -> PageContent:
    """The translation under its summary's card, marked as a translation for reference."""
    html = ENV.get_template("translation_page.html").render(
        d=directive, t=translation, root=root, body=Markup(translation.html)
    )
    name = translation.language.name
    title = f"{directive.display_number}: Bản {name} — {directive.title}"
    description = f"Bản {name} của {directive.kind_and_number}: {directive.title}."
    return PageContent(title, description, html, translation.headings, lang=translation.lang)


def translation_outline(
    directive: Directive, translation: Translation, corpus: Corpus, root: str
) -> PageContent:
    """The translation's đề cương: render/outline.py's points of the translation in the
    summary's outline template, its header and notes lines in Vietnamese."""
    html = ENV.get_template("translation_outline.html").render(
        d=dataclasses.replace(directive, outline=translation.outline),
        t=translation,
        campaigns=corpus.campaigns_of(directive),
        root=root,
    )
    name = translation.language.name
    title = f"{directive.display_number}: Đề cương bản {name} — {directive.title}"
    description = f"Đề cương bản {name} của {directive.kind_and_number}: {directive.title}."
    return PageContent(title, description, html, (), lang=translation.lang)


def translation_outline_file(
    directive: Directive,
    translation: Translation,
    corpus: Corpus,
    stylesheets: list[str],
    site_name: str,
) -> bytes:
    """The outline as a file of the site, its footer the summary's outline footer."""
    root = "../" * urls.translation_outline_url(directive.slug, translation.lang).count("/")
    sheets = [*stylesheets, urls.outline_print_css(directive.slug)]
    page = translation_outline(directive, translation, corpus, root)
    return standalone_html(page, root, sheets, site_name).encode("utf-8")
