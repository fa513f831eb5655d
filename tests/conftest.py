"""Shared fixtures: project copies, the `sotay` command, a built site, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.outputs.pdf import CHROMIUM, CHROMIUM_ARGS, QuietHandler

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOTAY = Path(sys.executable).parent / "sotay"


def run_sotay(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SOTAY), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


def make_project(target: Path, directives: Path | None = None) -> Path:
    """A copy of the repository's site set-up with `directives` (default: the real ones)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "theme", target / "theme")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(directives or REPO / "directives", target / "directives")
    return target


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built once for the session (from a copy: the build cache
    it keeps is the copy's, so that test processes running side by side share no folder)."""
    folder = tmp_path_factory.mktemp("repo")
    site = folder / "site"
    done = run_sotay(
        "--root", str(make_project(folder / "project")), "build", "--site-dir", str(site)
    )
    assert done.returncode == 0, done.stderr
    return site


def serve_directory(directory: Path) -> tuple[str, Callable[[], None]]:
    """Serve `directory` on 127.0.0.1 at a free port; return its base URL and a stop function."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


def hold(page: Any, glob: str) -> Callable[[], None]:
    """Hold what `page` asks for at `glob` until the function returned lets it go (a slow line,
    on purpose); that function first waits for the request to be made."""
    routes: list[Any] = []
    page.route(glob, lambda route: routes.append(route))

    def release() -> None:
        deadline = time.monotonic() + 10
        while not routes and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        assert routes, f"{glob} was never asked for"
        for route in routes:
            route.continue_()

    return release


@pytest.fixture(scope="session")
def site_url(repo_site: Path) -> Iterator[str]:
    url, stop = serve_directory(repo_site)
    yield url
    stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; a missing browser fails, it never skips."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
