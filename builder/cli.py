"""The `sotay` command: parses arguments and calls the core or the adapter, nothing more."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from builder.cli_args import Parser
from builder.core import urls
from builder.core.messages import diagnostic, message, problem
from builder.core.numbers import vn_count
from builder.outputs import cache, site
from builder.pipeline import FileCache, Result, Scale, load_corpus

CHECK = (
    "Đọc mọi tệp văn bản và đợt học tập, in từng lỗi với tên tệp và số dòng; không ghi gì. "
    "Ví dụ: sotay check --strict"
)
BUILD = (
    "Kiểm tra rồi dựng cả trang (tìm kiếm, đọc khi không có mạng, bản in) vào thư mục site/; "
    "có lỗi thì giữ nguyên bản cũ. Ví dụ: sotay build"
)
PDF = (
    "In đề cương báo cáo của một văn bản, hoặc tập đề cương của cả đợt học tập, ra tệp PDF "
    "khổ A4 bằng trình duyệt Chromium; cũng in bản tin phát thanh và đề cương bản dịch (xem "
    "tùy chọn). Ví dụ: sotay pdf 57-CT/TW, sotay pdf 27-HD/BXDĐĐU"
)
SERVE = (
    "Dựng trang và mở xem trước tại địa chỉ đã chọn; sửa và lưu tệp thì trang tự tải lại. "
    "Ví dụ: sotay serve --addr 127.0.0.1:8001"
)
IMPORT = (
    "Đọc Phụ lục 1 (danh mục văn bản) của một hướng dẫn học tập và ghi một tệp mẫu cho mỗi "
    "văn bản cùng tệp đợt học tập. Ví dụ: sotay import huong-dan-27.docx"
)
NEW = (
    "Tạo tệp mẫu có sẵn phần thông tin đầu tệp và ba phần tóm tắt. "
    "Ví dụ: sotay new 59-CT/TW, sotay new 27-HD/BXDĐĐU --campaign; bản nháp bản tin phát "
    "thanh: sotay new --phat-thanh 57-CT/TW"
)
REPORT = (
    "Đọc các bảng Phụ lục 2 các đơn vị gửi về (Excel .xlsx, LibreOffice, CSV tải từ điện thoại), "
    "kiểm tra từng dòng rồi cộng lại thành bảng tổng hợp (.xlsx) và trang in A4 sẵn để ký gửi "
    "cấp trên. Ví dụ: sotay bao-cao 27-HD/BXDĐĐU chi-bo-1.xlsx chi-bo-2.csv"
)

CARD = (
    "Vẽ ảnh chia sẻ (PNG 1080×1350: số hiệu, trích yếu, các ý chính) của một văn bản, hoặc của "
    "mọi văn bản khi không ghi số hiệu, bằng trình duyệt Chromium. Ví dụ: sotay anh 57-CT/TW"
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.root = args.root or find_root(Path.cwd())
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last resort: never show a traceback to an office user
        if os.environ.get("SOTAY_DEBUG"):
            raise
        kind = type(error).__name__
        print(problem("run.unexpected", kind=kind, error=error), file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="sotay", description="Sổ tay báo cáo viên: dựng trang từ các bản tóm tắt văn bản."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help="thư mục dự án (mặc định: thư mục có mkdocs.yml, tìm từ thư mục hiện tại trở lên)",
    )
    commands = parser.add_subparsers(title="lệnh", required=True, metavar="LỆNH")
    check = _command(commands, "check", "chỉ kiểm tra nội dung", CHECK)
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    check.add_argument("--format", choices=["text", "json"], default="text", help="dạng kết quả")
    check.set_defaults(run=run_check)
    build = _command(commands, "build", "kiểm tra rồi dựng trang vào site/", BUILD)
    build.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    build.add_argument(
        "--site-dir", type=Path, default=None, help="thư mục kết quả (mặc định: site/)"
    )
    build.add_argument(
        "--jobs",
        type=jobs_count,
        default=None,
        metavar="N",
        help="số tiến trình đọc và dựng văn bản cùng lúc (mặc định: số lõi của máy)",
    )
    build.add_argument(
        "--clean",
        action="store_true",
        help=f"bỏ qua bộ nhớ đệm {urls.BUILD_CACHE_DIR}/, dựng lại mọi trang từ đầu (tự động "
        f"khi có hơn {vn_count(cache.CACHED_UP_TO)} văn bản, để bộ nhớ máy không tăng theo)",
    )
    build.set_defaults(run=run_build)
    pdf = _command(commands, "pdf", "in đề cương một văn bản hoặc cả đợt học tập ra PDF", PDF)
    pdf.add_argument(
        "target",
        metavar="SỐ_HIỆU",
        help="số hiệu văn bản (57-CT/TW, hoặc chỉ 57) hoặc số hiệu/tên tệp hướng dẫn",
    )
    pdf.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="TỆP",
        help=f"tệp PDF kết quả (mặc định: trong thư mục {urls.PDF_DIR}/ của dự án)",
    )
    which = pdf.add_mutually_exclusive_group()
    which.add_argument(
        "--phat-thanh",
        action="store_true",
        help="in bản tin phát thanh (tên tệp bản tin, hoặc số hiệu văn bản có một bản tin)",
    )
    which.add_argument(
        "--ban-dich",
        metavar="MÃ",
        default=None,
        help=f"in đề cương bản dịch sang ngôn ngữ có mã này ({urls.TRANSLATIONS_DIR}/<mã>/)",
    )
    pdf.set_defaults(run=run_pdf)
    serve = _command(commands, "serve", "xem trước trên máy, tự tải lại khi sửa tệp", SERVE)
    serve.add_argument(
        "--addr", default="127.0.0.1:8000", help="địa chỉ (mặc định: 127.0.0.1:8000)"
    )
    serve.set_defaults(run=run_serve)
    _add_import_and_new(commands)
    _add_report(commands)
    _add_card(commands)
    return parser


def _add_card(commands: argparse._SubParsersAction[Parser]) -> None:
    card = _command(commands, "anh", "vẽ ảnh chia sẻ của một hay mọi văn bản ra PNG", CARD)
    card.add_argument(
        "target",
        nargs="?",
        default=None,
        metavar="SỐ_HIỆU",
        help="số hiệu văn bản (57-CT/TW, hoặc chỉ 57) hay tên tệp; bỏ trống: mọi văn bản",
    )
    card.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help=f"thư mục ghi ảnh (mặc định: thư mục {urls.CARD_DIR}/ của dự án)",
    )
    card.set_defaults(run=run_card)


def _add_report(commands: argparse._SubParsersAction[Parser]) -> None:
    report = _command(commands, "bao-cao", "cộng các bảng Phụ lục 2 các đơn vị gửi về", REPORT)
    report.add_argument(
        "campaign",
        metavar="ĐỢT",
        help="số hướng dẫn (27-HD/BXDĐĐU) hoặc tên tệp đợt học tập (han-thang-5-2026)",
    )
    report.add_argument(
        "files", nargs="+", type=Path, metavar="TỆP", help="các bảng đơn vị gửi về (.xlsx, .csv)"
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help=f"thư mục ghi bảng tổng hợp (mặc định: {urls.REPORT_DIR}/<tên đợt>/ của dự án)",
    )
    report.set_defaults(run=run_report)


def _add_import_and_new(commands: argparse._SubParsersAction[Parser]) -> None:
    guide = _command(
        commands,
        "import",
        "nhập Phụ lục 1 của một hướng dẫn (.docx, .doc, .pdf, .txt, .md) thành các tệp văn bản",
        IMPORT,
    )
    guide.add_argument("file", type=Path, metavar="TỆP", help="tệp hướng dẫn")
    guide.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    _add_folders(guide)
    guide.set_defaults(run=run_import)
    new = _command(commands, "new", "tạo tệp mẫu cho một văn bản hoặc một đợt học tập", NEW)
    new.add_argument(
        "number",
        metavar="SỐ_HIỆU",
        help="số hiệu văn bản (57-CT/TW) hoặc hướng dẫn (với --campaign)",
    )
    new.add_argument("--campaign", action="store_true", help="tạo tệp đợt học tập")
    new.add_argument(
        "--phat-thanh",
        action="store_true",
        help="soạn bản nháp bản tin phát thanh từ đề cương của văn bản (draft: true)",
    )
    new.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    _add_folders(new)
    new.set_defaults(run=run_new)


def _command(
    commands: argparse._SubParsersAction[Parser],
    name: str,
    summary: str,
    description: str,
) -> argparse.ArgumentParser:
    """A sub-command: its one-line summary in `sotay --help`, its description in its own."""
    return commands.add_parser(name, help=summary, description=description)


def find_root(start: Path) -> Path:
    """The nearest folder from `start` up that holds mkdocs.yml (as git finds .git), else start."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def _add_folders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--directives-dir",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help=f"thư mục văn bản (mặc định: theo mkdocs.yml, hoặc {urls.DIRECTIVES_DIR}/)",
    )
    parser.add_argument(
        "--content-dir",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help=f"thư mục nội dung (mặc định: {urls.CONTENT_DIR}/)",
    )


