"""The one Jinja environment for the core's HTML fragments (builder/render/templates/).

Its filters and globals are registered here, once, so no template depends on which module
happened to be imported first.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from builder.core import numbers, urls
from builder.core.memo import Memo
from builder.core.schema import DOC_TYPES, LEVELS
from builder.model import Directive


def vn_date(value: dt.date | None) -> str:
    """ "31/12/2025", "05/3/2026" (core/numbers.vn_date), or "Chưa rõ ngày"."""
    return numbers.vn_date(value) if value else "Chưa rõ ngày"


def on_date(value: dt.date | None) -> str:
    """ "ngày 31/12/2025", or "chưa rõ ngày" for a document that carries no date."""
    return f"ngày {vn_date(value)}" if value else "chưa rõ ngày"


def issued(kind: str | None, date: dt.date | None, issuer: str | None) -> str:
    """ "Chỉ thị ngày 31/12/2025 của Ban Bí thư"; a part the document does not carry is left
    out of the phrase ("Kế hoạch của Ban Thường vụ Đảng ủy xã"), never written "chưa rõ"."""
    words = [DOC_TYPES.get(kind, kind) if kind else ""]
    words += [f"ngày {vn_date(date)}" if date else "", f"của {issuer}" if issuer else ""]
    return " ".join(w for w in words if w)


def issued_by(d: Directive) -> str:
    """What follows a document's name in a list: `issued`, less what the name already says
    (a document without a number is named by its kind and issuer)."""
    if d.number:
        return issued(d.type, d.date, d.issuer)
    return issued(None, d.date, None)


def whole_numbers(text: str) -> Markup:
    """`text` escaped, each document number in it kept on one line (as body text is)."""
    if "/" not in text or not numbers.WHOLE_NUMBER.search(text):
        return escape(text)
    parts, position = [], 0
    for match in numbers.WHOLE_NUMBER.finditer(text):
        parts.append((text[position : match.start()], match.group()))
        position = match.end()
    parts.append((text[position:], ""))
    return Markup(_WHOLE_NUMBERS.render(parts=parts))


ENV = Environment(
    loader=PackageLoader("builder.render", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # The templates ship with the package and never change while it runs: without this, every
    # `get_template` and `{% include %}` (tens per page) stats its file again.
    auto_reload=False,
)
ENV.filters.update(vn_date=vn_date, on_date=on_date, whole_numbers=whole_numbers)
ENV.globals.update(
    DOC_TYPES=DOC_TYPES,
    LEVELS=LEVELS,
    urls=urls,
    issued=issued,
    issued_by=issued_by,
    directive_url=urls.directive_url,
    campaign_url=urls.campaign_url,
)
_WHOLE_NUMBERS = ENV.get_template("whole_numbers.html")


RowCache = Memo[Markup]
"""(slug, root, with its chain) → a document's line in a list (`doc_row.html`), from the
document and its chain."""


def keep_rows(cache: RowCache | None) -> None:
    """Keep each document's line of the lists (the index, the facet pages) in `cache`: a
    build's pages at one depth share it, and under `serve` an edit renders only the lines of
    what changed (None: render each)."""
    ENV.globals["kept_row"] = functools.partial(_kept_row, cache) if cache is not None else None


def _kept_row(
    cache: RowCache, d: Directive, root: str, chain: list[str] | None, row: Callable[..., Markup]
) -> Markup:
    return cache.get((d.slug, root, chain is None), (d, chain), lambda: row(d, root, chain))


def doc_rows(
    items: Iterable[Directive],
    root: str,
    chain_of: Callable[[Directive], list[str]] | None,
    row: Callable[..., Markup],
) -> Markup:
    """The lines of a list of documents (`doc_list.html`), each through `kept_row` when the
    lines are kept: joined here, not in a template loop (ten thousand on the index)."""
    kept: Callable[..., Markup] | None = ENV.globals["kept_row"]  # type: ignore[assignment]
    made = []
    for d in items:
        chain = chain_of(d) if chain_of is not None else None
        line = kept(d, root, chain, row) if kept else row(d, root, chain)
        # as `Markup.join` does, but a line already Markup is not made a Markup again (ten
        # thousand objects on the index at every rebuild)
        made.append(line if type(line) is Markup else escape(line))
    return Markup("".join(made))


ENV.globals["doc_rows"] = doc_rows
keep_rows(None)


def use_bytecode_cache(cache: BytecodeCache | None) -> None:
    """Keep ENV's compiled templates in `cache` (`sotay build`'s, signed) from here on."""
    ENV.bytecode_cache = cache
