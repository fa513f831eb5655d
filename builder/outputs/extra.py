"""Files beside the generated pages: results forms as spreadsheets, print CSS for each print."""

from __future__ import annotations

from builder.core import urls
from builder.model import Corpus
from builder.outputs.form import form_csv, form_xlsx
from builder.render.print_css import fulltext_footer, running_footer


def extra_files(corpus: Corpus) -> dict[str, bytes]:
    """Site path → content of every file written beside the pages."""
    files = {}
    for c in corpus.campaigns.values():
        if c.form is not None:
            files[urls.form_csv_url(c.slug)] = form_csv(c.form)
            files[urls.form_xlsx_url(c.slug)] = form_xlsx(c.form, c.date or c.deadline)
    for d in corpus.directives.values():
        files[urls.outline_print_css(d.slug)] = running_footer([d])
    for c in corpus.campaigns.values():
        files[urls.bundle_print_css(c.slug)] = running_footer(corpus.summarised(c), c)
    for d in corpus.directives.values():
        if d.fulltext is not None:
            files[urls.fulltext_print_css(d.slug)] = fulltext_footer(d)
    return files
