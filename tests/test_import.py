"""`sotay import`: the two seed guides, Word files built from them, and small odd layouts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from builder.authoring.importer.blocks import Block
from builder.authoring.importer.read import text_blocks
from builder.core.numbers import normalise_number
from builder.read.numbering import parse_marker
from builder.read.source import parse_yaml, split_front_matter
from conftest import FIXTURES, REPO, make_project, run_sotay

SEEDS = FIXTURES / "seeds"
SEED_000 = SEEDS / "000_a60ddfcd73adb11d.txt"
SEED_004 = SEEDS / "004_a6e3e6db9fb79925.txt"
FROM_004 = ["02-nq-tw", "04-ct-tw", "18-ctr-tu", "19-ctr-tu", "20-ctr-tu", "64-kh-tu"]
COMPARED = ("number", "type", "issuer", "level", "date", "title")


def front_matter(path: Path) -> dict[str, Any]:
    split = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(split, tuple), split
    parsed = parse_yaml(split[0], split[1], path.name)
    assert not isinstance(parsed, list), [d.format() for d in parsed]
    return parsed[0]


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def parent_numbers(meta: dict[str, Any]) -> list[str]:
    return [p if isinstance(p, str) else p["number"] for p in meta.get("implements") or []]


def sections(path: Path) -> dict[str, str]:
    """H2 title → the first five words under it."""
    found = re.findall(r"^## (.+)\n\n(.+)", body(path), flags=re.MULTILINE)
    return {title: " ".join(text.split()[:5]) for title, text in found}


def import_into(tmp: Path, guide: Path, *extra: str) -> Any:
    shutil.copy(guide, tmp / guide.name)
    return run_sotay("import", guide.name, *extra, cwd=tmp)


@pytest.fixture(scope="module")
def imported_004(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    tmp = tmp_path_factory.mktemp("i004")
    return tmp, import_into(tmp, SEED_004)


@pytest.fixture(scope="module")
def imported_000(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    tmp = tmp_path_factory.mktemp("i000")
    return tmp, import_into(tmp, SEED_000)


def test_004_writes_one_file_per_summary_and_the_campaign(imported_004: tuple[Path, Any]) -> None:
    tmp, done = imported_004
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Đã ghi directives/02-nq-tw.md: 02-NQ/TW (nghi-quyet, 17/3/2026)",
        "Đã ghi directives/04-ct-tw.md: 04-CT/TW (chi-thi, 17/3/2026)",
        "Đã ghi directives/18-ctr-tu.md: 18-CTr/TU (chuong-trinh, 24/3/2026)",
        "Đã ghi directives/19-ctr-tu.md: 19-CTr/TU (chuong-trinh, 03/4/2026)",
        "Đã ghi directives/20-ctr-tu.md: 20-CTr/TU (chuong-trinh, 07/4/2026)",
        "Đã ghi directives/64-kh-tu.md: 64-KH/TU (ke-hoach, 06/4/2026)",
        "Đã ghi content/dot-hoc-tap/27-hd-bxdddu.md: đợt học tập 27-HD/BXDĐĐU, 19 văn bản",
        "Nhập xong: 7 tệp; 0 văn bản cần người kiểm tra (needs_human), 0 văn bản không nhập "
        "được; 9 điểm cần kiểm tra (in ở trên). Chạy `sotay check` để kiểm tra lại.",
    ]
    assert sorted(p.stem for p in (tmp / "directives").glob("*.md")) == FROM_004


@pytest.mark.parametrize("stem", FROM_004)
def test_004_matches_the_hand_made_metadata(imported_004: tuple[Path, Any], stem: str) -> None:
    mine = front_matter(imported_004[0] / "directives" / f"{stem}.md")
    theirs = front_matter(REPO / "directives" / f"{stem}.md")
    assert {k: mine[k] for k in COMPARED} == {k: theirs[k] for k in COMPARED}
    assert parent_numbers(mine) == parent_numbers(theirs)
    assert mine.get("absent") == theirs.get("absent")


def test_004_sections_and_described_parents(imported_004: tuple[Path, Any]) -> None:
    directives = imported_004[0] / "directives"
    assert sections(directives / "20-ctr-tu.md") == {
        "Tình hình": "Thời gian qua, công tác",
        "Nội dung cơ bản, cốt lõi của Chương trình hành động": "### 2.1. Chương trình hành",
        "Gợi ý liên hệ, vận dụng với chi bộ, đảng viên": "Chi bộ định hướng đề",
    }
    assert list(sections(directives / "02-nq-tw.md")) == [
        "Bối cảnh, sự cần thiết ban hành Nghị quyết",
        "Nội dung trọng tâm, cốt lõi của Nghị quyết",
    ]
    parent = front_matter(directives / "64-kh-tu.md")["implements"][0]
    assert parent == {
        "number": "03-CT/TW",
        "type": "chi-thi",
        "issuer": "Ban Bí thư",
        "date": "2026-02-03",
        "title": "Về tăng cường sự lãnh đạo của Đảng đối với công tác quản lý, phát triển vật "
        "liệu xây dựng trong giai đoạn mới",
    }
    text = (directives / "18-ctr-tu.md").read_text(encoding="utf-8")
    assert "\n### 2.2. Mục tiêu cụ thể\n" in text  # "2. Mục tiêu cụ thể" in the source
    assert "\n**2.1. Mục tiêu chung:** Tăng cường" in text
    nested = (directives / "02-nq-tw.md").read_text(encoding="utf-8")
    assert "\n- Chỉ tiêu, một số chỉ tiêu nổi bật\n  - Giai đoạn 2026 – 2030:" in nested
    assert "100 năm ổn định theo không gian phát triển mở" in nested  # rejoined across lines


def test_004_campaign(imported_004: tuple[Path, Any]) -> None:
    meta = front_matter(imported_004[0] / "content" / "dot-hoc-tap" / "27-hd-bxdddu.md")
    assert (meta["guide"], meta["date"], meta["deadline"]) == (
        "27-HD/BXDĐĐU",
        "2026-05-28",
        "2026-07-05",
    )
    assert meta["report"]["contact"] == "đồng chí Lương Thị Mai - SĐT: 0383.412.944"
    groups = {g["group"]: g for g in meta["documents"]}
    assert list(groups) == ["Văn bản của Trung ương", "Văn bản của Tỉnh ủy", "Văn bản của Đảng ủy"]
    assert groups["Văn bản của Trung ương"]["items"] == ["02-NQ/TW", "04-CT/TW"]
    local = groups["Văn bản của Đảng ủy"]
    assert local["incomplete"] is True
    assert [i["number"] for i in local["items"]][-2:] == ["92-KH/ĐU", "97-KH/ĐU"]
    assert local["items"][-2]["title"].startswith("Về thực hiện Kết luận 236-KL/TW")


def test_004_reports_with_source_lines(imported_004: tuple[Path, Any]) -> None:
    name = SEED_004.name
    assert imported_004[1].stderr.splitlines() == [
        f'{name}:41: cảnh báo: chữ hoa giữa câu: "Về Bảo" → "Về bảo"',
        f'{name}:71: cảnh báo: chữ hoa giữa câu: "Về Thực" → "Về thực"',
        f'{name}:71: cảnh báo: số hiệu "92 -KH/ĐU" được viết lại thành "92-KH/ĐU"',
        f'{name}:73: cảnh báo: danh sách "Văn bản của Đảng ủy" kết thúc bằng "…": đã ghi '
        '"incomplete: true" (gợi ý: bổ sung các văn bản còn thiếu nếu biết)',
        f'{name}:161: cảnh báo: văn bản 02-NQ/TW: nguồn không có phần "Gợi ý liên hệ, vận '
        'dụng"; đã ghi absent: [goi-y] (gợi ý: kiểm tra absent_reason)',
        f'{name}:301: cảnh báo: mục "2." được hiểu là "2.2." (nguồn đánh số sai) (gợi ý: '
        "kiểm tra lại với bản gốc)",
        f"{name}:541: cảnh báo: số thứ tự phần nhảy từ 2. sang 4.",
        f'{name}:549: cảnh báo: mục "Các văn bản của Đảng ủy xã" là danh sách, không phải bản '
        "tóm tắt: 11 văn bản được đưa vào danh sách của đợt học tập",
        "content/dot-hoc-tap/27-hd-bxdddu.md:8: cảnh báo: có thông tin liên hệ cá nhân "
        '"0383.412.944" (gợi ý: giữ lại thì thêm contact_ok: ["0383.412.944"]; nếu không thì '
        "xóa)",
    ]


def test_000_directive_and_campaign(imported_000: tuple[Path, Any]) -> None:
    tmp, done = imported_000
    assert done.returncode == 0, done.stderr
    mine = front_matter(tmp / "directives" / "57-ct-tw.md")
    theirs = front_matter(REPO / "directives" / "57-ct-tw.md")
    assert {k: mine[k] for k in COMPARED} == {k: theirs[k] for k in COMPARED}
    assert list(sections(tmp / "directives" / "57-ct-tw.md").values()) == [
        "Thời gian qua, công tác",
        "Chỉ thị đề ra 6",
        "Chi bộ định hướng đề",
    ]
    campaign = tmp / "content" / "dot-hoc-tap" / "han-thang-5-2026.md"
    meta = front_matter(campaign)
    assert (meta["guide"], meta["date"], meta["deadline"]) == (None, None, "2026-05-05")
    items = [i for g in meta["documents"] for i in g["items"]]
    assert len(items) == 29
    secret = next(i for i in items if isinstance(i, dict) and i["number"] == "12-CTr/TU")
    assert secret["classification"] == "mat" and "MẬT" not in secret["title"]
    twins = [i for i in items if isinstance(i, dict) and i["number"] == "70-KH/ĐU"]
    assert [t.get("distinct") for t in twins] == [None, True]
    assert "72-NQ/TW ngày 09/9/2025" in twins[1]["title"]
    assert meta["report_form"]["columns"][4]["group"] == "Đảng viên"
    name = SEED_000.name
    assert done.stderr.splitlines() == [
        f'{name}:41: cảnh báo: văn bản "12-CTr/TU" là tài liệu mật: chỉ ghi số hiệu và tên, kèm '
        '"classification: mat"',
        f'{name}:85: cảnh báo: số hiệu "70-KH/ĐU" có hai lần với hai tên khác nhau: giữ cả hai, '
        'mục sau có "distinct: true" (gợi ý: kiểm tra lại với bản gốc)',
        f'{name}:85: cảnh báo: số hiệu "72- NQ/TW" được viết lại thành "72-NQ/TW"',
        "content/dot-hoc-tap/han-thang-5-2026.md:2: cảnh báo: hướng dẫn chưa ghi số hiệu: đã ghi "
        '"guide: null" (gợi ý: khi có số, sửa "guide:" và đổi tên tệp theo số hiệu)',
        "content/dot-hoc-tap/han-thang-5-2026.md:5: cảnh báo: hướng dẫn chưa ghi ngày ban hành: "
        'đã ghi "date: null"',
        "content/dot-hoc-tap/han-thang-5-2026.md:146: cảnh báo: mẫu báo cáo Phụ lục 2: kiểm tra "
        'tiêu đề và các cột với bản gốc (gợi ý: bảng bị cắt thì ghi "incomplete: true" và '
        '"incomplete_note")',
    ]


@pytest.mark.parametrize("fixture", ["imported_000", "imported_004"])
def test_imported_content_passes_check(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    imported, _ = request.getfixturevalue(fixture)
    project = make_project(tmp_path / "p", directives=imported / "directives")
    campaigns = project / "content" / "dot-hoc-tap"
    shutil.rmtree(campaigns)
    shutil.copytree(imported / "content" / "dot-hoc-tap", campaigns)
    done = run_sotay("check", cwd=project)
    assert done.returncode == 0, done.stderr
    assert " 0 lỗi" in done.stdout
    assert all("pii.phone" in line or "số điện thoại" in line for line in done.stderr.splitlines())


def test_force(tmp_path: Path) -> None:
    assert import_into(tmp_path, SEED_000).returncode == 0
    target = tmp_path / "directives" / "57-ct-tw.md"
    target.write_text("sửa tay\n", encoding="utf-8")
    refused = run_sotay("import", SEED_000.name, cwd=tmp_path)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "directives/57-ct-tw.md:0: lỗi: tệp đã có, không ghi đè (gợi ý: chạy lại với --force để "
        "ghi đè, hoặc xóa/đổi tên tệp cũ)",
        "content/dot-hoc-tap/han-thang-5-2026.md:0: lỗi: tệp đã có, không ghi đè (gợi ý: chạy "
        "lại với --force để ghi đè, hoặc xóa/đổi tên tệp cũ)",
        "Chưa nhập: không ghi tệp nào.",
    ]
    assert target.read_text(encoding="utf-8") == "sửa tay\n"
    forced = run_sotay("import", SEED_000.name, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("---\nnumber: 57-CT/TW\n")


def test_other_folders(tmp_path: Path) -> None:
    done = import_into(tmp_path, SEED_000, "--directives-dir", "d", "--content-dir", "c")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "Đã ghi d/57-ct-tw.md: 57-CT/TW (chi-thi, 31/12/2025)",
        "Đã ghi c/dot-hoc-tap/han-thang-5-2026.md: đợt học tập hướng dẫn chưa ghi số, 29 văn bản",
    ]


# Word files built from the seed text: real heading and list styles, or bold paragraphs only.


def _runs(paragraph: Any, text: str, bold: bool) -> None:
    for position, piece in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if piece:
            paragraph.add_run(piece.replace("\\*", "*")).bold = bold or position % 2 == 1


def _style(block: Block) -> tuple[str, str]:
    """(Word style, text) for a block when the guide uses heading and list styles."""
    marker = parse_marker(block.text)
    if block.bullet:
        return ("List Bullet" if block.bullet == "-" else "List Bullet 2"), block.text
    if marker and marker.kind == "roman":
        return "Heading 1", block.text
    if marker and len(marker.parts) == 1 and "số" in block.text[:40] and marker.kind == "arabic":
        return "List Number", marker.rest  # Word numbers these itself
    if marker and marker.kind == "arabic" and len(block.plain) <= 100:
        return f"Heading {min(len(marker.parts) + 1, 4)}", block.text
    if block.heading:
        return f"Heading {min(block.heading, 4)}", block.text
    return "Normal", block.text


def guide_docx(text_path: Path, target: Path, styled: bool) -> Path:
    document = docx.Document()
    for block in text_blocks(text_path.read_text(encoding="utf-8")):
        if block.is_table:
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            continue
        style, text = _style(block) if styled else ("Normal", block.text)
        if not styled and block.bullet:
            text = f"{block.bullet} {text}"
        paragraph = document.add_paragraph(style=style)
        _runs(paragraph, text, bold=block.bold or (not styled and block.heading > 0))
    document.save(str(target))
    return target


def _comparable(path: Path) -> str:
    return "\n".join(
        line
        for line in path.read_text(encoding="utf-8").split("\n")
        if not line.startswith("# Nhập bằng")
    )


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "bold-only"])
@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=["000", "004"])
def test_docx_gives_the_same_files(seed: Path, styled: bool, tmp_path: Path) -> None:
    from_text = tmp_path / "text"
    from_word = tmp_path / "word"
    from_text.mkdir(), from_word.mkdir()
    assert import_into(from_text, seed).returncode == 0
    guide = guide_docx(seed, from_word / "guide.docx", styled)
    done = run_sotay("import", guide.name, cwd=from_word)
    assert done.returncode == 0, done.stderr
    text_files = sorted(p.relative_to(from_text) for p in from_text.rglob("*.md"))
    word_files = sorted(p.relative_to(from_word) for p in from_word.rglob("*.md"))
    assert word_files == text_files
    for relative in text_files:
        if relative.parts[0] == "directives":
            assert _comparable(from_word / relative) == _comparable(from_text / relative)
        else:  # the campaign's free text may differ in emphasis; its fields may not
            assert front_matter(from_word / relative) == front_matter(from_text / relative)


# Small layouts of their own.


def test_grouped_layout_letter_parts_and_odd_numbers(tmp_path: Path) -> None:
    done = import_into(tmp_path, FIXTURES / "import" / "grouped.md")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        "Đã ghi directives/72-nq-tw.md: 72-NQ/TW (nghi-quyet, 09/9/2025)",
        "Đã ghi directives/15-kh-du.md: 15-KH/ĐU (ke-hoach, 10/6/2026)",
        "Đã ghi content/dot-hoc-tap/han-thang-6-2026.md: đợt học tập hướng dẫn chưa ghi số, "
        "2 văn bản",
    ]
    assert done.stderr.splitlines() == [
        "content/dot-hoc-tap/han-thang-6-2026.md:2: cảnh báo: hướng dẫn chưa ghi số hiệu: đã ghi "
        '"guide: null" (gợi ý: khi có số, sửa "guide:" và đổi tên tệp theo số hiệu)',
        "content/dot-hoc-tap/han-thang-6-2026.md:5: cảnh báo: hướng dẫn chưa ghi ngày ban hành: "
        'đã ghi "date: null"',
        "directives/15-kh-du.md:4: cảnh báo: cần điền cơ quan ban hành (issuer) (gợi ý: ghi cơ "
        'quan ban hành đúng như văn bản, ví dụ "Ban Thường vụ Tỉnh ủy")',
        'grouped.md:11: cảnh báo: số hiệu "72- NQ/TW" được viết lại thành "72-NQ/TW"',
        'grouped.md:23: cảnh báo: số hiệu "72- NQ/TW" được viết lại thành "72-NQ/TW"',
        'grouped.md:42: cảnh báo: văn bản 15-KH/ĐU: nguồn không có phần "Gợi ý liên hệ, vận '
        'dụng"; đã ghi absent: [goi-y] (gợi ý: kiểm tra absent_reason)',
    ]
    plan = front_matter(tmp_path / "directives" / "15-kh-du.md")
    assert (plan["level"], plan["implements"], plan["absent"]) == ("xa", ["72-NQ/TW"], ["goi-y"])
    resolution = tmp_path / "directives" / "72-nq-tw.md"
    assert list(sections(resolution)) == [
        "Bối cảnh ban hành",
        "Nội dung cốt lõi",
        "Gợi ý liên hệ, vận dụng",
    ]
    assert "- Mục tiêu đến năm 2030:\n  - Tuổi thọ bình quân" in body(resolution)
    project = make_project(tmp_path / "p", directives=tmp_path / "directives")
    checked = run_sotay("check", cwd=project)
    assert checked.returncode == 1
    assert "directives/15-kh-du.md:4: lỗi: " in checked.stderr  # exactly the field reported
    assert checked.stderr.count(": lỗi: ") == 1


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "tcvn3.txt",
            "Phụ lục 1\n\nHướng dẫn học tập".encode().replace(b"\xe1\xbb\xa5", b"\xf4"),
            "tcvn3.txt:1: lỗi: tệp không phải UTF-8: có vẻ được gõ bằng bảng mã cũ (TCVN3 (ABC), "
            'VNI hoặc Windows-1258) (gợi ý: dùng Unikey → "Công cụ chuyển mã" (Ctrl+Shift+F6) '
            'chuyển từ TCVN3 (ABC), VNI hoặc Windows-1258 sang "Unicode", rồi lưu tệp với mã UTF-8)',
        ),
        (
            "mojibake.txt",
            "Phô lôc 1\n\nH­íng dÉn häc tËp, qu¸n triÖt c¸c v¨n b¶n míi cña §¶ng\n".encode(),
            'mojibake.txt:3: lỗi: chữ bị lỗi mã ("qu¸n"): tệp từng bị mở hoặc lưu sai bảng mã '
            "(gợi ý: lấy lại bản gốc, hoặc chuyển mã bằng Unikey (từ TCVN3 (ABC) sang Unicode) "
            "rồi lưu UTF-8)",
        ),
        (
            "no-appendix.txt",
            "HƯỚNG DẪN\n\nHọc tập các văn bản mới\n".encode(),
            'no-appendix.txt:0: lỗi: không tìm thấy "Phụ lục 1" trong hướng dẫn (gợi ý: bản tóm '
            'tắt phải nằm sau một dòng bắt đầu bằng "Phụ lục 1")',
        ),
        (
            "guide.rtf",
            b"{\\rtf1",
            'guide.rtf:0: lỗi: không đọc được tệp ".rtf" (gợi ý: chỉ nhận .docx, .doc, .pdf, .txt '
            "hoặc .md; tệp khác: mở bằng Word rồi lưu thành .docx)",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 not really a zip",
            "broken.docx:0: lỗi: tệp Word bị hỏng hoặc không phải .docx (gợi ý: mở tệp bằng Word, "
            'chọn "Lưu thành…" kiểu "Tài liệu Word (*.docx)" rồi thử lại)',
        ),
    ],
)
def test_refused_inputs(name: str, data: bytes, expected: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(data)
    done = run_sotay("import", name, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [expected, "Chưa nhập: không ghi tệp nào."]
    assert not (tmp_path / "directives").exists()


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("92 -KH/ĐU", "92-KH/ĐU"),
        ("72- NQ/TW", "72-NQ/TW"),
        ("18-CTR/TU", "18-CTr/TU"),
        ("05-đa/tu", "05-ĐA/TU"),
        ("19-\u00a0NQ/TW", "19-NQ/TW"),
    ],
)
def test_normalise_number(raw: str, number: str) -> None:
    assert normalise_number(raw) == number
