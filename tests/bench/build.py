"""Time `sotay build` against plain mkdocs-material on the same synthetic Markdown.

Prints, for each size, one line: wall seconds, CPU seconds and peak RSS of `sotay build` (a
child process, its workers included), plain mkdocs-material with `navigation.prune` on
the same Markdown (1,000 directives and below only: above, Material takes too long) and the
ratio; then the split of our time by stage:

- read, validate, render: CPU seconds of the three stages of `pipeline.process_file` (bytes
  → source, the rules, HTML/texts/outline), measured one process on up to SAMPLE files and
  scaled to the corpus (the build runs them in `--jobs` processes: wall time is lower);
- load: wall seconds of `load_corpus` as `sotay build` calls it (all cores, bodies spilled);
- search: wall seconds of the whole search index (`outputs/search.iter_index`), timed alone:
  `sotay build --clean` makes it (and the outlines) in a forked process while MkDocs runs its
  page loop, so it is not subtracted from the build's time;
- pages+write: the rest of the build's wall time: MkDocs' page loop and theme templates,
  our page bodies, offline manifest, service worker, writing, the site swap (and whatever of
  the forked search and outlines outlasts the page loop).

`sotay s` is `sotay build --clean` (from nothing, bodies kept on disk); `fill s` is the next
`sotay build`, which writes the build cache (`.cache/sotay/`) from nothing; `incr s` is one
more `sotay build` after one directive was edited, with its peak RSS. Figures are printed,
never asserted.

With `--only-clean`, only the first three columns, then user and system CPU seconds, minor
page faults, the machine's steal time over the build and the load average (`clean_only`). With
`--only-incremental`, only the cache fill and the incremental build after one edit (wall
seconds, CPU seconds with the workers', peak RSS; the load average at the end); with
`--repeat N` too, N edits each followed by a build, and the least and the median wall and
CPU seconds of those N builds (a machine shared with other work: the least is the fairest).

Usage: python tests/bench/build.py [--sizes 1000 10000] [--jobs N] [--only-clean]
       [--only-incremental [--repeat N]]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / ".bench-out"
BIN = Path(sys.executable).parent
PLAIN_UP_TO = 1000
SAMPLE = 500
"""Files timed stage by stage (one process): enough for a steady per-file figure."""
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from make_corpus import make_project  # noqa: E402

from builder.outputs.search import iter_index  # noqa: E402
from builder.pipeline import Scale, check_file, load_corpus, render_file  # noqa: E402
from builder.read.source import load_source  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, its workers included) and peak RSS (MB, the
    largest of the process and its workers). On a machine shared with other work the CPU
    seconds compare two builds more fairly than the wall's."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{' '.join(command)} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def our_project(count: int) -> Path:
    return make_project(count, OUT / f"sotay-{count}")


def plain_project(ours: Path, count: int) -> Path:
    """The same Markdown as ordinary MkDocs pages, same theme and features, Material's search."""
    project = OUT / f"plain-{count}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ours / "theme", project / "theme")
    # Our copies of Material's nav and language partials render through the plugin's
    # once-per-key cache: without the plugin, Material's own (the same HTML, made every time).
    for partial in ("nav.html", "language.html"):
        (project / "theme" / "partials" / partial).unlink()
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


