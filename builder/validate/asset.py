"""What is inside a picture or PDF of the content folder, before it is copied to the site.

A name says little: a careless PC saves a web page as `anh.png`, a sender attaches a PDF that
runs a script when opened, or a scanned report still carries its "MẬT" stamp. So a file is
judged by its bytes (the signature its type starts with, `core/schema.ASSET_SIGNATURES`) and
a PDF by what pypdf reads in it: no script, launch or attached file, not locked against
reading, and no page whose text holds a secrecy stamp. A stamp drawn as a picture (a scan) is
not read: README says so.
"""

from __future__ import annotations

from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.schema import ASSET_MAX_BYTES, ASSET_SIGNATURES


def check_asset(path: Path, rel: str) -> list[Diagnostic]:
    """Every reason the file at `path` (shown as `rel`) may not be published; [] when none."""
    size = path.stat().st_size
    if size > ASSET_MAX_BYTES:
        return [
            diagnostic(
                "content.asset_too_large",
                rel,
                1,
                size=size // 1_000_000,
                limit=ASSET_MAX_BYTES // 1_000_000,
            )
        ]
    data = path.read_bytes()
    offset, signature = ASSET_SIGNATURES[path.suffix]
    if data[offset : offset + len(signature)] != signature:
        return [diagnostic("content.asset_signature", rel, 1, name=path.name, kind=path.suffix[1:])]
    if path.suffix != ".pdf":
        return []
    from builder.validate.asset_pdf import check_pdf  # pypdf is read only when a PDF is there

    return check_pdf(data, rel, path.name)
