"""Every text the user reads (checker, importer, commands), in Vietnamese, in one table.

code → (severity, message, hint). A status line ("Kiểm tra xong: …") has no severity and no
hint: it says what a command did, not what is wrong.
"""

from __future__ import annotations

import errno
from typing import Any

from builder.core.diagnostics import Diagnostic, Severity

E = Severity.ERROR
W = Severity.WARNING

SECTION_ORDER_HINT = "thứ tự đúng: Bối cảnh → Nội dung trọng tâm, cốt lõi → Gợi ý liên hệ, vận dụng"

MESSAGES: dict[str, tuple[Severity | None, str, str]] = {
    # encoding and file
    "encoding.utf16": (
        E,
        "tệp được lưu bằng mã UTF-16, không phải UTF-8",
        'mở tệp bằng Notepad, chọn "Lưu thành…", mục Mã hóa chọn "UTF-8" rồi lưu lại',
    ),
    "encoding.legacy": (
        E,
        "tệp không phải UTF-8: có vẻ được gõ bằng bảng mã cũ ({guess})",
        'dùng Unikey → "Công cụ chuyển mã" (Ctrl+Shift+F6) chuyển từ {guess} sang "Unicode", '
        "rồi lưu tệp với mã UTF-8",
    ),
    "encoding.mojibake": (
        E,
        'chữ bị lỗi mã ("{sample}"): tệp từng bị mở hoặc lưu sai bảng mã',
        "lấy lại bản gốc, hoặc chuyển mã bằng Unikey (từ {guess} sang Unicode) rồi lưu UTF-8",
    ),
    "text.bidi_control": (
        E,
        "có ký tự ẩn điều khiển hướng chữ ({char}) ở cột {column}: chữ sau nó hiện ngược hoặc "
        "lệch chỗ, nên trang sẽ hiện khác với điều tệp ghi",
        "xóa ký tự này (không nhìn thấy được: đặt con trỏ ở cột {column} rồi xóa, hoặc gõ lại "
        "dòng này); văn bản tiếng Việt không cần ký tự này",
    ),
    "file.too_large": (
        E,
        "tệp quá lớn ({size} KB, tối đa {limit} KB)",
        "bản tóm tắt chỉ gồm ba phần ngắn gọn; kiểm tra xem có dán nhầm toàn văn hay dữ liệu khác",
    ),
    "file.empty": (
        E,
        "tệp rỗng",
        "viết phần thông tin đầu tệp và ba phần tóm tắt, hoặc tạo tệp mẫu: sotay new <số hiệu>",
    ),
    "file.not_regular": (
        E,
        "đây không phải tệp văn bản mà là {kind}",
        'đổi tên hoặc chuyển mục này đi: chỉ tệp ".md" thường được đọc',
    ),
    "file.outside": (
        E,
        "tệp là liên kết tới chỗ nằm ngoài thư mục dự án",
        "chép tệp thật vào thư mục dự án thay cho liên kết",
    ),
    "file.unreadable": (
        E,
        "không đọc được tệp ({reason})",
        "kiểm tra quyền đọc của tệp",
    ),
    "file.symlink": (
        E,
        "tệp là liên kết tượng trưng (symlink): sổ tay không đọc qua liên kết",
        "chép tệp thật vào chỗ này thay cho liên kết",
    ),
    # the content folder (content/): what may reach the site
    "content.not_allowed": (
        E,
        'tệp "{name}" không được đưa lên trang: thư mục {folder}/ chỉ nhận trang ".md" '
        "và ảnh, PDF trong {assets}/",
        "chuyển tệp ra khỏi {folder}/; ảnh hay PDF thì đặt vào {folder}/{assets}/",
    ),
    "content.page_suffix": (
        E,
        'trang "{name}" không được đọc: trang viết tay phải có đuôi ".md" (chữ thường)',
        'đổi tên tệp thành "{expected}"',
    ),
    "content.hidden": (
        E,
        'tệp hay thư mục ẩn "{name}" (tên bắt đầu bằng dấu chấm) không được đưa lên trang',
        "xóa nó, hoặc chuyển nó ra khỏi thư mục {folder}/",
    ),
    "content.asset_type": (
        E,
        'tệp "{name}" không thuộc loại được đưa lên trang',
        "thư mục {assets}/ chỉ nhận {types}; SVG, HTML hay tệp mã có thể chứa mã chạy "
        "trên máy người đọc",
    ),
    "content.asset_signature": (
        E,
        'tệp "{name}" mang đuôi {kind} nhưng nội dung không phải tệp {kind}',
        "mở tệp bằng chương trình đã tạo ra nó và lưu (xuất) lại đúng định dạng; một trang web "
        "hay tệp mã đổi tên vẫn có thể chạy mã trên máy người đọc",
    ),
    "content.asset_too_large": (
        E,
        "tệp nặng {size} MB, quá giới hạn {limit} MB",
        "giảm độ phân giải ảnh hoặc xuất lại PDF với chất lượng thấp hơn",
    ),
    "content.pdf_unreadable": (
        E,
        'không đọc được PDF "{name}"',
        "mở tệp trên máy tính; nếu mở được, in (xuất) lại ra PDF rồi chép vào",
    ),
    "content.pdf_locked": (
        E,
        'PDF "{name}" bị khoá hoặc mã hoá nên không kiểm tra được',
        "xuất lại PDF không đặt mật khẩu và không mã hoá",
    ),
    "content.pdf_active": (
        E,
        'PDF "{name}" chứa {what}',
        "PDF đăng lên trang chỉ được chứa chữ và hình; in (xuất) lại ra PDF từ bản Word, "
        "đừng dùng tệp nhận qua thư lạ",
    ),
    "content.pdf_secret": (
        E,
        'PDF "{name}" có dấu "{stamp}" ở trang {page}: tài liệu mật không được đăng',
        "bỏ tệp khỏi {folder}/; chỉ đăng tài liệu đã được phép phổ biến",
    ),
    "content.html": (
        E,
        'trang viết tay có mã HTML ("{sample}")',
        "dùng cú pháp Markdown (chữ đậm **…**, liên kết [chữ](trang.md)): trang viết tay "
        "không được chứa HTML, kể cả chú thích <!-- … -->",
    ),
    "content.unknown_list": (
        E,
        'không có danh sách tự sinh "{name}"',
        "các danh sách có: {markers}; mỗi danh sách viết trên một dòng riêng",
    ),
    "content.reserved": (
        E,
        "trang viết tay trùng địa chỉ /{url} với một trang sổ tay tự sinh",
        "đổi tên tệp hoặc chuyển nó sang thư mục khác",
    ),
    "page.collision": (
        E,
        "hai trang của sổ tay cùng địa chỉ /{url}: {owners}",
        "đổi slug hoặc chủ đề (tags) trùng tên một trang tự sinh (index, cap, loai, nam, chu-de…)",
    ),
    "content.broken_link": (
        W,
        'liên kết tới "{target}" không dẫn tới trang nào',
        "kiểm tra tên tệp; liên kết viết theo đường dẫn tệp .md, ví dụ [Hướng dẫn](huong-dan.md)",
    ),
    "choice.invalid": (E, '{label} "{value}" không hợp lệ', "{suggestion}"),
    "hide.invalid": (E, 'phần ẩn "{value}" không hợp lệ', "{suggestion}"),
    "title.too_long": (
        W,
        "tên dài {length} ký tự, quá mức {limit} ký tự",
        'kiểm tra xem có dán nhầm cả đoạn văn vào "title" không; tên chỉ là trích yếu',
    ),
    "site.holds_project": (
        E,
        "thư mục kết quả là thư mục dự án hoặc chứa thư mục dự án: dựng vào đó sẽ xóa mã nguồn",
        'bỏ "--site-dir" để dựng vào site/, hoặc chọn một thư mục mới',
    ),
    "site.inside_source": (
        E,
        "thư mục kết quả nằm trong thư mục nguồn {source}: dựng vào đó sẽ xóa tệp nguồn",
        'bỏ "--site-dir" để dựng vào site/, hoặc chọn một thư mục ngoài các thư mục nguồn',
    ),
    "site.not_folder": (
        E,
        "thư mục kết quả đã có và là một tệp, không phải thư mục",
        "chọn tên khác cho thư mục kết quả",
    ),
    "site.foreign": (
        E,
        "thư mục kết quả đã có tệp nhưng không phải một trang đã dựng: sổ tay không xóa nó",
        "chọn một thư mục trống hoặc chưa có; hoặc tự chuyển các tệp trong đó đi trước",
    ),
    "file.name": (
        E,
        'tên tệp "{name}" không khớp số hiệu "{number}"',
        'đổi tên tệp thành "{expected}"',
    ),
    # front matter and YAML
    "fm.missing": (
        E,
        "thiếu phần thông tin đầu tệp (front matter)",
        'tệp phải mở đầu bằng dòng "---", tiếp theo là các dòng như "number: 57-CT/TW", '
        'rồi một dòng "---"',
    ),
    "fm.unclosed": (
        E,
        'phần thông tin đầu tệp mở bằng "---" nhưng không có dòng "---" đóng lại',
        'thêm dòng "---" ngay trước tiêu đề "## Bối cảnh…"',
    ),
    "fm.not_mapping": (
        E,
        'phần thông tin đầu tệp phải gồm các dòng "khóa: giá trị"',
        'ví dụ "number: 57-CT/TW"',
    ),
    "yaml.tab": (
        E,
        "YAML không hợp lệ: có ký tự Tab ở cột {column}",
        "dùng dấu cách thay cho phím Tab để thụt lề",
    ),
    "yaml.syntax": (
        E,
        "YAML không hợp lệ: {problem} (cột {column})",
        'kiểm tra dấu hai chấm, dấu ngoặc và thụt lề ở dòng này; giá trị có dấu ":" '
        'hoặc bắt đầu bằng "[", "*", "&" cần đặt trong ngoặc kép',
    ),
    "yaml.alias": (
        E,
        'phần thông tin đầu dùng neo hoặc bí danh YAML ("&", "*")',
        'viết thẳng giá trị vào từng chỗ; giá trị có dấu "*" hay "&" ở đầu thì đặt trong ngoặc kép',
    ),
    "yaml.too_deep": (
        E,
        "phần thông tin đầu lồng nhau quá {limit} cấp",
        "kiểm tra thụt lề và các dấu ngoặc [ ] {{ }} chưa đóng",
    ),
    "yaml.duplicate_key": (
        E,
        'khóa "{key}" được ghi hai lần (lần đầu ở dòng {first})',
        "giữ lại một dòng",
    ),
    "key.missing": (
        E,
        'thiếu khóa bắt buộc "{key}" ({label})',
        'thêm dòng "{key}: {example}" vào phần thông tin đầu tệp',
    ),
    "key.unknown": (E, 'khóa "{key}" không được hỗ trợ', "{suggestion}"),
    "value.not_text": (
        E,
        '"{key}" ({label}) phải là một dòng chữ, không phải "{value}"',
        'ví dụ "{key}: {example}"',
    ),
    "value.empty": (
        E,
        '"{key}" ({label}) để trống',
        'ví dụ "{key}: {example}"',
    ),
    "value.not_list": (
        E,
        '"{key}" ({label}) phải là một danh sách',
        "ví dụ {key}: {example}",
    ),
    "type.invalid": (E, 'loại văn bản "{value}" không hợp lệ', "{suggestion}"),
    "level.invalid": (E, 'cấp ban hành "{value}" không hợp lệ', "{suggestion}"),
    "date.invalid": (E, 'ngày "{value}" không hợp lệ', "{reason}viết theo dạng 2025-12-31"),
    "number.format": (
        E,
        'số hiệu "{value}" không đúng dạng',
        "viết như 57-CT/TW: số, gạch nối, ký hiệu loại văn bản, dấu /, ký hiệu cơ quan",
    ),
    "number.spaces": (
        W,
        'số hiệu "{value}" có dấu cách thừa, đã hiểu là "{fixed}"',
        'sửa thành "{fixed}"',
    ),
    "number.duplicate": (
        E,
        'số hiệu "{number}" năm {year} đã có ở {other}',
        "mỗi văn bản chỉ một tệp; nếu là hai văn bản khác nhau, kiểm tra lại số hiệu và ngày",
    ),
    "slug.missing": (
        E,
        'văn bản chưa có số hiệu ("number: null") thì phải có khóa "slug"',
        'thêm dòng "slug: <tên-tệp>", ví dụ "slug: {expected}"',
    ),
    "classification.secret": (
        E,
        'văn bản mật ("{value}") không được đưa lên trang',
        "xóa tệp này; đợt học tập chỉ được liệt kê số hiệu và tên của văn bản mật",
    ),
    "classification.invalid": (
        E,
        'độ mật "{value}" không hợp lệ',
        'văn bản không mật thì bỏ dòng "classification"',
    ),
    "classification.in_title": (
        E,
        'tên văn bản có dấu "{value}": văn bản mật không được đưa lên trang',
        "xóa tệp này; đợt học tập chỉ được liệt kê số hiệu và tên của văn bản mật",
    ),
    "classification.listed_secret": (
        E,
        "{campaign} ghi văn bản này là mật: bản tóm tắt không được đưa lên trang",
        "xóa tệp này (và toàn văn nếu có); nếu hướng dẫn ghi nhầm, sửa mục của văn bản trong "
        "{campaign}",
    ),
    "campaign.secret_has_summary": (
        E,
        'văn bản mật "{number}" lại có tệp tóm tắt {summary}',
        "xóa tệp tóm tắt của văn bản mật; đợt học tập chỉ liệt kê số hiệu và tên của nó",
    ),
    "campaign.secret_unmarked": (
        E,
        'tên văn bản "{number}" có dấu "{value}" nhưng mục này chưa ghi độ mật',
        'thêm dòng "classification: mat" cho mục này',
    ),
    "body.secret_stamp": (
        E,
        'nội dung có dấu "{value}": văn bản mật không được đưa lên trang',
        "xóa tệp này; chỉ tóm tắt văn bản không mật",
    ),
    # sections
    "section.missing": (
        E,
        'thiếu phần "{title}"',
        'thêm tiêu đề "## {title}"{where}; nếu nguồn không có phần này, khai báo '
        '"absent: [{key}]" và "absent_reason: …"',
    ),
    "section.order": (E, 'phần "{title}" đứng sai thứ tự', SECTION_ORDER_HINT),
    "section.empty": (
        E,
        'phần "{title}" không có nội dung',
        'viết nội dung; nếu nguồn không có phần này, xóa tiêu đề và khai báo "absent: [{key}]"',
    ),
    "section.duplicate": (
        E,
        'phần "{title}" xuất hiện hai lần (lần đầu ở dòng {first})',
        "gộp hai phần làm một",
    ),
    "section.absent_present": (
        E,
        'phần "{title}" được khai báo vắng (absent) nhưng vẫn có trong tệp',
        'bỏ "{key}" khỏi absent, hoặc xóa phần này',
    ),
    "absent.invalid": (
        E,
        '"{value}" trong absent không phải tên một phần bắt buộc',
        "dùng boi-canh, noi-dung hoặc goi-y",
    ),
    "needs_human.open": (
        W,
        "cần người kiểm tra: {point}",
        'kiểm tra với bản gốc, sửa nếu cần, rồi xóa dòng này khỏi "needs_human"',
    ),
    "absent.no_reason": (
        W,
        "khai báo absent mà không ghi lý do",
        'thêm "absent_reason: …", ví dụ "Nguồn không nêu phần gợi ý liên hệ, vận dụng"',
    ),
    "body.h1": (
        W,
        'không dùng tiêu đề cấp 1 ("# {title}") trong nội dung',
        'tên văn bản lấy từ "title"; dùng "##" cho các phần',
    ),
    "body.html": (
        W,
        'có mã HTML ("{sample}"): sẽ hiển thị nguyên văn, không được thực thi',
        "dùng cú pháp Markdown; chú thích viết [^1]",
    ),
    "body.unsafe_link": (
        W,
        'liên kết "{url}" bị bỏ vì không an toàn',
        "chỉ dùng liên kết http://, https:// hoặc đường dẫn trong trang",
    ),
    "body.remote_image": (
        E,
        'ảnh "{url}" nằm trên máy chủ khác: trang nội bộ không tải gì từ bên ngoài',
        "lưu ảnh vào thư mục dự án và dẫn tới nó bằng đường dẫn trong trang, hoặc bỏ ảnh",
    ),
    # full texts (directives/toan-van/)
    "fulltext.html": (
        E,
        'toàn văn có mã HTML ("{sample}")',
        "toàn văn chỉ chép chữ của văn bản: xóa mã này; chữ đậm viết **…**, chữ nghiêng viết *…*",
    ),
    "fulltext.orphan": (
        E,
        'toàn văn "{name}" không có bản tóm tắt cùng tên',
        'tên tệp toàn văn phải trùng tên tệp tóm tắt: tạo "{folder}/{name}" hoặc đổi tên tệp này',
    ),
    # relations
    "implements.missing_file": (
        W,
        'chưa có tệp cho văn bản "{number}" ghi ở implements',
        "kiểm tra lại số hiệu; nếu văn bản không có tóm tắt ở đây, mô tả nó: "
        "{{number: …, type: …, issuer: …, date: …, title: …}}",
    ),
    "implements.self": (E, 'văn bản "{number}" ghi chính nó trong implements', "xóa mục này"),
    "implements.cycle": (
        E,
        "implements tạo thành vòng lặp: {chain}",
        "văn bản cấp dưới thực hiện văn bản cấp trên, không ngược lại; xóa một mục trong vòng",
    ),
    "implements.ambiguous": (
        E,
        'số hiệu "{number}" có ở nhiều năm ({years})',
        'ghi rõ năm: "- {{number: {number}, date: YYYY-MM-DD}}"',
    ),
    "implements.entry_invalid": (
        E,
        "mục implements không hợp lệ: {value}",
        'ghi số hiệu ("57-CT/TW") hoặc mô tả {{number: …, title: …}}',
    ),
    # campaigns
    "campaign.undescribed": (
        W,
        'văn bản "{number}" chưa có tệp tóm tắt và chưa được mô tả',
        "kiểm tra lại số hiệu, hoặc mô tả văn bản: {{number: …, type: …, date: …, title: …}}",
    ),
    "campaign.duplicate": (
        W,
        'số hiệu "{number}" được liệt kê hai lần (lần đầu ở dòng {first})',
        "nếu là hai văn bản khác nhau, giữ cả hai, ghi rõ tên từng văn bản và thêm "
        '"distinct: true" vào mục sau; nếu trùng, xóa một mục',
    ),
    "campaign.item_invalid": (
        E,
        "mục văn bản không hợp lệ: {value}",
        'ghi số hiệu ("57-CT/TW") hoặc mô tả {{number: …, type: …, date: …, title: …, note: …}}',
    ),
    "campaign.group_invalid": (
        E,
        'mỗi nhóm văn bản phải có "group" (tên nhóm) và "items" (danh sách văn bản)',
        'ví dụ "- group: Văn bản của Trung ương" rồi "  items: [57-CT/TW]"',
    ),
    "campaign.report_invalid": (
        E,
        '"report" chỉ gồm deadline (hạn báo cáo), to (nơi nhận) và contact (người liên hệ)',
        'ví dụ "report: {{deadline: 2026-07-05, to: Ban Xây dựng Đảng Đảng ủy}}"',
    ),
    "campaign.form_invalid": (
        E,
        'mẫu báo cáo (report_form) phải có danh sách cột "columns"',
        'ví dụ "columns: [TT, Tên đơn vị, Tổng số hội nghị]"',
    ),
    # personal data
    "pii.phone": (
        W,
        'có số điện thoại "{value}"',
        'xóa; nếu cố ý giữ, thêm vào thông tin đầu tệp: contact_ok: ["{value}"]',
    ),
    "pii.email": (
        W,
        'có địa chỉ thư điện tử "{value}"',
        'xóa; nếu cố ý giữ, thêm vào thông tin đầu tệp: contact_ok: ["{value}"]',
    ),
    "pii.id_number": (
        W,
        'có dãy số giống số định danh cá nhân "{value}"',
        'xóa; nếu không phải số định danh, thêm vào thông tin đầu tệp: contact_ok: ["{value}"]',
    ),
    # commands: sotay check, build, pdf, serve
    "build.no_content": (
        E,
        "không tìm thấy tệp văn bản nào (*.md)",
        'đặt các tệp tóm tắt vào thư mục "{folder}"',
    ),
    "run.failed": (E, "{reason}", ""),
    "run.unexpected": (
        E,
        "lỗi không mong đợi ({kind}: {error})",
        "chạy lại với SOTAY_DEBUG=1 và gửi kết quả cho người phát triển",
    ),
    "build.mkdocs": (E, "MkDocs không dựng được trang: {error}", ""),
    "build.no_plugin": (
        E,
        "mkdocs.yml chưa bật plugin sotay",
        'thêm "- sotay" vào mục "plugins:" của mkdocs.yml',
    ),
    "build.unwritable": (E, "không ghi được thư mục {folder}: {reason}", ""),
    "build.running": (
        E,
        "một lần dựng khác của dự án {folder} đang chạy: hai lần dựng cùng lúc sẽ trộn lẫn "
        "bộ nhớ đệm và trang của nhau",
        "chờ lần dựng kia xong rồi chạy lại; thư mục trang giữ nguyên",
    ),
    "pdf.no_target": (
        E,
        'không có văn bản hay đợt học tập "{target}"',
        "ghi số hiệu như 57-CT/TW hoặc 27-HD/BXDĐĐU, hoặc tên tệp như han-thang-5-2026",
    ),
    "serve.no_config": (E, "không thấy {config}", "chạy lệnh trong thư mục dự án"),
    "serve.crashed": (E, "không dựng được trang ({kind}: {error})", ""),
    "serve.port_busy": (
        E,
        "cổng {port} đang bận: một chương trình khác (có thể là một lần sotay serve khác) "
        "đang dùng {addr}",
        "dừng chương trình đó, hoặc chọn cổng khác: sotay serve --addr {host}:{other}",
    ),
    "serve.bad_addr": (
        E,
        'không dùng được địa chỉ "{addr}" ({reason})',
        "viết dạng máy:cổng, ví dụ sotay serve --addr 127.0.0.1:8000",
    ),
    "pdf.no_bulletin": (
        E,
        'không có bản tin phát thanh "{target}"',
        "ghi tên tệp bản tin (không có .md) hoặc số hiệu văn bản có một bản tin; các bản tin: "
        "{names}",
    ),
    "pdf.many_bulletins": (
        E,
        "{target} có nhiều bản tin phát thanh: {choices}",
        "ghi tên một bản tin, ví dụ sotay pdf --phat-thanh {first}",
    ),
    "pdf.no_translation": (
        E,
        '{target} không có bản dịch "{lang}"',
        "ghi mã ngôn ngữ như tên thư mục trong {folder}/; {langs}",
    ),
    "pdf.ambiguous": (
        E,
        '"{target}" ứng với nhiều văn bản: {choices}',
        "ghi đủ số hiệu, ví dụ sotay pdf {first}",
    ),
    # sotay build: the search and outline files, made by a forked process beside the page loop
    "build.apart_failed": (E, "không tạo được các tệp tìm kiếm và đề cương in: {reason}", ""),
    # the command line itself
    "cli.unknown_command": (
        E,
        'không có lệnh "{command}"',
        "có phải bạn muốn gõ {close}? Các lệnh: {commands}",
    ),
    "cli.no_such_command": (E, 'không có lệnh "{command}"', "các lệnh: {commands}"),
    "cli.missing": (E, "thiếu {what}", "xem cách dùng: {prog} --help"),
    "cli.unrecognized": (E, 'không hiểu "{args}"', "xem cách dùng: {prog} --help"),
    "cli.bad_choice": (E, '{option}: không có lựa chọn "{value}"', "xem cách dùng: {prog} --help"),
    "cli.needs_value": (E, "{option} cần một giá trị", "xem cách dùng: {prog} --help"),
    "cli.ambiguous": (E, '"{option}" có thể là {matches}', "gõ đủ tên tùy chọn"),
    "cli.bad_argument": (E, "tham số không hợp lệ: {option}", "xem cách dùng: {prog} --help"),
    # sotay import: reading the guide
    "import.no_file": (E, "không tìm thấy tệp", "kiểm tra lại đường dẫn"),
    "import.suffix": (
        E,
        'không đọc được tệp "{suffix}"',
        "chỉ nhận .docx, .doc, .pdf, .txt hoặc .md; tệp khác: mở bằng Word rồi lưu thành .docx",
    ),
    "import.doc_no_converter": (
        E,
        "tệp Word 97-2003 (.doc) cần LibreOffice để chuyển sang .docx, máy này chưa có",
        "cài bằng lệnh: sudo apt-get install -y libreoffice-writer-nogui; hoặc mở tệp bằng "
        "Word, chọn Tệp › Lưu thành › .docx",
    ),
    "import.pdf_no_converter": (
        E,
        "đọc tệp PDF cần pdftotext, máy này chưa có",
        "cài bằng lệnh: sudo apt-get install -y poppler-utils; hoặc xin nơi gửi bản .docx",
    ),
    "import.pdf_scanned": (
        E,
        "tệp PDF là bản quét (chỉ có ảnh, không có lớp chữ): không đọc được",
        "xin nơi gửi bản .docx; nếu chỉ có bản giấy, nhận dạng chữ (OCR) rồi lưu thành .docx",
    ),
    "import.pdf_garbled": (
        E,
        'chữ tiếng Việt trong tệp PDF bị đọc sai ("{sample}"): phông chữ của PDF ánh xạ sai'
        " mã chữ, không nhập văn bản nào",
        "nhập tệp Word (.docx) của văn bản thay cho bản PDF",
    ),
    "import.convert_failed": (
        E,
        "{tool} không chuyển được tệp{reason}",
        "mở tệp bằng Word, chọn Tệp › Lưu thành › .docx rồi thử lại",
    ),
    "import.docx_invalid": (
        E,
        "tệp Word bị hỏng hoặc không phải .docx",
        'mở tệp bằng Word, chọn "Lưu thành…" kiểu "Tài liệu Word (*.docx)" rồi thử lại',
    ),
    "import.docx_members": (
        E,
        "tệp Word có {count} phần, quá giới hạn {limit}: chưa đọc",
        "tệp có thể đã bị sửa để gây hại; mở bằng Word, lưu thành .docx mới rồi thử lại",
    ),
    "import.docx_unpacked": (
        E,
        "tệp Word giải nén ra hơn {limit} MB (có thể là tệp nén độc hại): chưa đọc",
        "xóa bớt hình ảnh lớn trong tệp, lưu lại thành .docx rồi thử lại",
    ),
    "import.docx_ratio": (
        E,
        'phần "{member}" của tệp Word nén tới {ratio} lần (dấu hiệu tệp nén độc hại): chưa đọc',
        "đừng mở tệp không rõ nguồn gốc; xin bản gốc từ nơi gửi",
    ),
    "import.docx_xml": (
        E,
        'phần "{member}" của tệp Word bị hỏng (dòng {xml_line}): chưa đọc',
        'mở tệp bằng Word, chọn "Lưu thành…" kiểu "Tài liệu Word (*.docx)" rồi thử lại',
    ),
    "import.hidden_stamp": (
        E,
        'tệp Word có dấu "{stamp}" trong {where}: tài liệu mật, không nhập văn bản nào',
        "văn bản mật không được đưa lên trang; nếu dấu ghi nhầm, xóa nó trong Word rồi nhập lại",
    ),
    "import.stamped": (
        E,
        'dòng này là dấu "{stamp}": tài liệu mật, không nhập văn bản nào',
        "văn bản mật không được đưa lên trang; nếu dấu ghi nhầm, xóa nó trong tệp gốc rồi nhập lại",
    ),
    "import.docx_entities": (
        E,
        'phần "{member}" của tệp Word khai báo DTD hay thực thể XML, điều Word không bao giờ '
        "viết: chưa đọc",
        "tệp có thể đã bị sửa để gây hại; xin bản gốc từ nơi gửi",
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
    "import.unwritable": (
        E,
        "không ghi được các tệp đã nhập ({reason}): chưa ghi tệp nào",
        "kiểm tra chỗ trống trên đĩa và quyền ghi của thư mục dự án, rồi chạy lại",
    ),
    "import.exists": (
        E,
        "tệp đã có, không ghi đè",
        "chạy lại với --force để ghi đè, hoặc xóa/đổi tên tệp cũ",
    ),
    # sotay import: what the importer understood differently from the source
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
    # sotay import: what needs a human
    "import.no_parts": (
        W,
        "văn bản {number}: không nhận ra phần nào (Bối cảnh, Nội dung, Gợi ý); cả bản tóm tắt "
        'được đưa vào phần "Nội dung trọng tâm, cốt lõi", đã ghi needs_human',
        'tách lại các phần theo bản gốc, rồi xóa dòng "noi-dung" trong needs_human',
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
    "import.same_file": (
        W,
        "bản tóm tắt thứ hai của {label} trùng tệp với bản trước: chưa ghi bản này",
        "gộp hai bản tóm tắt trong hướng dẫn hoặc sửa số hiệu, rồi chạy lại với --force",
    ),
    # sotay new
    "new.invalid": (
        E,
        'số hiệu "{value}" không đúng dạng',
        "viết như 57-CT/TW: số, gạch nối, ký hiệu loại văn bản, dấu /, ký hiệu cơ quan",
    ),
    "new.exists": (E, "tệp đã có, không ghi đè", "chạy lại với --force để ghi đè"),
    # sotay build's cache (builder/outputs/cache.py): never trusted unchecked
    "cache.untrusted": (
        W,
        "bỏ qua bộ nhớ đệm {cache}: tệp hỏng, hoặc không do tài khoản này trên máy này ghi",
        "không cần làm gì: lần dựng này làm lại từ đầu và ghi bộ nhớ đệm mới",
    ),
    "cache.site_changed": (
        W,
        "bỏ qua bộ nhớ đệm: tệp {file} trong {site}/ đã bị sửa hoặc bị xóa sau lần dựng trước",
        "không cần làm gì: lần dựng này làm lại toàn bộ thư mục {site}/",
    ),
    # status lines (no severity): what a command did
    "summary": (
        None,
        "{directives} văn bản{campaigns} hợp lệ; {errors} lỗi, {warnings} cảnh báo.",
        "",
    ),
    "summary.campaigns": (None, ", {count} đợt học tập", ""),
    "check.done": (None, "Kiểm tra xong: {summary}", ""),
    "build.done": (None, "Đã dựng trang vào {site}/ trong {seconds:.1f} giây: {summary}", ""),
    "build.refused": (None, "Chưa dựng trang: {summary} Thư mục {site}/ giữ nguyên.", ""),
    "build.failed": (None, "Chưa dựng trang. Thư mục {site}/ giữ nguyên.", ""),
    "build.has_errors": (None, "Nội dung có lỗi, chưa dựng trang:", ""),
    "pdf.refused": (None, "Chưa in được: {summary}", ""),
    "pdf.done": (None, "Đã in {label} ra {output}", ""),
    "serve.started": (None, "Xem trước tại http://{addr}/ (Ctrl+C để dừng)", ""),
    "serve.has_errors": (None, "Nội dung có lỗi (xem khung đỏ trên trang):", ""),
    "serve.updated": (None, "Đã cập nhật {count} trang trong {seconds:.2f} giây.", ""),
    "serve.stopped": (None, "Đã dừng xem trước.", ""),
    "serve.bad_path": (None, "Địa chỉ không hợp lệ: không có trang nào ở địa chỉ này.", ""),
    "serve.banner": (None, "Nội dung có lỗi: trang đang hiển thị bản dựng trước.", ""),
    "serve.banner_advice": (None, "Sửa tệp rồi lưu lại, trang sẽ tự tải lại.", ""),
    "import.written": (None, "Đã ghi {path}: {label}", ""),
    "import.done": (
        None,
        "Nhập xong: {files} tệp; {human} văn bản cần người kiểm tra (needs_human), "
        "{failed} văn bản không nhập được; {notes} điểm cần kiểm tra (in ở trên). "
        "Chạy `sotay check` để kiểm tra lại.",
        "",
    ),
    "import.refused": (None, "Chưa nhập: không ghi tệp nào.", ""),
    "new.done": (None, "Đã tạo {path}", ""),
    "new.to_fill": (None, "Cần điền: {keys}. Xong thì chạy `sotay check`.", ""),
    # sotay build on a terminal: one progress line, rewritten in place (counts as "10.000")
    "build.progress": (None, "Đã đọc {read}/{files} tệp · đã ghi {written} trang", ""),
    "build.progress_left": (None, " · còn khoảng {seconds} giây", ""),
    "build.progress_left_minutes": (None, " · còn khoảng {minutes} phút", ""),
    "build.apart_killed": (
        None,
        "tiến trình tạo các tệp này dừng đột ngột (tín hiệu {signal})",
        "",
    ),
    # the results form (Phụ lục 2) and its returns, added up by `sotay bao-cao`
    "campaign.form_column_invalid": (
        E,
        "cột {value} của mẫu báo cáo không hợp lệ",
        "ghi tên cột, hoặc {{title: …, kind: count}}, hoặc {{group: Đảng viên, columns: […]}}",
    ),
    "campaign.form_key": (
        E,
        'khóa "{key}" không dùng được trong cột "{column}" của mẫu báo cáo',
        "các khóa của một cột: title, kind, part, of, at_most, completed_by_hand",
    ),
    "campaign.form_kind": (
        E,
        'cột "{column}": loại "{value}" không hợp lệ',
        "kind là một trong: count (số người, số hội nghị), percent (tỷ lệ %), text (chữ)",
    ),
    "campaign.form_ref": (
        E,
        'cột "{column}": {key} ghi "{value}" nhưng mẫu không có cột đó',
        "{close}",
    ),
    "campaign.form_percent": (
        E,
        'cột tỷ lệ "{column}" phải ghi part (số được tính) và of (số để so sánh)',
        'ví dụ "part: Tổng số ĐV được học tập, quán triệt" và '
        '"of: Tổng số đảng viên được triệu tập"',
    ),
    "campaign.units_invalid": (
        E,
        '"units" phải là danh sách tên các đơn vị phải báo cáo',
        'ví dụ "units: [Chi bộ Thôn 1, Chi bộ Thôn 2]"',
    ),
    "campaign.unit_twice": (W, 'đơn vị "{unit}" có hai lần trong "units"', "xóa một lần"),
    "report.no_campaign": (
        E,
        'không có đợt học tập "{target}"',
        "ghi số hướng dẫn (như 27-HD/BXDĐĐU) hoặc tên tệp đợt học tập; {choices}",
    ),
    "report.no_form": (
        E,
        "{label} không có mẫu báo cáo (report_form)",
        "thêm report_form vào tệp đợt học tập",
    ),
    "report.unreadable": (
        E,
        "không đọc được tệp ({reason})",
        "lưu lại bảng tính dạng Excel (.xlsx) hoặc CSV rồi gửi lại",
    ),
    "report.no_header": (
        E,
        'không thấy dòng tiêu đề có cột "Tên đơn vị"',
        "giữ nguyên các dòng tiêu đề của mẫu Phụ lục 2 (tải ở trang đợt học tập)",
    ),
    "report.missing_column": (
        W,
        'thiếu cột "{column}": coi như để trống',
        "dùng mẫu Phụ lục 2 của đợt học tập, không xóa cột",
    ),
    "report.no_unit": (
        E,
        "dòng có số liệu nhưng không ghi tên đơn vị",
        'ghi tên đơn vị vào cột "Tên đơn vị"',
    ),
    "report.not_number": (
        E,
        '{unit}, cột "{column}": "{value}" không phải số nguyên',
        "ghi số nguyên, ví dụ 25 (không ghi chữ, không có phần thập phân)",
    ),
    "report.negative": (E, '{unit}, cột "{column}": số âm ({value})', "số người, số hội nghị ≥ 0"),
    "report.exceeds": (
        E,
        '{unit}: "{column}" ({value}) nhiều hơn "{limit}" ({limit_value})',
        "số được học tập không quá số được triệu tập; số được triệu tập không quá tổng số",
    ),
    "report.percent": (
        W,
        '{unit}, cột "{column}": ghi {value}% nhưng {part}/{of} là {expected}%',
        "bảng tổng hợp tính lại tỷ lệ từ các con số; kiểm tra lại số liệu",
    ),
    "report.duplicate": (
        E,
        'đơn vị "{unit}" đã báo cáo ở {first}',
        "giữ một bản; nếu là hai đơn vị khác nhau, ghi rõ tên từng đơn vị",
    ),
    "report.unknown_unit": (
        W,
        'đơn vị "{unit}" không có trong danh sách "units" của đợt học tập',
        "{close}",
    ),
    "report.done": (
        None,
        "Đã tổng hợp {units} đơn vị từ {files} tệp vào {xlsx} và {html}. {missing}",
        "",
    ),
    "report.missing": (None, "Chưa báo cáo ({count}): {units}.", ""),
    "report.all_in": (None, "Đủ các đơn vị.", ""),
    "report.incomplete": (
        None,
        "Bảng tổng hợp CHƯA ĐỦ: {errors} lỗi ở {files}; các dòng có lỗi không được cộng.",
        "",
    ),
    # loudspeaker bulletins (directives/phat-thanh/), `sotay new --phat-thanh`
    "bulletin.unknown_target": (
        E,
        'bản tin ghi "for: {value}" nhưng không có văn bản hay đợt học tập nào như vậy',
        "ghi số hiệu một văn bản có bản tóm tắt (57-CT/TW), số hiệu hướng dẫn của một đợt học "
        "tập (27-HD/BXDĐĐU) hoặc tên tệp đợt học tập; {close}",
    ),
    "bulletin.for_secret": (
        E,
        'bản tin viết cho văn bản mật "{value}": không được đưa lên trang',
        "xóa tệp này; không đọc nội dung tài liệu mật trên loa truyền thanh",
    ),
    "bulletin.empty": (
        E,
        "bản tin chưa có nội dung để đọc",
        "viết nội dung đọc trên loa sau dòng --- thứ hai, mỗi đoạn cách nhau một dòng trống",
    ),
    "bulletin.not_plain": (
        E,
        "bản tin có {what}: bản tin chỉ gồm các đoạn văn để đọc to",
        "viết thành câu, thành đoạn; người nghe loa không nhìn thấy bảng, ảnh hay mã",
    ),
    "bulletin.order": (
        E,
        '"order" (thứ tự trong đợt học tập) phải là số nguyên từ 1 trở lên, không phải "{value}"',
        'ví dụ "order: 1" cho bản tin đọc đầu tiên',
    ),
    "bulletin.draft_value": (
        E,
        '"draft" (bản nháp) chỉ nhận true hoặc false, không phải "{value}"',
        'viết "draft: true" khi còn là bản nháp; xóa dòng hoặc viết "draft: false" khi đã duyệt',
    ),
    "bulletin.draft": (
        W,
        'bản tin "{title}" còn là bản nháp (draft: true): chưa được đưa lên trang',
        'người viết sửa lại cho đúng, người duyệt xem xong thì xóa dòng "draft: true"',
    ),
    "bulletin.too_long": (
        W,
        "bản tin dài {words} tiếng, thừa khoảng {excess} tiếng so với một trang A4 chữ {size} pt: "
        "khi in, chữ được thu nhỏ còn {fitting} pt cho vừa một trang",
        "rút gọn bản tin để in chữ {size} pt, người đọc loa dễ theo dõi",
    ),
    "bulletin.over_sheet": (
        W,
        "bản tin dài {words} tiếng, thừa khoảng {excess} tiếng so với một trang A4 chữ {size} pt; "
        "in chữ nhỏ nhất ({smallest} pt) vẫn sang trang thứ hai (thừa khoảng {over} tiếng)",
        "rút gọn bản tin cho vừa một trang giấy A4 của người đọc loa",
    ),
    "bulletin.not_allowed": (
        E,
        '"{name}" không được đọc: thư mục {folder}/ chỉ nhận tệp bản tin ".md"',
        "chuyển tệp ra khỏi {folder}/, hoặc đổi tên thành tệp .md (chữ thường)",
    ),
    "bulletin.no_directive": (
        E,
        'không có văn bản "{target}" có bản tóm tắt hợp lệ để soạn bản tin',
        "ghi số hiệu như 57-CT/TW; chạy sotay check để xem văn bản có lỗi không",
    ),
    "bulletin.new_done": (
        None,
        "Đã tạo bản nháp {path} từ {count} ý của đề cương. Sửa cho dễ nghe, nhờ người duyệt, "
        'rồi xóa dòng "draft: true".',
        "",
    ),
    # translations (directives/dich/<lang>/<slug>.md) and their table of languages
    "translation.orphan": (
        E,
        'bản dịch "{name}" không có bản tóm tắt cùng tên',
        'tên tệp bản dịch phải trùng tên tệp tóm tắt: tạo "{folder}/{name}" hoặc đổi tên tệp này',
    ),
    "translation.lang_unknown": (
        E,
        'ngôn ngữ "{lang}" không có trong bảng ngôn ngữ {table}',
        'khai báo "{lang}" trong {table} (tên tiếng Việt, tên tự gọi, tiêu đề ba phần); '
        "các mã đã khai báo: {known}",
    ),
    "translation.lang_folder": (
        E,
        'mã ngôn ngữ "{lang}" khác tên thư mục "{folder}" chứa bản dịch',
        'ghi "lang: {folder}", hoặc chuyển tệp vào thư mục "{lang}"',
    ),
    "translation.part_missing": (
        E,
        'bản dịch thiếu phần "{title}" ("{summary_title}" của bản tóm tắt)',
        'thêm tiêu đề "## {title}" rồi dịch phần này; tiêu đề lấy đúng như bảng ngôn ngữ ghi',
    ),
    "translation.part_extra": (
        E,
        'phần "{title}" của bản dịch không có trong bản tóm tắt',
        "bản dịch có đúng các phần của bản tóm tắt, tiêu đề viết như bảng ngôn ngữ: {headings}",
    ),
    "translation.stale": (
        W,
        "bản dịch có thể đã cũ: dịch ngày {date}, bản tóm tắt sửa ngày {changed}",
        'đối chiếu bản dịch với bản tóm tắt mới, sửa nếu cần, rồi ghi ngày dịch mới ở "date"',
    ),
    "translation.not_allowed": (
        E,
        'tệp "{name}" không thuộc thư mục bản dịch {folder}/',
        "trong {folder}/ chỉ có bảng ngôn ngữ {table} và các thư mục mã ngôn ngữ chứa tệp .md; "
        "chuyển tệp này ra nơi khác",
    ),
    "language.table_invalid": (
        E,
        "bảng ngôn ngữ phải liệt kê các mã ngôn ngữ, mỗi mã một mục",
        'viết theo mẫu: "hnj: {{name: tiếng …, own_name: …, headings: {{boi-canh: …, '
        'noi-dung: …, goi-y: …}}}}"',
    ),
    "language.entry_invalid": (
        E,
        'mục "{lang}" của bảng ngôn ngữ không hợp lệ: {reason}',
        'mỗi ngôn ngữ viết theo mẫu: "{lang}: {{name: tiếng …, own_name: …, headings: '
        '{{boi-canh: …, noi-dung: …, goi-y: …}}}}"',
    ),
    "language.heading_missing": (
        E,
        'ngôn ngữ "{lang}" thiếu tiêu đề phần "{title}"',
        'thêm dòng "{key}: …" dưới "headings:" của "{lang}", viết tiêu đề bằng {name}',
    ),
    # share cards: key_points and `sotay anh`
    "key_points.count": (
        E,
        "key_points (ý chính trên ảnh chia sẻ) có {count} ý: cần từ {low} đến {high} ý",
        "chọn {low} đến {high} cụm từ ngắn chép nguyên văn từ bản tóm tắt, hoặc bỏ hẳn key_points",
    ),
    "key_points.too_long": (
        E,
        'ý chính dài {length} ký tự (tối đa {limit}): "{point}"',
        "chọn một cụm từ ngắn hơn trong câu đó, chép nguyên văn",
    ),
    "key_points.not_in_body": (
        E,
        'ý chính "{point}" không có nguyên văn trong bản tóm tắt',
        "chép đúng cụm từ trong bài, không viết lại (chữ hoa, chữ thường và khoảng trắng "
        "không tính){close}",
    ),
    "key_points.repeated": (
        E,
        'ý chính "{point}" đã ghi ở dòng {first}',
        "mỗi ý chính chỉ ghi một lần; xoá dòng này hoặc chọn một cụm từ khác trong bài",
    ),
    "card.no_target": (E, 'không có văn bản "{target}"', "{suggestion}"),
    "card.ambiguous": (
        E,
        '"{target}" ứng với nhiều văn bản: {choices}',
        "ghi đủ số hiệu, ví dụ sotay anh {first}",
    ),
    "card.refused": (None, "Chưa ghi được ảnh: {summary}", ""),
    "card.done": (None, "Đã ghi ảnh {label} ra {output}", ""),
    "card.done_all": (None, "Đã ghi {count} ảnh vào {folder}", ""),
}


LANGUAGE_REASONS = {
    "code": 'mã "{lang}" không phải mã BCP 47 viết chữ thường (như hnj, blt, tdd)',
    "taken": 'mã "{lang}" trùng tên thư mục của một trang văn bản ({taken})',
    "shape": "cần các khóa name, own_name và headings",
    "key": 'khóa "{key}" không dùng; các khóa: name, own_name, headings',
    "text": 'thiếu "{key}" ({label})',
    "headings": 'thiếu "headings" (tiêu đề ba phần)',
    "part": 'phần "{key}" không có; các phần: boi-canh, noi-dung, goi-y',
}
"""Why an entry of the table of languages is invalid: the `{reason}` of
`language.entry_invalid`."""


class DecimalComma(float):
    """A float that formats as Vietnamese writes it: 4,23 giây, not 4.23."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec).replace(".", ",")


def _vietnamese(values: dict[str, Any]) -> dict[str, Any]:
    return {k: DecimalComma(v) if isinstance(v, float) else v for k, v in values.items()}


WRITE_REASONS = {
    errno.ENOSPC: "đĩa đã đầy",
    errno.EDQUOT: "hết hạn mức dung lượng",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
}
"""Why a file could not be written, as a user says it (the OS says it in English)."""


def write_reason(error: OSError) -> str:
    return WRITE_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


def diagnostic(code: str, path: str, line: int, **values: Any) -> Diagnostic:
    """Build the diagnostic `code` for `path:line`, filling the templates with `values`."""
    severity, message, hint = MESSAGES[code]
    values = _vietnamese(values)
    if severity is None:
        raise ValueError(f"{code} is a status line, not a diagnostic")
    return Diagnostic(
        path=path,
        line=line,
        severity=severity,
        code=code,
        message=message.format(**values),
        hint=hint.format(**values),
    )


def problem(code: str, **values: Any) -> str:
    """A problem of the whole command, tied to no file: "lỗi: … (gợi ý: …)"."""
    return diagnostic(code, "", 0, **values).format()


def message(code: str, **values: Any) -> str:
    """The text of `code` alone: a status line, or a problem to be reported by the caller."""
    return MESSAGES[code][1].format(**_vietnamese(values))


def did_you_mean(value: str, choices: list[str], fallback: str) -> str:
    """A hint naming the nearest valid value, or `fallback` listing them all."""
    import difflib

    from builder.core.text import fold

    folded = {fold(c).lower(): c for c in choices}
    probe = fold(value).lower().replace(" ", "-")
    close = difflib.get_close_matches(probe, list(folded), n=1, cutoff=0.6)
    if close:
        return f'có phải "{folded[close[0]]}"?'
    return fallback
