"""The floor a Markdown-to-HTML build of the synthetic corpus cannot go under here: each file
read, its front matter parsed (PyYAML), its body rendered by markdown-it-py and put in a page by
one Jinja2 template, the page written; nothing else (no checks, lists, outlines, search, theme).

Prints, for N directives (the corpus `build.py` times), the milliseconds a page in one process,
and the wall seconds of the same loop in `--jobs` processes (default: the cores), beside what
`build.py` measures of `sotay build` and of mkdocs-material with `navigation.prune` on the same
files: the ratio `sotay build` could reach at best is this wall time over Material's. Printed,
never asserted.

Usage: python tests/bench/floor.py [--size 1000] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / ".bench-out"
PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><html lang=vi><head><meta charset=utf-8><title>{{ title }}</title></head>"
    "<body><header><h1>{{ title }}</h1><p>{{ number }}</p></header>"
    "<main>{{ body|safe }}</main></body></html>"
)
"""One page: the title and number escaped, the body as markdown-it-py made it."""


def render_all(paths: list[Path], out: Path) -> int:
    """Each file read, parsed, rendered and written; the pages made."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        fields = yaml.safe_load(head)
        html = PAGE.render(title=fields["title"], number=fields["number"], body=md.render(body))
        (out / f"{path.stem}.html").write_text(html, encoding="utf-8")
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    corpus = OUT / f"sotay-{args.size}" / "directives"
    if not corpus.is_dir():
        from make_corpus import make_project

        make_project(args.size, corpus.parent)
    paths = sorted(corpus.glob("*.md"))
    with tempfile.TemporaryDirectory(prefix="sotay-floor-") as folder:
        out = Path(folder)
        began, cpu = time.perf_counter(), time.process_time()
        render_all(paths, out)
        one = time.perf_counter() - began
        one_cpu = time.process_time() - cpu
        began = time.perf_counter()
        parts = [paths[i :: args.jobs] for i in range(args.jobs)]
        with ProcessPoolExecutor(args.jobs) as pool:
            made = sum(pool.map(render_all, parts, [out] * args.jobs))
        many = time.perf_counter() - began
    print(
        f"{len(paths)} pages: one process {one:.2f} s ({one_cpu / len(paths) * 1000:.2f} ms CPU"
        f" a page); {args.jobs} processes {many:.2f} s wall ({made} pages, pool start included)"
    )


if __name__ == "__main__":
    main()
