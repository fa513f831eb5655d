"""Word numbering as Word and LibreOffice display it: one counter per abstract list shared by
its numIds, `lvlOverride/startOverride` restarting a numId's level when it is first used.

tests/fixtures/import-numbering/restart.docx is written by `make_fixture()` below (by hand:
python-docx cannot write numbering definitions): one upper-Roman abstract list, three numIds
on it — the guide's parts (numId 1), Phụ lục 1 restarting at "I." (numId 2, startOverride 1),
and a later paragraph of numId 3 with no override, which continues the shared counter."""

from __future__ import annotations

import zipfile
from pathlib import Path

from builder.authoring.importer.docx import read_docx
from conftest import FIXTURES

FIXTURE = FIXTURES / "import-numbering" / "restart.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPHS = [
    (1, "NỘI DUNG HỌC TẬP"),
    (1, "TỔ CHỨC THỰC HIỆN"),
    (1, "THỜI GIAN"),
    (0, "PHỤ LỤC 1"),
    (2, "NGHỊ QUYẾT SỐ 57-NQ/TW"),
    (2, "CHỈ THỊ SỐ 26-CT/TW"),
    (3, "KẾT LUẬN SỐ 190-KL/TW"),
]


def _paragraph(num_id: int, text: str) -> str:
    numbered = (
        f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        if num_id
        else ""
    )
    return f"<w:p>{numbered}<w:r><w:t>{text}</w:t></w:r></w:p>"


def make_fixture(target: Path = FIXTURE) -> None:
    level = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="7">{level}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
    )
    body = "".join(_paragraph(n, t) for n, t in PARAGRAPHS)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            f'ContentType="{main}.document.main+xml"/><Override PartName="/word/numbering.xml" '
            f'ContentType="{main}.numbering+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/numbering" Target="numbering.xml"/></Relationships>'
        ),
        "word/document.xml": document,
        "word/numbering.xml": numbering,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            package.writestr(info, text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def test_the_checked_in_fixture_is_what_make_fixture_writes(tmp_path: Path) -> None:
    make_fixture(tmp_path / "restart.docx")
    assert (tmp_path / "restart.docx").read_bytes() == FIXTURE.read_bytes()


def test_a_restarted_list_reads_as_word_shows_it() -> None:
    blocks, problems = read_docx(FIXTURE, "restart.docx")
    assert problems == []
    assert [b.text for b in blocks or []] == [
        "I. NỘI DUNG HỌC TẬP",
        "II. TỔ CHỨC THỰC HIỆN",
        "III. THỜI GIAN",
        "PHỤ LỤC 1",
        "I. NGHỊ QUYẾT SỐ 57-NQ/TW",  # not "IV.": numId 2 restarts the shared list
        "II. CHỈ THỊ SỐ 26-CT/TW",
        "III. KẾT LUẬN SỐ 190-KL/TW",  # numId 3 has no override: the shared counter goes on
    ]
