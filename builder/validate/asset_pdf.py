"""A PDF of the content folder, read with pypdf: active content, a lock, secrecy stamps."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.validate.body import secret_stamp

ACTIVE_KEYS = {
    "/JavaScript": "mã JavaScript",
    "/JS": "mã JavaScript",
    "/Launch": "lệnh mở chương trình",
    "/EmbeddedFile": "tệp đính kèm",
    "/EmbeddedFiles": "tệp đính kèm",
    "/RichMedia": "nội dung đa phương tiện chạy được",
    "/SubmitForm": "biểu mẫu gửi dữ liệu đi",
    "/ImportData": "lệnh nạp dữ liệu",
    "/XFA": "biểu mẫu XFA",
}
"""What a PDF may not hold, by the name pypdf reads (a key, or an action's `/S`): each runs
something or carries another file on the reader's phone."""
MOST_OBJECTS = 200_000
"""Objects walked in one PDF: a real print has thousands; a crafted one stops here."""


def check_pdf(data: bytes, rel: str, name: str) -> list[Diagnostic]:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repairs are not the user's concern
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opened(reader):
            return [diagnostic("content.pdf_locked", rel, 1, name=name)]
        active = _active(reader)
        if active:
            return [diagnostic("content.pdf_active", rel, 1, name=name, what=active)]
        for number, page in enumerate(reader.pages, start=1):
            stamp = _page_stamp(page)
            if stamp:
                folder = f"{urls.CONTENT_DIR}/{urls.CONTENT_ASSETS}"
                return [
                    diagnostic(
                        "content.pdf_secret",
                        rel,
                        1,
                        name=name,
                        stamp=stamp,
                        page=number,
                        folder=folder,
                    )
                ]
    except (PyPdfError, ValueError, TypeError, KeyError, RecursionError, AttributeError):
        return [diagnostic("content.pdf_unreadable", rel, 1, name=name)]
    return []


def _opened(reader: PdfReader) -> bool:
    """Whether an encrypted PDF opens without a password (only editing is restricted): one
    that asks for a password, or whose cipher pypdf cannot read alone (AES), cannot be checked."""
    try:
        return bool(reader.decrypt(""))
    except DependencyError:
        return False


def _active(reader: PdfReader) -> str:
    """What active content the PDF holds, in words; "" when none."""
    for key, value in _walk(reader.trailer):
        if key in ACTIVE_KEYS:
            return ACTIVE_KEYS[key]
        if key == "/S" and isinstance(value, NameObject) and value in ACTIVE_KEYS:
            return ACTIVE_KEYS[value]
    return ""


def _walk(root: PdfObject) -> Iterator[tuple[str, PdfObject]]:
    """Every (key, value) of every dictionary reachable from `root`, each object once."""
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject | None] = [root]
    walked = 0
    while stack and walked < MOST_OBJECTS:
        item = stack.pop()
        walked += 1
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                yield str(key), value
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _page_stamp(page: PageObject) -> str | None:
    """A stamp standing alone on a line of the page, or as a run of its own (a table cell
    beside the issuer's number is read onto the same line)."""
    runs: list[str] = []
    text = page.extract_text(visitor_text=lambda t, *_: runs.append(t))
    for candidate in [*text.splitlines(), *runs]:
        stamp = secret_stamp(candidate)
        if stamp:
            return stamp
    return None
