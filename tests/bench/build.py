"""Time `sotay build` against plain mkdocs-material on the same synthetic Markdown.

Prints, for each size: seconds for both builds, their ratio, our core's own time per
directive (load + validate + model + render) and peak RSS. Run by hand or by CI;
figures are printed, never asserted.

Usage: python tests/bench/build.py [--sizes 100 1000 5000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from builder.pipeline import load_corpus  # noqa: E402
from builder.render.pages import directive_page  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def our_project(count: int) -> Path:
    project = OUT / f"sotay-{count}"
    shutil.rmtree(project, ignore_errors=True)
    for name in ("theme", "content"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    make_corpus(count, project / "directives")
    return project


def plain_project(ours: Path, count: int) -> Path:
    """The same Markdown as ordinary MkDocs pages, same theme and features, Material's search."""
    project = OUT / f"plain-{count}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ours / "theme", project / "theme")
    shutil.copytree(ours / "content", project / "content")
    shutil.copytree(ours / "directives", project / "content" / "van-ban")
    (project / "content" / "van-ban" / "index.md").write_text(
        "# Tất cả văn bản\n", encoding="utf-8"
    )
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Material's own search stands in for ours, so both sites offer search.
    config = config.replace("  - sotay:\n      directives_dir: directives\n", "  - search\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def core_ms_per_directive(project: Path) -> float:
    started = time.perf_counter()
    result = load_corpus(project)
    for directive in result.corpus.directives.values():
        directive_page(directive, result.corpus, "../../")
    return (time.perf_counter() - started) * 1000 / max(1, len(result.corpus.directives))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument(
        "--quick", action="store_true", help="skip plain mkdocs-material above 1,000"
    )
    args = parser.parse_args()
    print(
        f"{'N':>6} {'sotay s':>8} {'plain s':>8} {'ratio':>6} {'core ms/dir':>12} {'sotay RSS MB':>13} {'plain RSS MB':>13}"
    )
    for count in args.sizes:
        ours = our_project(count)
        ours_s, ours_rss = timed([str(BIN / "sotay"), "build"], ours)
        core = core_ms_per_directive(ours)
        if args.quick and count > 1000:
            plain_s, plain_rss = float("nan"), float("nan")
        else:
            plain_s, plain_rss = timed(
                [str(BIN / "mkdocs"), "build", "--quiet"], plain_project(ours, count)
            )
        ratio = ours_s / plain_s if plain_s == plain_s else float("nan")
        print(
            f"{count:>6} {ours_s:>8.1f} {plain_s:>8.1f} {ratio:>6.2f} {core:>12.2f} {ours_rss:>13.0f} {plain_rss:>13.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
