"""Files beside the generated pages: results forms as spreadsheets, print CSS for each print."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from builder.core import urls
from builder.core.memo import Memo
from builder.model import Corpus, Directive
from builder.outputs.form import form_csv, form_xlsx
from builder.render.print_css import fulltext_footer, running_footer


def extra_files(
    corpus: Corpus, cache: Memo[bytes] | None = None, only: Iterable[Directive] | None = None
) -> dict[str, bytes]:
    """Site path → content of every file written beside the pages; with `cache` (`serve` and
    the build cache), a file whose inputs did not change is not made again. `only`: of the
    directives' own files, those of these directives alone (the cache then keeps the others)."""
    directives = list(corpus.directives.values() if only is None else only)

    def made(path: str, inputs: object, make: Callable[[], bytes]) -> None:
        files[path] = cache.get(path, inputs, make) if cache is not None else make()

    files: dict[str, bytes] = {}
    for c in corpus.campaigns.values():
        if c.form is not None:
            made(urls.form_csv_url(c.slug), c.form, partial(form_csv, c.form))
            day = c.date or c.deadline
            made(urls.form_xlsx_url(c.slug), (c.form, day), partial(form_xlsx, c.form, day))
    for d in directives:
        made(urls.outline_print_css(d.slug), d, partial(running_footer, [d]))
    for c in corpus.campaigns.values():
        summarised = corpus.summarised(c)
        made(
            urls.bundle_print_css(c.slug),
            (c, tuple(summarised)),
            partial(running_footer, summarised, c),
        )
    for d in directives:
        if d.fulltext is not None:
            made(urls.fulltext_print_css(d.slug), d, partial(fulltext_footer, d))
    if cache is not None and only is None:
        cache.keep_only(files)
    return files
