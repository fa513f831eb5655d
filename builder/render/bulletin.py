"""A loudspeaker bulletin's reading page (the lists that link it are included by the
directive's and the campaign's templates: bulletin_links.html, bulletin_list.html)."""

from __future__ import annotations

from markupsafe import Markup

from builder.model import Bulletin
from builder.read.bulletin import WORDS_PER_MINUTE
from builder.render.pages import PageContent
from builder.render.templating import ENV


def bulletin_page(bulletin: Bulletin, root: str) -> PageContent:
    """Large type on the phone; on paper one A4 sheet for the announcer (theme/assets/sotay.css
    prints it at `bulletin.print_size`)."""
    html = ENV.get_template("bulletin.html").render(
        b=bulletin,
        root=root,
        body=Markup(bulletin.html),
        pace=WORDS_PER_MINUTE,
    )
    title = f"Bản tin phát thanh: {bulletin.title}"
    description = f"Bản tin đọc trên loa truyền thanh về {bulletin.target}: {bulletin.length}."
    return PageContent(title, description, html, ())