def _directives_dir(root: Path) -> str:
    from builder.adapter.plugin import configured_directives_dir

    return configured_directives_dir(root / "mkdocs.yml")


def _load(root: Path, files: FileCache | None = None, scale: Scale | None = None) -> Result:
    """The corpus under the directives folder that mkdocs.yml names."""
    return load_corpus(root, _directives_dir(root), files, scale)


def jobs_count(text: str) -> int:
    """`--jobs`: a whole number of processes, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(text)
    return int(text)


def _failed(result: Result, strict: bool) -> bool:
    return not result.ok or (strict and bool(result.diagnostics))


def _report(result: Result) -> None:
    for found in result.diagnostics:
        print(found.format(), file=sys.stderr)


def _summary(result: Result) -> str:
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    count = len(result.corpus.campaigns)
    campaigns = message("summary.campaigns", count=count) if count else ""
    directives = len(result.corpus.directives)
    return message(
        "summary", directives=directives, campaigns=campaigns, errors=errors, warnings=warnings
    )


def run_check(args: argparse.Namespace) -> int:
    result = _load(args.root)
    if args.format == "json":
        payload = [d.as_dict() for d in result.diagnostics]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _report(result)
        print(message("check.done", summary=_summary(result)))
    return 1 if _failed(result, args.strict) else 0


def run_build(args: argparse.Namespace) -> int:
    with cache.build_lock(args.root) as alone:
        if not alone:
            print(problem("build.running", folder=args.root.resolve()), file=sys.stderr)
            return 1
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from builder.adapter.build import build_site
    from builder.cli_progress import Progress
    from builder.render.templating import use_bytecode_cache

    started = time.perf_counter()
    progress = Progress()
    config_file = args.root / "mkdocs.yml"
    # `--clean` (or a corpus over `cache.CACHED_UP_TO`): from nothing, bodies kept on disk (a
    # large corpus' memory), no cache left; otherwise the build cache: only what changed since
    # the last build is made again.
    clean = args.clean or not cache.caches(args.root, _directives_dir(args.root))
    key = cache.cache_key(config_file) if config_file.is_file() and not clean else None
    loaded = cache.load(args.root, key, clean=clean)
    if loaded.distrust:
        print(problem("cache.untrusted", cache=loaded.distrust), file=sys.stderr)
    state = loaded.state if key is not None else None
    templates = cache.TemplateCache(args.root, key) if key is not None else None
    use_bytecode_cache(templates)
    scale = Scale(jobs=args.jobs, spill=state is None, on_read=progress.on_read)
    result = _load(args.root, state.files if state is not None else None, scale)
    progress.done()
    _report(result)
    site_dir = (args.site_dir or args.root / "site").resolve()
    sources = (*urls.SOURCE_FOLDERS, _directives_dir(args.root))
    unsafe = site.refuse(args.root, site_dir, sources)
    if unsafe is not None:
        print(unsafe.format(), file=sys.stderr)
        return 1
    site.remove_stale(site_dir)
    if _failed(result, args.strict):
        refusal = message("build.refused", summary=_summary(result), site=site_dir.name)
        print(refusal, file=sys.stderr)
        return 1
    staging = site.staging_dir(site_dir)
    carried = state is not None and loaded.trusted and _carry(args.root, state, site_dir, staging)
    fills = state is not None and not loaded.trusted  # the first build of this cache
    error = build_site(
        config_file, staging, result, progress.on_pages, state, carried, templates, fills
    )
    progress.done()
    if error:
        shutil.rmtree(staging, ignore_errors=True)
        print(problem("run.failed", reason=error), file=sys.stderr)
        print(message("build.failed", site=site_dir.name), file=sys.stderr)
        return 1
    built = cache.stamps(staging) if state is not None and key is not None else {}
    kept = site.swap_in(staging, site_dir, cache.spare_dir(args.root) if carried else None)
    if state is not None and key is not None:
        state.folder, state.spare, state.site = str(site_dir), state.site if kept else {}, built
        cache.save(args.root, key, state)
    if templates is not None:
        templates.save()
    elif clean:
        cache.forget(args.root)  # the next build starts from this one
    elapsed = time.perf_counter() - started
    print(message("build.done", site=site_dir.name, seconds=elapsed, summary=_summary(result)))
    return 0


def _carry(root: Path, state: cache.BuildState, site_dir: Path, staging: Path) -> bool:
    """Copy the last site into `staging` when the cache knows it; a file changed by hand
    since (named in a warning) means building everything again."""
    if state.folder != str(site_dir) or not site_dir.is_dir():
        return False
    changed = cache.carry_site(state, site_dir, staging, cache.spare_dir(root))
    if changed:
        shutil.rmtree(staging, ignore_errors=True)
        shown = site.shown(site_dir, Path.cwd()).rstrip("/")
        print(problem("cache.site_changed", file=changed, site=shown), file=sys.stderr)
    return not changed


def _checked(root: Path, refusal: str) -> Result | None:
    """The corpus, its problems printed; None (after the message `refusal`) when it has errors."""
    result = _load(root)
    _report(result)
    if result.ok:
        return result
    print(message(refusal, summary=_summary(result)), file=sys.stderr)
    return None


def run_pdf(args: argparse.Namespace) -> int:
    from builder.adapter.build import build_site
    from builder.outputs.pdf import (
        find_bulletin,
        find_target,
        find_translation,
        print_pdf,
        temporary_site,
    )

    result = _checked(args.root, "pdf.refused")
    if result is None:
        return 1
    if args.phat_thanh:
        target = find_bulletin(result.corpus, args.target)
    elif args.ban_dich:
        target = find_translation(result.corpus, args.target, args.ban_dich)
    else:
        target = find_target(result.corpus, args.target)
    if isinstance(target, str):
        print(target, file=sys.stderr)
        return 1
    output = args.output or args.root / urls.PDF_DIR / target.filename
    output.parent.mkdir(parents=True, exist_ok=True)
    with temporary_site() as folder:
        site = Path(folder) / "site"
        error = build_site(args.root / "mkdocs.yml", site, result) or print_pdf(
            site, target, output
        )
    if error:
        print(problem("run.failed", reason=error), file=sys.stderr)
        return 1
    print(message("pdf.done", label=target.label, output=_shown(output)))
    return 0


def run_card(args: argparse.Namespace) -> int:
    from builder.adapter.build import build_site
    from builder.outputs.card import find_directives, write_pngs
    from builder.outputs.pdf import temporary_site

    result = _checked(args.root, "card.refused")
    if result is None:
        return 1
    found = find_directives(result.corpus, args.target)
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 1
    folder = args.output or args.root / urls.CARD_DIR
    with temporary_site() as temporary:
        site = Path(temporary) / "site"
        error = build_site(args.root / "mkdocs.yml", site, result) or write_pngs(
            site, found, folder
        )
    if error:
        print(problem("run.failed", reason=error), file=sys.stderr)
        return 1
    if args.target is None:
        print(message("card.done_all", count=len(found), folder=f"{_shown(folder)}/"))
    else:
        output = _shown(folder / urls.card_png(found[0].slug))
        print(message("card.done", label=found[0].display_number, output=output))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from builder.adapter.serve import serve

    config_file = args.root / "mkdocs.yml"
    if not config_file.is_file():
        print(problem("serve.no_config", config=_shown(config_file)), file=sys.stderr)
        return 1
    unusable = address_problem(args.addr)
    if unusable:
        print(unusable, file=sys.stderr)
        return 1
    print(message("serve.started", addr=args.addr))
    serve(config_file, args.addr)
    return 0


_BIND_REASONS = {
    13: "không có quyền dùng cổng này; cổng dưới 1024 cần quyền quản trị",
    99: "máy này không có địa chỉ đó",
}


def address_problem(address: str) -> str | None:
    """Why `sotay serve` cannot listen on `address`, asked before building; None when it can."""
    import errno
    import socket

    host, _, port = address.rpartition(":")
    host = host or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        return problem("serve.bad_addr", addr=address, reason="cổng phải là số từ 1 đến 65535")
    with socket.socket() as probe:
        # The preview server sets SO_REUSEADDR too, so a port left in TIME_WAIT is not "busy".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except socket.gaierror:
            return problem("serve.bad_addr", addr=address, reason=f'không có máy "{host}"')
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                reason = _BIND_REASONS.get(error.errno or 0, os.strerror(error.errno or 0))
                return problem("serve.bad_addr", addr=address, reason=reason)
            other = int(port) + 1 if int(port) < 65535 else 8000
            return problem("serve.port_busy", port=port, addr=address, host=host, other=other)
    return None


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    return (
        args.directives_dir or args.root / _directives_dir(args.root),
        args.content_dir or args.root / urls.CONTENT_DIR,
    )


def _new_bulletin(args: argparse.Namespace, directives: Path) -> int:
    """`sotay new --phat-thanh 57-CT/TW`: a draft bulletin from the summary's outline."""
    from builder.authoring.new import bulletin_draft
    from builder.core.schema import number_key

    try:
        folder = directives.resolve().relative_to(args.root.resolve()).as_posix()
    except ValueError:
        folder = str(directives)
    result = load_corpus(args.root, folder)
    key = number_key(args.number)
    found = [
        d
        for d in result.corpus.directives.values()
        if (d.number and number_key(d.number) == key) or d.slug == args.number
    ]
    if len(found) != 1:
        print(problem("bulletin.no_directive", target=args.number), file=sys.stderr)
        return 1
    draft = bulletin_draft(found[0], directives)
    shown = _shown(draft.path)
    if draft.path.exists() and not args.force:
        print(diagnostic("new.exists", shown, 0).format(), file=sys.stderr)
        return 1
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    draft.path.write_text(draft.text, encoding="utf-8", newline="\n")
    print(message("bulletin.new_done", path=shown, count=draft.points))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from builder.authoring.importer.run import Target, import_guide, shown_path

    directives, content = _folders(args)
    target = Target(directives, content, _shown(directives), _shown(content), args.force)
    outcome = import_guide(args.file, _shown(args.file), target)
    for draft in outcome.written:
        print(message("import.written", path=shown_path(draft, target), label=draft.label))
    for note in outcome.notes if outcome.ok else []:
        print(note.format(), file=sys.stderr)
    for error in outcome.errors:
        print(error.format(), file=sys.stderr)
    if not outcome.ok:
        print(message("import.refused"), file=sys.stderr)
        return 1
    counts = {"human": outcome.needs_human, "failed": outcome.not_imported}
    print(message("import.done", files=len(outcome.written), notes=len(outcome.notes), **counts))
    return 0 if outcome.complete else 1


