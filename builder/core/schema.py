"""Fields of a directive file: keys, labels, allowed values and normalisers."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from builder.core.text import any_marks, compact_number, fold, visible_text

DOC_TYPES: dict[str, str] = {
    "nghi-quyet": "Nghị quyết",
    "chi-thi": "Chỉ thị",
    "ket-luan": "Kết luận",
    "quy-dinh": "Quy định",
    "quy-che": "Quy chế",
    "chuong-trinh": "Chương trình hành động",
    "ke-hoach": "Kế hoạch",
    "huong-dan": "Hướng dẫn",
    "de-an": "Đề án",
    "thong-bao": "Thông báo",
    "cong-van": "Công văn",
}
"""Document types (`type`) and how the site names them."""

LEVELS: dict[str, str] = {
    "trung-uong": "Trung ương",
    "tinh": "Tỉnh",
    "xa": "Xã",
}
"""Issuing levels (`level`), from the centre down to the commune."""

SECRET_CLASSES = {"mat", "toi-mat", "tuyet-mat"}
"""Folded spellings of MẬT, TỐI MẬT, TUYỆT MẬT: never published."""


def secret_words(gap: str) -> str:
    """A regex of MẬT, TỐI MẬT, TUYỆT MẬT as written, with any diacritics or none ("TUYET
    MAT", "Tối mat"), the words `gap` apart; an I may read as l or 1 and an O as 0 (the
    letters of other scripts that look like an I are taken for "l": core/text `visible_text`).
    Shared by the stamps of a body (validate/body) and the mark of a title (`SECRET_MARK`)."""
    toi = any_marks("TOI", also={"I": "l1", "O": "0"})
    return rf"(?:(?:{toi}|{any_marks('TUYET')}){gap})?{any_marks('MAT')}"


SECRET_MARK = re.compile(r"\(\s*(" + secret_words(r"\s*") + r")\s*\)")
"""A secrecy mark written into a title, as guides list classified documents: "… (MẬT)"."""


def secret_mark(title: str) -> str | None:
    """The secrecy mark in `title` ("(MẬT)", "(Tối mật)", "(TUYET MAT)") as the reader sees it,
    however it was typed or disguised (`visible_text`: invisible characters, lookalike letters
    of other scripts, fullwidth forms); None when there is none."""
    match = SECRET_MARK.search(visible_text(title))
    return match.group(0) if match else None


@dataclass(frozen=True, slots=True)
class Field:
    """One front matter key of a directive."""

    key: str
    label: str
    """Vietnamese name shown in messages."""
    required: bool
    example: str
    """Shown in hints: `key: example`."""


FIELDS: tuple[Field, ...] = (
    Field("number", "số hiệu", True, "57-CT/TW"),
    Field("type", "loại văn bản", True, "chi-thi"),
    Field("issuer", "cơ quan ban hành", True, "Ban Bí thư"),
    Field("level", "cấp ban hành", True, "trung-uong"),
    Field("date", "ngày ban hành", True, "2025-12-31"),
    Field("updated", "ngày cập nhật bản tóm tắt", False, "2026-03-05"),
    Field("title", "trích yếu", True, "Về tăng cường bảo đảm an ninh mạng …"),
    Field("tags", "từ khóa", False, "[an ninh mạng, chuyển đổi số]"),
    Field("implements", "văn bản được thực hiện", False, "[57-CT/TW]"),
    Field("source", "nguồn bản tóm tắt", False, "Phụ lục 1 của Hướng dẫn số …"),
    Field("absent", "phần nguồn không có", False, "[goi-y]"),
    Field("absent_reason", "lý do thiếu phần", False, "Nguồn không nêu phần này"),
    Field("classification", "độ mật", False, "mat"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
    Field("slug", "tên tệp", False, "ke-hoach-tuyen-truyen-57-ct-tw"),
    Field("needs_human", "điểm cần người kiểm tra", False, '["date: nguồn không ghi năm"]'),
    Field(
        "key_points",
        "ý chính trên ảnh chia sẻ",
        False,
        '["Phòng thủ chủ động", "Phòng thủ tích cực", "Tự chủ, tự lực, tự cường"]',
    ),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}

TITLE_MAX = 300
"""Characters of a title (`title` of any file) above which it is surely a paste: warned."""

REFERENCE_KEYS = {"number", "type", "issuer", "date", "title", "level", "implements"}
"""Keys of a described parent in `implements`."""

_NUMBER = re.compile(r"^\d+[A-Za-z]?-[^\W\d_]+(?:-[^\W\d_]+)?/[^\W\d_]+(?:-[^\W\d_]+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def is_valid_number(number: str) -> bool:
    """`57-CT/TW`, `27-HD/BXDĐĐU`, `05-ĐA/TU`; not `57CT/TW` nor `57-CT`."""
    return bool(_NUMBER.match(number))


@functools.lru_cache(maxsize=1 << 16)
def number_key(number: str) -> str:
    """Identity of a number across spellings: "20-ctr/tu" and "20-CTr/TU" are one.

    Remembered: every rebuild of `serve` asks it again for each number of the corpus (tens of
    thousands of calls at 10.000 documents, a regular expression and a fold each)."""
    return fold(compact_number(number)).upper()


def parse_date(value: str) -> dt.date | str:
    """Parse YYYY-MM-DD, d/m/yyyy or dd/mm/yyyy; return a reason prefix on failure."""
    text = value.strip()
    iso, vn = _ISO_DATE.match(text), _VN_DATE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif vn:
        day, month, year = (int(g) for g in vn.groups())
    else:
        return ""
    if not 1 <= month <= 12:
        return f"không có tháng {month}; "
    try:
        return dt.date(year, month, day)
    except ValueError:
        return f"tháng {month}/{year} không có ngày {day}; "


def classification_key(value: str) -> str:
    """ "MẬT" → "mat", "Tối mật" → "toi-mat", "tuyệt_mật" → "tuyet-mat"."""
    return re.sub(r"[^a-z]+", "-", fold(value).lower()).strip("-")


CAMPAIGN_FIELDS: tuple[Field, ...] = (
    Field("guide", "số hiệu hướng dẫn", True, "27-HD/BXDĐĐU"),
    Field("title", "tên hướng dẫn", True, "Tổ chức học tập, quán triệt …"),
    Field("issuer", "cơ quan ban hành", True, "Ban Xây dựng Đảng Đảng ủy xã"),
    Field("date", "ngày ban hành", True, "2026-05-28"),
    Field("implements", "hướng dẫn cấp trên", False, "Hướng dẫn số 45-HD/BTGDVTU, ngày 18/5/2026"),
    Field("deadline", "hạn hoàn thành học tập", True, "2026-07-05"),
    Field(
        "report", "báo cáo kết quả", False, "{deadline: 2026-07-05, to: Ban Xây dựng Đảng Đảng ủy}"
    ),
    Field("audience", "đối tượng", False, "Đảng viên, công chức, viên chức …"),
    Field(
        "documents",
        "danh sách văn bản",
        True,
        "[{group: Văn bản của Trung ương, items: [57-CT/TW]}]",
    ),
    Field("where_to_get", "nơi lấy tài liệu", False, "Văn phòng Đảng ủy sao gửi"),
    Field("report_form", "mẫu báo cáo (Phụ lục 2)", False, "{title: …, columns: [TT, Tên đơn vị]}"),
    Field("units", "các đơn vị phải báo cáo", False, "[Chi bộ Thôn 1, Chi bộ Thôn 2]"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
    Field("needs_human", "điểm cần người kiểm tra", False, '["date: nguồn không ghi năm"]'),
)
CAMPAIGN_FIELDS_BY_KEY = {f.key: f for f in CAMPAIGN_FIELDS}

CAMPAIGN_ITEM_KEYS = {
    "number",
    "type",
    "date",
    "issuer",
    "title",
    "note",
    "with",
    "classification",
    "distinct",
}
"""Keys of a document described in a campaign's list."""

