"""Every message of `sotay import` and `sotay new`, in Vietnamese, in one table."""

from __future__ import annotations

from typing import Any

from builder.core.diagnostics import Diagnostic, Severity
from builder.core.messages import from_table

E = Severity.ERROR
W = Severity.WARNING

NOTICES: dict[str, tuple[Severity, str, str]] = {
    # reading the guide
    "import.no_file": (E, "không tìm thấy tệp", "kiểm tra lại đường dẫn"),
    "import.suffix": (
        E,
        'không đọc được tệp "{suffix}"',
        "chỉ nhận .docx, .txt hoặc .md; tệp .doc hay .pdf: mở bằng Word rồi lưu thành .docx",
    ),
    "import.docx_invalid": (
        E,
        "tệp Word bị hỏng hoặc không phải .docx",
        'mở tệp bằng Word, chọn "Lưu thành…" kiểu "Tài liệu Word (*.docx)" rồi thử lại',
    ),
    "import.no_appendix": (
        E,
        'không tìm thấy "Phụ lục 1" trong hướng dẫn',
        'bản tóm tắt phải nằm sau một dòng bắt đầu bằng "Phụ lục 1"',
    ),
    "import.no_documents": (
        E,
        "Phụ lục 1 không có bản tóm tắt văn bản nào nhận ra được",
        'mỗi văn bản bắt đầu bằng một dòng như "I. NGHỊ QUYẾT SỐ 02-NQ/TW, NGÀY 17/3/2026 …" '
        'hoặc "Của Chỉ thị số 57-CT/TW, ngày 31/12/2025 về …"',
    ),
    "import.exists": (
        E,
        "tệp đã có, không ghi đè",
        "chạy lại với --force để ghi đè, hoặc xóa/đổi tên tệp cũ",
    ),
    # what the importer understood differently from the source
    "import.number_fixed": (W, 'số hiệu "{raw}" được viết lại thành "{number}"', ""),
    "import.numbering_slip": (
        W,
        'mục "{raw}" được hiểu là "{label}" (nguồn đánh số sai)',
        "kiểm tra lại với bản gốc",
    ),
    "import.part_jump": (W, "số thứ tự phần nhảy từ {before}. sang {after}.", ""),
    "import.case_fixed": (W, 'chữ hoa giữa câu: "{before}" → "{after}"', ""),
    "import.caps_title": (
        W,
        'tên văn bản {number} viết hoa toàn bộ, đã chuyển thành "{title}"',
        "kiểm tra chữ hoa của tên riêng",
    ),
    # what needs a human
    "import.no_parts": (
        W,
        "văn bản {number}: không nhận ra phần nào (Bối cảnh, Nội dung, Gợi ý); chưa ghi tệp",
        'tách các phần bằng dòng "1. Bối cảnh…", "2. Nội dung…", "3. Gợi ý…" rồi nhập lại',
    ),
    "import.absent": (
        W,
        'văn bản {number}: nguồn không có phần "{title}"; đã ghi absent: [{key}]',
        "kiểm tra absent_reason",
    ),
    "import.unplaced": (
        W,
        'đoạn đứng trước phần đầu tiên của {number}; đã đưa vào phần "{title}"',
        "kiểm tra lại vị trí đoạn này",
    ),
    "import.ignored": (W, 'không nhận ra đoạn "{sample}"; đã bỏ qua', "chép tay nếu cần"),
    "import.field": (W, "cần điền {label} ({key})", "{hint}"),
    "import.guide_null": (
        W,
        'hướng dẫn chưa ghi số hiệu: đã ghi "guide: null"',
        'khi có số, sửa "guide:" và đổi tên tệp theo số hiệu',
    ),
    "import.date_null": (W, 'hướng dẫn chưa ghi ngày ban hành: đã ghi "date: null"', ""),
    "import.listed": (
        W,
        'mục "{heading}" là danh sách, không phải bản tóm tắt: {count} văn bản được đưa vào '
        "danh sách của đợt học tập",
        "",
    ),
    "import.classified": (
        W,
        'văn bản "{number}" là tài liệu mật: chỉ ghi số hiệu và tên, kèm "classification: mat"',
        "",
    ),
    "import.duplicate": (
        W,
        'số hiệu "{number}" có hai lần với hai tên khác nhau: giữ cả hai, mục sau có '
        '"distinct: true"',
        "kiểm tra lại với bản gốc",
    ),
    "import.incomplete": (
        W,
        'danh sách "{group}" kết thúc bằng "…": đã ghi "incomplete: true"',
        "bổ sung các văn bản còn thiếu nếu biết",
    ),
    "import.contact": (
        W,
        'có thông tin liên hệ cá nhân "{value}"',
        'giữ lại thì thêm contact_ok: ["{value}"]; nếu không thì xóa',
    ),
    "import.form": (
        W,
        "mẫu báo cáo Phụ lục 2: kiểm tra tiêu đề và các cột với bản gốc",
        'bảng bị cắt thì ghi "incomplete: true" và "incomplete_note"',
    ),
    "import.not_listed": (
        W,
        "văn bản {number} có tóm tắt nhưng không có trong danh sách văn bản của hướng dẫn",
        'đã thêm vào nhóm "{group}"; chuyển sang đúng nhóm',
    ),
    # sotay new
    "new.invalid": (
        E,
        'số hiệu "{value}" không đúng dạng',
        "viết như 57-CT/TW: số, gạch nối, ký hiệu loại văn bản, dấu /, ký hiệu cơ quan",
    ),
}


def notice(code: str, path: str, line: int, **values: Any) -> Diagnostic:
    """The message `code` for `path:line`, its templates filled with `values`."""
    return from_table(NOTICES, code, path, line, **values)
