"""`sotay new`: a directive or campaign skeleton whose comments explain every key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.core import urls
from builder.core.diagnostics import Diagnostic
from builder.core.messages import diagnostic
from builder.core.numbers import level_of_number, normalise_number, type_of_number
from builder.core.schema import (
    BULLETIN_FIELDS,
    CAMPAIGN_FIELDS,
    DOC_TYPES,
    FIELDS,
    LEVELS,
    Field,
    is_valid_number,
)
from builder.core.text import slugify
from builder.model import Directive
from builder.read.bulletin import bulletin_folder
from builder.read.sections import REQUIRED

EXPLAIN: dict[str, str] = {
    "number": "số hiệu đúng như văn bản",
    "type": " | ".join(DOC_TYPES),
    "issuer": "ghi đúng như văn bản, không tự thêm tên tỉnh",
    "level": " | ".join(LEVELS),
    "date": "dạng 2025-12-31 (viết 31/12/2025 cũng được)",
    "title": 'thường bắt đầu bằng "Về …"',
    "tags": "vài từ khóa để tìm kiếm",
    "implements": "số hiệu văn bản cấp trên mà văn bản này thực hiện; chưa có tóm tắt thì mô tả "
    "{number, type, issuer, date, title}",
    "source": "nơi lấy bản tóm tắt",
    "absent": "boi-canh | noi-dung | goi-y (kèm absent_reason)",
    "absent_reason": "vì sao thiếu phần đó",
    "classification": "văn bản mật không được đưa lên trang: đừng dùng khóa này cho tóm tắt",
    "contact_ok": "số điện thoại, thư điện tử cố ý giữ lại trong nội dung",
    "slug": 'chỉ khi văn bản không có số ("number: null", "date: null" nếu cũng không có ngày)',
    "guide": 'số hiệu hướng dẫn; chưa có số thì ghi "null"',
    "deadline": "hạn hoàn thành học tập, dạng 2026-07-05",
    "report": "hạn và nơi nhận báo cáo kết quả: {deadline: …, to: …, contact: …}",
    "audience": "đối tượng học tập",
    "documents": "danh sách văn bản theo đúng nhóm của hướng dẫn",
    "where_to_get": "nơi lấy tài liệu",
    "report_form": "mẫu báo cáo Phụ lục 2, nếu có: {title: …, columns: […]}",
    "key_points": "3–5 cụm từ chép nguyên văn từ bản tóm tắt, in lên ảnh chia sẻ",
}
"""One line of explanation per key (directive and campaign), shown as a YAML comment."""

CAMPAIGN_EXPLAIN: dict[str, str] = {
    "title": "tên hướng dẫn, dòng ngay sau chữ HƯỚNG DẪN",
    "issuer": "cơ quan ban hành hướng dẫn",
    "date": "ngày ban hành hướng dẫn, dạng 2026-05-28",
    "implements": "hướng dẫn cấp trên mà hướng dẫn này thực hiện (một dòng chữ)",
}
"""Campaign meanings of the keys a directive also has."""


@dataclass(frozen=True, slots=True)
class Skeleton:
    path: Path
    text: str
    to_fill: tuple[str, ...]
    """Keys the author must fill before `sotay check` passes."""


def directive_skeleton(written: str, folder: Path) -> Skeleton | Diagnostic:
    number = _number(written)
    if number is None:
        return diagnostic("new.invalid", "sotay new", 0, value=written)
    values: dict[str, str] = {"number": number, "tags": "[]", "implements": "[]"}
    doc_type, level = type_of_number(number), level_of_number(number)
    if doc_type:
        values["type"] = doc_type
    if level:
        values["level"] = level
    lines = ["---", *_lines(FIELDS, values, EXPLAIN)]
    type_name = DOC_TYPES.get(doc_type or "", "văn bản")
    body = [f"## {REQUIRED['boi-canh']} {type_name}", f"## {REQUIRED['noi-dung']} của {type_name}"]
    body.append(f"## {REQUIRED['goi-y']} với chi bộ, đảng viên")
    text = "\n".join([*lines, "---", "", "\n\n".join(body), ""])
    to_fill = tuple(f.key for f in FIELDS if f.required and f.key not in values)
    return Skeleton(folder / f"{slugify(number)}.md", text, (*to_fill, "ba phần nội dung"))


def campaign_skeleton(written: str, folder: Path) -> Skeleton | Diagnostic:
    number = _number(written)
    if number is None:
        return diagnostic("new.invalid", "sotay new", 0, value=written)
    values = {"guide": number, "documents": "[]"}
    lines = ["---", *_lines(CAMPAIGN_FIELDS, values, {**EXPLAIN, **CAMPAIGN_EXPLAIN})]
    lines += [
        "# Ví dụ documents:",
        "#   - group: Văn bản của Trung ương",
        "#     items: [57-CT/TW]",
    ]
    text = "\n".join([*lines, "---", "", "## Mục đích, yêu cầu", ""])
    to_fill = tuple(f.key for f in CAMPAIGN_FIELDS if f.required and f.key not in values)
    return Skeleton(
        folder / urls.CAMPAIGNS_FOLDER / f"{slugify(number)}.md", text, (*to_fill, "documents")
    )


def _number(written: str) -> str | None:
    """The number as the site writes it ("57-ct/tw" → "57-CT/TW"), or None if it is none."""
    number = normalise_number(written) if "/" in written else written
    return number if is_valid_number(number) else None


def _lines(fields: tuple[Field, ...], values: dict[str, str], explain: dict[str, str]) -> list[str]:
    """Required keys and prefilled ones as YAML; every other key as a comment to copy."""
    written, commented = [], []
    for field in fields:
        meaning = f"{field.label}: {explain.get(field.key, field.example)}"
        if field.required or field.key in values:
            required = " (bắt buộc)" if field.required else ""
            value = values.get(field.key, "")
            written.append(f"{field.key}: {value}".rstrip() + f"  # {meaning}{required}")
        else:
            commented.append(f"# {field.key}: {field.example}  # {meaning}")
    return [*written, "# Các khóa không bắt buộc (bỏ dấu # ở đầu dòng để dùng):", *commented]


def write_skeleton(skeleton: Skeleton, force: bool) -> bool:
    """Write the file unless it exists (and `force` is off); False when refused."""
    if skeleton.path.exists() and not force:
        return False
    skeleton.path.parent.mkdir(parents=True, exist_ok=True)
    skeleton.path.write_text(skeleton.text, encoding="utf-8", newline="\n")
    return True


BULLETIN_EXPLAIN: dict[str, str] = {
    "title": "tên bản tin, đọc mở đầu trên loa",
    "for": "số hiệu văn bản, số hiệu hướng dẫn hoặc tên tệp đợt học tập",
    "order": "thứ tự đọc trong đợt học tập: 1, 2, 3 …",
    "author": "người hoặc cơ quan viết bản tin",
    "date": "ngày viết, dạng 2026-06-01",
    "approved_by": "người duyệt cho phát",
    "draft": "bản nháp không được đưa lên trang: duyệt xong thì xóa dòng này",
    "classification": "bản tin không được mật: đừng dùng khóa này",
}
"""One line of explanation per key of a bulletin."""


@dataclass(frozen=True, slots=True)
class BulletinDraft:
    path: Path
    text: str
    points: int
    """Sentences taken from the outline."""


def bulletin_draft(directive: Directive, directives_dir: Path) -> BulletinDraft:
    """A bulletin to edit, made of the summary's outline leads word for word (render/outline.py
    chose them), under the outline's headings; `draft: true`, so it is never published as is."""
    values = {
        "title": f"Bản tin về {directive.kind_and_number}",
        "for": directive.display_number if directive.number else directive.slug,
        "draft": "true",
    }
    lines = ["---"]
    for spec in BULLETIN_FIELDS:
        meaning = BULLETIN_EXPLAIN.get(spec.key, spec.label)
        if spec.key in values:
            value = values[spec.key] if spec.key == "draft" else _yaml_text(values[spec.key])
            lines.append(f"{spec.key}: {value}  # {meaning}")
        elif spec.required:
            lines.append(f"# {spec.key}: {spec.example}  # {meaning} (bắt buộc khi bỏ draft)")
        else:
            lines.append(f"# {spec.key}: {spec.example}  # {meaning}")
    lines.append("---")
    body: list[str] = []
    skipping = False
    points = 0
    for item in directive.outline:
        if item.kind == "heading" and item.level == 2:
            skipping = item.key in directive.absent  # the outline's notice is not the summary's
        if skipping or item.kind == "notes" or not item.text:
            continue
        if item.kind == "heading":
            body.append(f"{'#' * item.level} {item.text}")
        else:
            body.append(item.text)
            points += 1
    text = "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"
    return BulletinDraft(bulletin_folder(directives_dir) / f"{directive.slug}.md", text, points)


def _yaml_text(value: str) -> str:
    """A one-line YAML value: quoted when YAML would read it as something else."""
    import yaml

    dumped: str = yaml.safe_dump(value, allow_unicode=True, width=10_000).strip()
    return dumped.removesuffix("\n...").strip()