def run_new(args: argparse.Namespace) -> int:
    from builder.authoring.new import campaign_skeleton, directive_skeleton, write_skeleton
    from builder.core.diagnostics import Diagnostic

    directives, content = _folders(args)
    if args.phat_thanh:
        return _new_bulletin(args, directives)
    if args.campaign:
        skeleton = campaign_skeleton(args.number, content)
    else:
        skeleton = directive_skeleton(args.number, directives)
    if isinstance(skeleton, Diagnostic):
        print(skeleton.format(), file=sys.stderr)
        return 1
    shown = _shown(skeleton.path)
    if not write_skeleton(skeleton, args.force):
        print(diagnostic("new.exists", shown, 0).format(), file=sys.stderr)
        return 1
    print(message("new.done", path=shown))
    print(message("new.to_fill", keys=", ".join(skeleton.to_fill)))
    return 0


def run_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from builder.authoring.report.run import add_up, find_campaign
    from builder.core.diagnostics import Diagnostic

    campaign = find_campaign(_load(args.root).corpus, args.campaign)
    if isinstance(campaign, Diagnostic):
        print(campaign.format(), file=sys.stderr)
        return 1
    out = args.output or args.root / urls.REPORT_DIR / campaign.slug
    returns = [(path, _shown(path)) for path in args.files]
    outcome = add_up(campaign, returns, out, dt.date.today())
    for found in outcome.problems:
        print(found.format(), file=sys.stderr)
    summary = outcome.summary
    assert summary is not None
    if summary.missing:
        missing = message(
            "report.missing", count=len(summary.missing), units="; ".join(summary.missing)
        )
    else:
        missing = message("report.all_in") if campaign.units else ""
    xlsx, html = (_shown(p) for p in outcome.written)
    units, files = len(summary.rows), len(returns)
    print(
        message(
            "report.done", units=units, files=files, xlsx=xlsx, html=html, missing=missing
        ).rstrip()
    )
    if not outcome.ok:
        faulty = ", ".join(summary.faulty_files)
        print(message("report.incomplete", errors=summary.errors, files=faulty), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