def stage_seconds(project: Path, jobs: int | None) -> dict[str, float]:
    """read / validate / render CPU seconds (scaled from SAMPLE files), load and search wall."""
    paths = sorted((project / "directives").glob("*.md"))
    sample = paths[:SAMPLE]
    spent = {"read": 0.0, "validate": 0.0, "render": 0.0}
    for path in sample:
        started = time.process_time()
        source, _ = load_source(project, path)
        read = time.process_time()
        assert source is not None
        checked = check_file(source)
        checked_at = time.process_time()
        render_file(checked)
        done = time.process_time()
        spent["read"] += read - started
        spent["validate"] += checked_at - read
        spent["render"] += done - checked_at
    scale = len(paths) / max(1, len(sample))
    found = {key: value * scale for key, value in spent.items()}
    started = time.perf_counter()
    result = load_corpus(project, scale=Scale(jobs=jobs, spill=True))
    found["load"] = time.perf_counter() - started
    started = time.perf_counter()
    for _ in iter_index(result.corpus):
        pass
    found["search"] = time.perf_counter() - started
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--jobs", type=int, default=None, help="sotay build --jobs (default: cores)"
    )
    parser.add_argument(
        "--only-clean",
        action="store_true",
        help="time `sotay build --clean` only (no Material, cache fill, incremental or stages)",
    )
    parser.add_argument(
        "--only-incremental",
        action="store_true",
        help="time the cache fill and the build after one edit only",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="with --only-incremental: builds after an edit"
    )
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    if args.only_incremental:
        incremental_only(args.sizes, jobs, max(1, args.repeat))
        return
    print(
        f"{'N':>6} {'sotay s':>8} {'cpu s':>6} {'RSS MB':>7} {'plain s':>8} {'cpu s':>6}"
        f" {'plain MB':>8} {'ratio':>6} {'cpu ratio':>9} {'fill s':>7} {'MB':>5} {'incr s':>7}"
        f" {'MB':>5} |"
        f" {'read':>6} {'valid.':>6} {'render':>6} {'load':>6} {'search':>6} {'pages+write':>11}"
    )
    for count in args.sizes:
        ours = our_project(count)
        sotay = [str(BIN / "sotay"), "build", *jobs]
        if args.only_clean:
            clean_only(count, [*sotay, "--clean"], ours)
            continue
        ours_s, ours_cpu, ours_rss = timed([*sotay, "--clean"], ours)
        if count <= PLAIN_UP_TO:
            plain = plain_project(ours, count)
            plain_s, plain_cpu, plain_rss = timed([str(BIN / "mkdocs"), "build", "--quiet"], plain)
        else:
            plain_s = plain_cpu = plain_rss = float("nan")
        ratio, cpu_ratio = ours_s / plain_s, ours_cpu / plain_cpu  # nan above PLAIN_UP_TO
        fill_s, _, fill_rss = timed(sotay, ours)  # writes the build cache
        edit_one(ours)
        incr_s, _, incr_rss = timed(sotay, ours)
        stages = stage_seconds(ours, args.jobs)
        rest = ours_s - stages["load"]
        print(
            f"{count:>6} {ours_s:>8.1f} {ours_cpu:>6.1f} {ours_rss:>7.0f} {plain_s:>8.1f}"
            f" {plain_cpu:>6.1f} {plain_rss:>8.0f} {ratio:>6.2f} {cpu_ratio:>9.2f}"
            f" {fill_s:>7.1f} {fill_rss:>5.0f} {incr_s:>7.1f} {incr_rss:>5.0f} |"
            f" {stages['read']:>6.1f} {stages['validate']:>6.1f}"
            f" {stages['render']:>6.1f} {stages['load']:>6.1f} {stages['search']:>6.1f}"
            f" {rest:>11.1f}  (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )


def clean_only(count: int, command: list[str], project: Path) -> None:
    """The `--only-clean` line: wall, CPU and peak RSS as `timed` gives them, then the CPU
    split into user and system seconds, the minor page faults, and the machine's steal time
    over the run (a virtual machine's CPU taken by its host: the same build's CPU seconds
    vary with what the host runs beside it, which no load average here shows)."""
    before = _steal()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    user, system = usage.ru_utime, usage.ru_stime
    print(
        f"{count:>6} {elapsed:>8.1f} {user + system:>6.1f} {usage.ru_maxrss / 1024:>7.0f}"
        f"  (user {user:.1f} + sys {system:.1f}, {usage.ru_minflt} minor faults,"
        f" steal {_steal() - before:.1f} s, load {os.getloadavg()[0]:.1f})",
        flush=True,
    )


def _steal() -> float:
    """Seconds of CPU the host took from this machine since it started, all cores (/proc/stat:
    the eighth figure of the `cpu` line, in clock ticks); 0 where there is no such file."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def edit_one(project: Path) -> None:
    """The edit every incremental figure follows: one sentence added to one directive."""
    edited = sorted((project / "directives").glob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "Một câu sửa.\n", encoding="utf-8")


def incremental_only(sizes: list[int], jobs: list[str], repeat: int = 1) -> None:
    heading = f"{'N':>6} {'fill s':>7} {'cpu s':>6} {'MB':>5} {'incr s':>7} {'cpu s':>6} {'MB':>5}"
    if repeat > 1:
        heading += f" | {'min s':>6} {'cpu s':>6} {'med. s':>6} {'cpu s':>6} (of {repeat})"
    print(heading)
    for count in sizes:
        ours = our_project(count)
        sotay = [str(BIN / "sotay"), "build", *jobs]
        fill_s, fill_cpu, fill_rss = timed(sotay, ours)  # writes the build cache
        runs = []
        for _ in range(repeat):
            edit_one(ours)
            runs.append(timed(sotay, ours))
        incr_s, incr_cpu, incr_rss = runs[0]
        line = (
            f"{count:>6} {fill_s:>7.1f} {fill_cpu:>6.1f} {fill_rss:>5.0f} {incr_s:>7.2f}"
            f" {incr_cpu:>6.2f} {incr_rss:>5.0f}"
        )
        if repeat > 1:
            walls, cpus = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
            line += (
                f" | {walls[0]:>6.2f} {cpus[0]:>6.2f} {statistics.median(walls):>6.2f}"
                f" {statistics.median(cpus):>6.2f}"
            )
        print(f"{line}  (load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
