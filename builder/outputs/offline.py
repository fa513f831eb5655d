"""The service worker that keeps the site readable and searchable without signal.

The worker itself is `sw.js` beside this module; the build fills in what it must know.
"""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from pathlib import Path

SHELL_PREFIXES = (
    "assets/stylesheets/",
    "assets/javascripts/bundle",
    "assets/sotay",
    "assets/search",
)

PLACEHOLDER = "__SOTAY_BUILD__"
"""Where `sw.js` takes this build's values: `var BUILD = __SOTAY_BUILD__;`."""

# JSON is valid JavaScript; escaping these keeps a file name from ever closing a tag or comment.
_JS_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def service_worker(site: Path, search_files: list[str]) -> str:
    """`sw.js` for a built site; its version is a digest of every file, read one at a time."""
    digest = hashlib.sha256()
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    for path in paths:
        digest.update(path.encode() + b"\0" + (site / path).read_bytes())
    shell = ["./"] + sorted(
        p for p in paths if p.startswith(SHELL_PREFIXES) and not p.endswith(".map")
    )
    build: dict[str, object] = {
        "version": "sotay-" + digest.hexdigest()[:16],
        "shell": shell,
        "search": sorted(search_files),
    }
    return fill_worker(worker_source(), build)


def worker_source() -> str:
    return files("builder.outputs").joinpath("sw.js").read_text(encoding="utf-8")


def fill_worker(source: str, build: dict[str, object]) -> str:
    """The worker with `build` written in as a JavaScript literal."""
    if source.count(PLACEHOLDER) != 1:
        raise ValueError(f"sw.js must hold {PLACEHOLDER} exactly once")
    return source.replace(PLACEHOLDER, to_js_literal(build))


def to_js_literal(value: object) -> str:
    """JSON with `<`, `>` and `&` escaped: the same value, safe anywhere in a script."""
    return json.dumps(value, ensure_ascii=False).translate(_JS_SAFE)
