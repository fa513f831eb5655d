"""The `sotay` command: parses arguments and calls the core or the adapter, nothing more."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from builder.core import urls
from builder.core.messages import diagnostic, message, problem
from builder.outputs import site
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
        kind = type(error).__name__
        print(problem("run.unexpected", kind=kind, error=error), file=sys.stderr)
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
        "--directives-dir",
        type=Path,
        default=None,
        help=f"thư mục văn bản (mặc định: theo mkdocs.yml, hoặc {urls.DIRECTIVES_DIR}/)",
    )
    parser.add_argument(
        "--content-dir",
        type=Path,
        default=None,
        help=f"thư mục nội dung (mặc định: {urls.CONTENT_DIR}/)",
    )


def _directives_dir(root: Path) -> str:
    from builder.adapter.plugin import configured_directives_dir

    return configured_directives_dir(root / "mkdocs.yml")


def _load(root: Path) -> Result:
    """The corpus under the directives folder that mkdocs.yml names."""
    return load_corpus(root, _directives_dir(root))


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
    from builder.adapter.build import build_site

    started = time.perf_counter()
    result = _load(args.root)
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
    error = build_site(args.root / "mkdocs.yml", staging, result)
    if error:
        shutil.rmtree(staging, ignore_errors=True)
        print(problem("run.failed", reason=error), file=sys.stderr)
        print(message("build.failed", site=site_dir.name), file=sys.stderr)
        return 1
    site.swap_in(staging, site_dir)
    elapsed = time.perf_counter() - started
    print(message("build.done", site=site_dir.name, seconds=elapsed, summary=_summary(result)))
    return 0


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
    from builder.outputs.pdf import find_target, print_pdf, temporary_site

    result = _checked(args.root, "pdf.refused")
    if result is None:
        return 1
    target = find_target(result.corpus, args.target)
    if target is None:
        print(problem("pdf.no_target", target=args.target), file=sys.stderr)
        return 1
    output = args.output or Path(target.filename)
    with temporary_site() as folder:
        site = Path(folder) / "site"
        error = build_site(args.root / "mkdocs.yml", site, result) or print_pdf(
            site, target, output
        )
    if error:
        print(problem("run.failed", reason=error), file=sys.stderr)
        return 1
    print(message("pdf.done", label=target.label, output=output))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from builder.adapter.serve import serve

    config_file = args.root / "mkdocs.yml"
    if not config_file.is_file():
        print(problem("serve.no_config", config=config_file), file=sys.stderr)
        return 1
    print(message("serve.started", addr=args.addr))
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
        args.directives_dir or args.root / _directives_dir(args.root),
        args.content_dir or args.root / urls.CONTENT_DIR,
    )


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
    print(message("import.done", files=len(outcome.written), notes=len(outcome.notes)))
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
        print(diagnostic("new.exists", shown, 0).format(), file=sys.stderr)
        return 1
    print(message("new.done", path=shown))
    print(message("new.to_fill", keys=", ".join(skeleton.to_fill)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
