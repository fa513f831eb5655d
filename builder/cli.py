"""The `sotay` command: parses arguments and calls the core or the adapter, nothing more."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from builder.pipeline import Result, load_corpus


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # last resort: never show a traceback to an office user
        if os.environ.get("SOTAY_DEBUG"):
            raise
        print(f"lỗi: lỗi không mong đợi ({type(error).__name__}: {error})", file=sys.stderr)
        print(
            "gợi ý: chạy lại với SOTAY_DEBUG=1 và gửi kết quả cho người phát triển", file=sys.stderr
        )
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotay", description="Sổ tay báo cáo viên: dựng trang từ các bản tóm tắt văn bản."
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="thư mục dự án (mặc định: thư mục hiện tại)"
    )
    commands = parser.add_subparsers(title="lệnh", required=True, metavar="LỆNH")
    check = commands.add_parser("check", help="chỉ kiểm tra nội dung")
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    check.add_argument("--format", choices=["text", "json"], default="text", help="dạng kết quả")
    check.set_defaults(run=run_check)
    build = commands.add_parser("build", help="kiểm tra rồi dựng trang vào site/")
    build.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    build.add_argument(
        "--site-dir", type=Path, default=None, help="thư mục kết quả (mặc định: site/)"
    )
    build.set_defaults(run=run_build)
    pdf = commands.add_parser("pdf", help="in đề cương một văn bản hoặc cả đợt học tập ra PDF")
    pdf.add_argument("target", help="số hiệu văn bản (57-CT/TW) hoặc số hiệu/tên tệp hướng dẫn")
    pdf.add_argument("-o", "--output", type=Path, default=None, help="tệp PDF kết quả")
    pdf.set_defaults(run=run_pdf)
    serve = commands.add_parser("serve", help="xem trước trên máy, tự tải lại khi sửa tệp")
    serve.add_argument(
        "--addr", default="127.0.0.1:8000", help="địa chỉ (mặc định: 127.0.0.1:8000)"
    )
    serve.set_defaults(run=run_serve)
    _add_import_and_new(commands)
    return parser


def _add_import_and_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    guide = commands.add_parser(
        "import", help="nhập Phụ lục 1 của một hướng dẫn (.docx, .txt, .md) thành các tệp văn bản"
    )
    guide.add_argument("file", type=Path, help="tệp hướng dẫn")
    guide.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    _add_folders(guide)
    guide.set_defaults(run=run_import)
    new = commands.add_parser("new", help="tạo tệp mẫu cho một văn bản hoặc một đợt học tập")
    new.add_argument("number", help="số hiệu văn bản (57-CT/TW) hoặc hướng dẫn (với --campaign)")
    new.add_argument("--campaign", action="store_true", help="tạo tệp đợt học tập")
    new.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    _add_folders(new)
    new.set_defaults(run=run_new)


def _add_folders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--directives-dir", type=Path, default=None, help="thư mục văn bản (mặc định: directives/)"
    )
    parser.add_argument(
        "--content-dir", type=Path, default=None, help="thư mục nội dung (mặc định: content/)"
    )


def _failed(result: Result, strict: bool) -> bool:
    return not result.ok or (strict and bool(result.diagnostics))


def _report(result: Result) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _summary(result: Result) -> str:
    errors = sum(d.is_error for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    campaigns = f", {len(result.corpus.campaigns)} đợt học tập" if result.corpus.campaigns else ""
    valid = f"{len(result.corpus.directives)} văn bản{campaigns} hợp lệ"
    return f"{valid}; {errors} lỗi, {warnings} cảnh báo."


def run_check(args: argparse.Namespace) -> int:
    result = load_corpus(args.root)
    if args.format == "json":
        payload = [d.as_dict() for d in result.diagnostics]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _report(result)
        print(f"Kiểm tra xong: {_summary(result)}")
    return 1 if _failed(result, args.strict) else 0


def run_build(args: argparse.Namespace) -> int:
    from builder.adapter.build import build_site

    started = time.perf_counter()
    result = load_corpus(args.root)
    _report(result)
    site_dir = (args.site_dir or args.root / "site").resolve()
    if _failed(result, args.strict):
        print(
            f"Chưa dựng trang: {_summary(result)} Thư mục {site_dir.name}/ giữ nguyên.",
            file=sys.stderr,
        )
        return 1
    staging = site_dir.with_name(f"{site_dir.name}.tmp-{os.getpid()}")
    error = build_site(args.root / "mkdocs.yml", staging, result)
    if error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"lỗi: {error}", file=sys.stderr)
        print(f"Chưa dựng trang. Thư mục {site_dir.name}/ giữ nguyên.", file=sys.stderr)
        return 1
    _swap(staging, site_dir)
    elapsed = time.perf_counter() - started
    print(f"Đã dựng trang vào {site_dir.name}/ trong {elapsed:.1f} giây: {_summary(result)}")
    return 0


def _swap(staging: Path, site_dir: Path) -> None:
    """Replace the old site by the new one in two renames, so a reader never sees half."""
    old = site_dir.with_name(f"{site_dir.name}.old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _checked(root: Path, refusal: str) -> Result | None:
    """The corpus, its problems printed; None (after saying why) when it has errors."""
    result = load_corpus(root)
    _report(result)
    if result.ok:
        return result
    print(f"{refusal}: {_summary(result)}", file=sys.stderr)
    return None


def run_pdf(args: argparse.Namespace) -> int:
    from builder.adapter.build import build_site
    from builder.outputs.pdf import find_target, print_pdf, temporary_site

    result = _checked(args.root, "Chưa in được")
    if result is None:
        return 1
    target = find_target(result.corpus, args.target)
    if target is None:
        print(
            f'lỗi: không có văn bản hay đợt học tập "{args.target}" (gợi ý: ghi số hiệu '
            "như 57-CT/TW hoặc 27-HD/BXDĐĐU, hoặc tên tệp như han-thang-5-2026)",
            file=sys.stderr,
        )
        return 1
    output = args.output or Path(target.filename)
    with temporary_site() as folder:
        site = Path(folder) / "site"
        error = build_site(args.root / "mkdocs.yml", site, result) or print_pdf(
            site, target, output
        )
    if error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1
    print(f"Đã in {target.label} ra {output}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from builder.adapter.serve import serve

    config_file = args.root / "mkdocs.yml"
    if not config_file.is_file():
        print(
            f"lỗi: không thấy {config_file} (gợi ý: chạy lệnh trong thư mục dự án)", file=sys.stderr
        )
        return 1
    print(f"Xem trước tại http://{args.addr}/ (Ctrl+C để dừng)")
    serve(config_file, args.addr)
    return 0


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    return (
        args.directives_dir or args.root / "directives",
        args.content_dir or args.root / "content",
    )


def run_import(args: argparse.Namespace) -> int:
    from builder.authoring.importer.run import Target, import_guide, shown_path

    directives, content = _folders(args)
    target = Target(directives, content, _shown(directives), _shown(content), args.force)
    outcome = import_guide(args.file, _shown(args.file), target)
    for draft in outcome.written:
        print(f"Đã ghi {shown_path(draft, target)}: {draft.label}")
    for problem in outcome.notes if outcome.ok else []:
        print(problem.format(), file=sys.stderr)
    for problem in outcome.errors:
        print(problem.format(), file=sys.stderr)
    if not outcome.ok:
        print("Chưa nhập: không ghi tệp nào.", file=sys.stderr)
        return 1
    print(
        f"Nhập xong: {len(outcome.written)} tệp; {len(outcome.notes)} điểm cần kiểm tra "
        "(in ở trên). Chạy `sotay check` để kiểm tra lại."
    )
    return 0


def run_new(args: argparse.Namespace) -> int:
    from builder.authoring.new import campaign_skeleton, directive_skeleton, write_skeleton
    from builder.core.diagnostics import Diagnostic

    directives, content = _folders(args)
    if args.campaign:
        skeleton = campaign_skeleton(args.number, content)
    else:
        skeleton = directive_skeleton(args.number, directives)
    if isinstance(skeleton, Diagnostic):
        print(skeleton.format(), file=sys.stderr)
        return 1
    shown = _shown(skeleton.path)
    if not write_skeleton(skeleton, args.force):
        print(
            f"{shown}:0: lỗi: tệp đã có, không ghi đè (gợi ý: chạy lại với --force để ghi đè)",
            file=sys.stderr,
        )
        return 1
    print(f"Đã tạo {shown}")
    print(f"Cần điền: {', '.join(skeleton.to_fill)}. Xong thì chạy `sotay check`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
