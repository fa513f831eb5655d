"""Pure helpers: folding, slugs, numbers, dates, section names, secrecy spellings."""

from __future__ import annotations

import datetime as dt

import pytest

from builder.core.numbers import vn_date
from builder.core.schema import classification_key, is_valid_number, number_key, parse_date
from builder.core.text import compact_number, fold, slugify, toc_slugify
from builder.read.sections import section_key


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("57-CT/TW", "57-ct-tw"),
        ("27-HD/BXDĐĐU", "27-hd-bxdddu"),
        ("18-CTr/TU", "18-ctr-tu"),
        ("05-ĐA/TU", "05-da-tu"),
        ("Định hướng", "dinh-huong"),
        ("2.1. Quan điểm chỉ đạo", "2-1-quan-diem-chi-dao"),
        ("Gợi ý liên hệ, vận dụng", "goi-y-lien-he-van-dung"),
        ("  Thủy   hoá  ", "thuy-hoa"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_fold_handles_nfd_and_d_stroke() -> None:
    assert fold("Đảng ủy") == "Dang uy"
    assert fold("Đảng ủy".encode().decode()) == fold("Đảng ủy")


def test_toc_slugify_keeps_d_stroke() -> None:
    assert toc_slugify("Định hướng", "-") == "dinh-huong"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("92 -KH/ĐU", "92-KH/ĐU"), ("72- NQ/TW", "72-NQ/TW"), (" 57-CT / TW ", "57-CT/TW")],
)
def test_compact_number(raw: str, fixed: str) -> None:
    assert compact_number(raw) == fixed


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("57-CT/TW", True),
        ("565-CV/BTGDVTU", True),
        ("27-HD/BXDĐĐU", True),
        ("06-QĐ/TW", True),
        ("57CT/TW", False),
        ("57-CT", False),
        ("CT/TW", False),
    ],
)
def test_is_valid_number(number: str, valid: bool) -> None:
    assert is_valid_number(number) is valid


def test_number_key_ignores_case_and_diacritics() -> None:
    assert number_key("20-ctr/tu") == number_key("20-CTr/TU")
    assert number_key("70-KH/ĐU") == number_key("70-kh/du")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-31", dt.date(2025, 12, 31)),
        ("3/4/2026", dt.date(2026, 4, 3)),
        ("03/04/2026", dt.date(2026, 4, 3)),
        ("31/02/2026", "tháng 2/2026 không có ngày 31; "),
        ("31/13/2025", "không có tháng 13; "),
        ("ngày 5 tháng 7", ""),
    ],
)
def test_parse_date(value: str, expected: object) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Bối cảnh, sự cần thiết ban hành Chỉ thị", "boi-canh"),
        ("1. Tình hình", "boi-canh"),
        ("Tình hình công tác quản lý, phát triển vật liệu xây dựng", "boi-canh"),
        ("2. Nội dung cơ bản, cốt lõi của Chương trình hành động", "noi-dung"),
        ("Nội dung trọng tâm, cốt lõi", "noi-dung"),
        ("4. Gợi ý liên hệ, vận dụng đối với chi bộ, đảng viên", "goi-y"),
        ("III. Gợi ý liên hệ, vận dụng với chi bộ, đảng viên", "goi-y"),
        ("Những điểm mới", None),
    ],
)
def test_section_key(title: str, key: str | None) -> None:
    assert section_key(title) == key


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("MẬT", "mat"),
        ("Mật", "mat"),
        ("Tối mật", "toi-mat"),
        ("TUYỆT MẬT", "tuyet-mat"),
        ("tuyet_mat", "tuyet-mat"),
    ],
)
def test_classification_key(value: str, key: str) -> None:
    assert classification_key(value) == key


@pytest.mark.parametrize(
    ("date", "written"),
    [
        (dt.date(2026, 3, 17), "17/3/2026"),
        (dt.date(2026, 4, 3), "03/4/2026"),
        (dt.date(2026, 1, 10), "10/01/2026"),
        (dt.date(2026, 2, 5), "05/02/2026"),
        (dt.date(2025, 12, 31), "31/12/2025"),
    ],
)
def test_vn_date(date: dt.date, written: str) -> None:
    assert vn_date(date) == written
