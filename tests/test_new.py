"""`sotay new`: skeletons that parse, guess type and level, explain every key, never overwrite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builder.core.schema import CAMPAIGN_FIELDS, FIELDS
from builder.read.source import parse_yaml, split_front_matter
from conftest import make_project, run_sotay


def front_matter(path: Path) -> dict[str, Any]:
    split = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(split, tuple), split
    parsed = parse_yaml(split[0], split[1], path.name)
    assert not isinstance(parsed, list), [d.format() for d in parsed]
    return parsed[0]


@pytest.mark.parametrize(
    ("number", "stem", "doc_type", "level"),
    [
        ("57-CT/TW", "57-ct-tw", "chi-thi", "trung-uong"),
        ("02-NQ/TW", "02-nq-tw", "nghi-quyet", "trung-uong"),
        ("20-CTr/TU", "20-ctr-tu", "chuong-trinh", "tinh"),
        ("64-KH/TU", "64-kh-tu", "ke-hoach", "tinh"),
        ("236-KL/TW", "236-kl-tw", "ket-luan", "trung-uong"),
        ("06-QĐ/TW", "06-qd-tw", "quy-dinh", "trung-uong"),
        ("05-ĐA/TU", "05-da-tu", "de-an", "tinh"),
        ("92 -KH/ĐU", "92-kh-du", "ke-hoach", "xa"),
    ],
)
def test_new_prefills_number_type_and_level(
    tmp_path: Path, number: str, stem: str, doc_type: str, level: str
) -> None:
    done = run_sotay("new", number, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Đã tạo directives/{stem}.md",
        "Cần điền: issuer, date, title, ba phần nội dung. Xong thì chạy `sotay check`.",
    ]
    meta = front_matter(tmp_path / "directives" / f"{stem}.md")
    assert (meta["type"], meta["level"]) == (doc_type, level)
    assert meta["number"] == number.replace(" ", "")


def test_skeleton_explains_every_key_and_checks_only_the_blanks(tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    project = make_project(tmp_path / "p", directives=tmp_path / "none")
    done = run_sotay("new", "57-CT/TW", cwd=project)
    assert done.returncode == 0, done.stderr
    text = (project / "directives" / "57-ct-tw.md").read_text(encoding="utf-8")
    head = text.split("\n---\n")[0]
    for field in FIELDS:
        assert f"\n{field.key}: " in head or f"\n# {field.key}: " in head, field.key
        assert field.label in head, field.label
    assert "## Bối cảnh, sự cần thiết ban hành Chỉ thị" in text
    checked = run_sotay("check", "--format", "json", cwd=project)
    mine = [d for d in json.loads(checked.stdout) if d["path"] == "directives/57-ct-tw.md"]
    errors = {(d["code"], d["line"]) for d in mine if d["severity"] == "error"}
    assert ("value.empty", 4) in errors  # issuer, the blank the CLI asked to fill
    assert {code for code, _ in errors} <= {"value.empty", "section.empty"}


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run_sotay("new", "57-CT/TW", cwd=tmp_path).returncode == 0
    path = tmp_path / "directives" / "57-ct-tw.md"
    path.write_text("đã viết\n", encoding="utf-8")
    again = run_sotay("new", "57-CT/TW", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (
        "directives/57-ct-tw.md:0: lỗi: tệp đã có, không ghi đè "
        "(gợi ý: chạy lại với --force để ghi đè)\n"
    )
    assert path.read_text(encoding="utf-8") == "đã viết\n"
    assert run_sotay("new", "57-CT/TW", "--force", cwd=tmp_path).returncode == 0
    assert path.read_text(encoding="utf-8").startswith("---\nnumber: 57-CT/TW")


def test_new_campaign(tmp_path: Path) -> None:
    done = run_sotay("new", "--campaign", "27-HD/BXDĐĐU", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Đã tạo content/dot-hoc-tap/27-hd-bxdddu.md",
        "Cần điền: title, issuer, date, deadline, documents. Xong thì chạy `sotay check`.",
    ]
    path = tmp_path / "content" / "dot-hoc-tap" / "27-hd-bxdddu.md"
    meta = front_matter(path)
    assert (meta["guide"], meta["documents"]) == ("27-HD/BXDĐĐU", [])
    head = path.read_text(encoding="utf-8").split("\n---\n")[0]
    for field in CAMPAIGN_FIELDS:
        assert f"\n{field.key}: " in head or f"\n# {field.key}: " in head, field.key
    assert run_sotay("new", "--campaign", "27-HD/BXDĐĐU", cwd=tmp_path).returncode == 1


def test_new_rejects_a_malformed_number(tmp_path: Path) -> None:
    done = run_sotay("new", "57CT", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        'sotay new:0: lỗi: số hiệu "57CT" không đúng dạng (gợi ý: viết như 57-CT/TW: số, gạch '
        "nối, ký hiệu loại văn bản, dấu /, ký hiệu cơ quan)\n"
    )
    assert not (tmp_path / "directives").exists()
