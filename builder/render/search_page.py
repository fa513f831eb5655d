"""The search results page: the form, its filters and an empty list the browser fills."""

from __future__ import annotations

from builder.render.pages import PageContent
from builder.render.templating import ENV


def search_page(root: str) -> PageContent:
    """`tim-kiem/`: what the search box's "Xem tất cả kết quả" opens, `?q=` in its address.

    Levels and types are the schema's, as in the search box; the years and campaigns are
    added by the browser from the index (a campaign's id and a guide's year are the index's
    own), so the page is the same whatever the corpus."""
    html = ENV.get_template("search_page.html").render(root=root)
    description = "Tìm văn bản theo số hiệu hoặc nội dung, lọc theo cấp, loại, năm và đợt học tập."
    return PageContent("Tìm kiếm", description, html, ())
