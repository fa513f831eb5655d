"""CPU and wall seconds of `sotay serve`'s rebuild after an edit, an addition, a rename and a
deletion, measured inside one process (no browser, no server): the rebuild's own cost.

Builds a synthetic corpus of N directives (`make_corpus`) once under `.bench-out/`, starts a
session as `sotay serve` does (`LiveSite`), then edits one directive's title three times, adds a
copy under another number, renames it (file and number) and deletes it, one rebuild each. With
`--profile DIR`, each rebuild's cProfile is written there (`edit1.prof`, `add.prof`, …). Each
rebuild is told the paths it changed, as serve's watcher tells it; with `--all`, none (every
file looked at, as without a watcher). Figures are printed, never asserted.

Usage: python tests/bench/serve_rebuild.py [--size 1000] [--profile DIR] [--all]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from make_corpus import make_project  # noqa: E402

from builder.adapter.build import quiet_dirty  # noqa: E402
from builder.adapter.serve import LiveSite  # noqa: E402


def project(size: int) -> Path:
    """The corpus of `size` directives with the repository's theme and content, made once."""
    target = OUT / f"rebuild-{size}"
    return target if (target / "directives").is_dir() else make_project(size, target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="look at every file (no watcher)")
    args = parser.parse_args()
    root = project(args.size)
    target = sorted((root / "directives").glob("*.md"))[args.size // 2]
    text = target.read_text(encoding="utf-8")
    number = re.search(r"^number: (\S+)", text, flags=re.M)
    assert number is not None
    added = target.with_name("9" + target.name)
    renamed = target.with_name("8" + target.name)
    quiet_dirty()
    with tempfile.TemporaryDirectory(prefix="sotay-rebuild-") as folder:
        site = LiveSite(root / "mkdocs.yml", Path(folder))
        began = time.perf_counter()
        site.rebuild()
        print(f"{args.size}: first build {time.perf_counter() - began:.1f} s", file=sys.stderr)

        def timed(label: str, *changed: Path) -> None:
            told = None if args.all else [str(p.absolute()) for p in changed]
            wall, cpu = time.perf_counter(), time.process_time()
            profile = cProfile.Profile() if args.profile else None
            if profile is not None:
                profile.enable()
            site.rebuild(told)
            if profile is not None and args.profile is not None:
                profile.disable()
                args.profile.mkdir(parents=True, exist_ok=True)
                profile.dump_stats(args.profile / f"{label}.prof")
            print(
                f"{args.size}: {label:7} {time.perf_counter() - wall:6.3f} s wall"
                f" {time.process_time() - cpu:6.3f} s cpu  load {os.getloadavg()[0]:.1f}",
                flush=True,
            )

        try:
            for n in range(3):
                edited = re.sub(
                    r'^title: ("?)', f"title: \\1Bản sửa {n} ", text, count=1, flags=re.M
                )
                target.write_text(edited, encoding="utf-8")
                timed(f"edit{n + 1}", target)
            added.write_text(
                text.replace(number.group(0), f"number: 9{number.group(1)}", 1), "utf-8"
            )
            timed("add", added)
            renamed.write_text(
                text.replace(number.group(0), f"number: 8{number.group(1)}", 1), "utf-8"
            )
            added.unlink()
            timed("rename", added, renamed)
            renamed.unlink()
            timed("delete", renamed)
        finally:
            target.write_text(text, encoding="utf-8")
            added.unlink(missing_ok=True)
            renamed.unlink(missing_ok=True)
            site.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{args.size}: peak RSS {peak} MB", flush=True)


if __name__ == "__main__":
    main()