FORM_COLUMN_KEYS = {"title", "kind", "part", "of", "at_most", "completed_by_hand"}
"""Keys of one column of the results form described as a mapping."""
FORM_GROUP_KEYS = {"group", "columns", "completed_by_hand"}
"""Keys of a group of columns under one heading."""

FULLTEXT_TEXT_FIELDS: tuple[Field, ...] = (
    Field("number_line", "dòng số hiệu", False, "Số 57-CT/TW"),
    Field("national_line", "dòng tên Đảng", False, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    Field("place_date", "địa danh, ngày tháng", False, "Hà Nội, ngày 31 tháng 12 năm 2025"),
    Field("subject", "trích yếu", False, "về tăng cường bảo đảm an ninh mạng …"),
    Field("signer", "người ký", False, "Trần Cẩm Tú"),
    Field("source", "nguồn toàn văn", False, "Toàn văn Chỉ thị số 57-CT/TW …"),
)
"""One-line keys of a full text's header and footer."""
FULLTEXT_LIST_FIELDS: tuple[Field, ...] = (
    Field("issuer_lines", "cơ quan ban hành", False, '[BAN CHẤP HÀNH TRUNG ƯƠNG, "*"]'),
    Field("kind_lines", "tên loại văn bản", False, "[CHỈ THỊ, CỦA BAN BÍ THƯ]"),
    Field("recipients", "nơi nhận", False, '["Bộ Chính trị, Ban Bí thư (để báo cáo),", …]'),
    Field("signer_lines", "thẩm quyền ký", False, "[T/M BAN BÍ THƯ]"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
)
"""Keys of a full text that hold lines, one list item a line."""
FULLTEXT_FIELDS_BY_KEY = {f.key: f for f in (*FULLTEXT_TEXT_FIELDS, *FULLTEXT_LIST_FIELDS)}

CONTENT_FIELDS: tuple[Field, ...] = (
    Field("title", "tiêu đề trang", True, "Hướng dẫn sử dụng"),
    Field("description", "mô tả trang", False, "Cách tra cứu, đọc và in bản tóm tắt …"),
    Field("hide", "phần ẩn của trang", False, "[toc]"),
    Field("classification", "độ mật", False, "mat"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
)
"""Keys of a hand-written page of the content folder (`content/huong-dan.md`)."""
CONTENT_FIELDS_BY_KEY = {f.key: f for f in CONTENT_FIELDS}

HIDE_PARTS: dict[str, str] = {
    "toc": "mục lục của trang",
    "navigation": "thanh điều hướng",
    "footer": "chân trang",
}
"""What a hand-written page may hide (`hide:`), as the site engine's theme names it."""

PAGE_LISTS: dict[str, str] = {
    "cac-dot-hoc-tap": "các đợt học tập",
    "van-ban-moi": "các văn bản mới nhất",
    "da-luu": "các mục đã lưu trên máy",
    "doc-gan-day": "các trang đọc gần đây trên máy",
}
"""Lists the build writes into a hand-written page where a line `<!-- sotay:<name> -->` stands
alone: the one piece of HTML-like syntax such a page may hold."""

ASSET_SIGNATURES: dict[str, tuple[int, bytes]] = {
    ".png": (0, b"\x89PNG\r\n\x1a\n"),
    ".jpg": (0, b"\xff\xd8\xff"),
    ".jpeg": (0, b"\xff\xd8\xff"),
    ".webp": (8, b"WEBP"),
    ".pdf": (0, b"%PDF-"),
}
"""Types of file the content folder's assets folder may hold, each with the bytes its content
starts with (offset, bytes): pictures and printable PDFs. Never SVG, HTML or scripts: each
can carry a script the reader's browser would run, and a file is judged by its bytes, not
only by its name."""
ASSET_SUFFIXES = tuple(ASSET_SIGNATURES)
ASSET_MAX_BYTES = 30_000_000
"""Largest picture or PDF published: a phone on a slow line gives up on bigger ones."""

BULLETIN_FIELDS: tuple[Field, ...] = (
    Field("title", "tên bản tin", True, "Bản tin về Chỉ thị 57-CT/TW"),
    Field("for", "văn bản hoặc đợt học tập", True, "57-CT/TW"),
    Field("order", "thứ tự trong đợt học tập", False, "1"),
    Field("author", "người viết", True, "Ban Tuyên giáo và Dân vận Đảng ủy xã"),
    Field("date", "ngày viết", True, "2026-06-01"),
    Field("approved_by", "người duyệt", False, "Phó Bí thư Thường trực Đảng ủy"),
    Field("draft", "bản nháp", False, "true"),
    Field("classification", "độ mật", False, "mat"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
)
"""Keys of a loudspeaker bulletin (`directives/phat-thanh/<name>.md`). `for` names what the
bulletin is read for: a summary's number (57-CT/TW), a campaign's guide number
(27-HD/BXDĐĐU) or a campaign file's name (han-thang-5-2026). One key rather than
`directive:` and `campaign:`: a bulletin is read for one thing, so "both" and "neither" cannot
be written, and an author writes the number as it is printed without knowing which kind of file
holds it (a number names a summary first, then a guide)."""
BULLETIN_FIELDS_BY_KEY = {f.key: f for f in BULLETIN_FIELDS}
TRANSLATION_FIELDS: tuple[Field, ...] = (
    Field("lang", "mã ngôn ngữ", True, "hnj"),
    Field("translator", "người dịch", True, "Họ và tên người dịch"),
    Field("date", "ngày dịch", True, "2026-03-05"),
    Field("approved_by", "người duyệt bản dịch", False, "Họ và tên người duyệt"),
    Field("classification", "độ mật", False, "mat"),
    Field("contact_ok", "thông tin liên hệ được phép giữ", False, '["0383.412.944"]'),
)
"""Keys of a translation of a summary (`directives/dich/<lang>/<slug>.md`)."""
TRANSLATION_FIELDS_BY_KEY = {f.key: f for f in TRANSLATION_FIELDS}
TRANSLATION_TEXT_FIELDS = ("translator", "approved_by")
"""A translation's keys whose text its page shows (the injection tests give each a payload)."""

LANGUAGE_FIELDS: tuple[Field, ...] = (
    Field("name", "tên tiếng Việt của ngôn ngữ", True, "tiếng Mông"),
    Field("own_name", "tên ngôn ngữ viết bằng chính ngôn ngữ đó", True, "…"),
    Field("headings", "tiêu đề ba phần viết bằng ngôn ngữ đó", True, "{boi-canh: …}"),
)
"""Keys of one language of the table (`directives/dich/ngon-ngu.yml`), under its code; the
headings are keyed like the summary's parts (`boi-canh`, `noi-dung`, `goi-y`)."""
LANGUAGE_FIELDS_BY_KEY = {f.key: f for f in LANGUAGE_FIELDS}

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
"""A BCP 47 language tag as a folder name: a 2- or 3-letter code (`hnj`, `blt`, `tdd`,
`mww`), optionally subtags, lower case: `hnj`, `hmn-latn`."""
