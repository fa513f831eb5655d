"""`.doc` and `.pdf` guides through the converters of the machine: LibreOffice turns a `.doc`
into a `.docx`, poppler's `pdftotext -layout` reads a PDF's text layer. Without the converter,
or for a scanned PDF, the guide is refused with what to install or which Word menu to use."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic

SOFFICE = "soffice"
PDFTOTEXT = "pdftotext"
TIMEOUT = 120
"""Seconds a converter may take (LibreOffice's first start on a slow PC takes about 20)."""
_COLUMNS = re.compile(r"(?<=\S) {3,}(?=\S)")
"""`-layout` keeps a header's two columns apart with runs of spaces: read them as a tab."""
_MAX_TEXT = 1_000_000
_IMPOSSIBLE = re.compile(
    r"(?<![ưừứửữựƯỪỨỬỮỰ])[ơờớởỡợƠỜỚỞỠỢ]ng"  # "cơng" for "công", "ơng" without its "ư"
    r"|[ưừứửữựƯỪỨỬỮỰ][oòóỏõọOÒÓỎÕỌ]"  # "ưo" for "ươ"
    r"|\bc[ịỊ]n\b",  # "cịn" for "còn"
    re.IGNORECASE,
)
"""Letter sequences no Vietnamese word has: what a PDF gives when its font maps the letters
wrongly (the classic broken-font extraction)."""
_AROUND = 10
"""Characters either side of the sequence whose words the message quotes."""


def doc_to_docx(path: Path, shown: str, folder: Path) -> tuple[Path | None, Diagnostic | None]:
    """The `.docx` LibreOffice makes of `path` inside `folder`, or why not."""
    soffice = shutil.which(SOFFICE)
    if soffice is None:
        return None, diagnostic("import.doc_no_converter", shown, 0)
    profile = folder / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "docx",
        "--outdir",
        str(folder),
        str(path.resolve()),
    ]
    problem = _run(command, shown, "LibreOffice")
    converted = folder / f"{path.stem}.docx"
    if problem is None and not converted.is_file():
        problem = diagnostic("import.convert_failed", shown, 0, tool="LibreOffice", reason="")
    return (None, problem) if problem else (converted, None)


def pdf_text(path: Path, shown: str) -> tuple[str | None, Diagnostic | None]:
    """The text layer of the PDF at `path`, columns as tabs and pages as blank lines."""
    pdftotext = shutil.which(PDFTOTEXT)
    if pdftotext is None:
        return None, diagnostic("import.pdf_no_converter", shown, 0)
    with tempfile.TemporaryDirectory(prefix="sotay-pdf-") as folder:
        out = Path(folder) / "text.txt"
        command = [pdftotext, "-layout", "-enc", "UTF-8", str(path), str(out)]
        problem = _run(command, shown, "pdftotext")
        if problem is not None:
            return None, problem
        with out.open("rb") as handle:
            data = handle.read(_MAX_TEXT + 1)
    if len(data) > _MAX_TEXT:
        return None, diagnostic("import.convert_failed", shown, 0, tool="pdftotext", reason="")
    text = data.decode("utf-8", errors="replace").replace("\f", "\n\n")
    if not any(c.isalpha() for c in text):
        return None, diagnostic("import.pdf_scanned", shown, 0)
    lines = [_COLUMNS.sub("\t", line.strip()) for line in text.split("\n")]
    broken = garbled(lines, shown)
    return (None, broken) if broken else ("\n".join(lines), None)


def garbled(lines: list[str], shown: str) -> Diagnostic | None:
    """The first line with a letter sequence no Vietnamese word has, or None."""
    for number, line in enumerate(unicodedata.normalize("NFC", t) for t in lines):
        found = _IMPOSSIBLE.search(line)
        if found:
            near = range(found.start() - _AROUND, found.end() + _AROUND)
            words = re.finditer(r"\S+", line)
            sample = " ".join(
                w.group() for w in words if w.end() > near[0] and w.start() < near[-1]
            )
            return diagnostic("import.pdf_garbled", shown, number + 1, sample=sample)
    return None


def _run(command: list[str], shown: str, tool: str) -> Diagnostic | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return diagnostic(
            "import.convert_failed", shown, 0, tool=tool, reason=f" (quá {TIMEOUT} giây)"
        )
    except OSError as error:
        return diagnostic(
            "import.convert_failed", shown, 0, tool=tool, reason=f" ({error.strerror})"
        )
    if done.returncode != 0:
        return diagnostic(
            "import.convert_failed", shown, 0, tool=tool, reason=f" (mã {done.returncode})"
        )
    return None
