"""The sample nginx policy (deploy/nginx.conf) run by a real nginx on 127.0.0.1: every file of
the built site is served under /sotay/, and nothing that may lie beside a copied site is."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SAMPLE = REPO / "deploy" / "nginx.conf"
# What a careless copy puts beside a site: version control, secrets, sources, office files.
STRAYS = (
    ".git/config",
    ".env",
    ".htpasswd",
    "van-ban/.DS_Store",
    "README.md",
    "mkdocs.yml",
    "directives/57-ct-tw.md",
    "builder/cli.py",
    "pyproject.toml",
    "huong-dan.docx",
    "ghi-chu.txt",
    "sao-luu.tar",
    "index.html.bak",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def nginx_url(repo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.fail("nginx not found: install it with `apt-get install -y nginx-light`")
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    shutil.copytree(repo_site, site)
    for stray in STRAYS:
        (site / stray).parent.mkdir(parents=True, exist_ok=True)
        (site / stray).write_text("bí mật\n", encoding="utf-8")
    sample = SAMPLE.read_text(encoding="utf-8").replace("/srv/sotay/site/", f"{site}/")
    port = _free_port()
    (work / "nginx.conf").write_text(
        # Workers read the test's private temp folder: as root, they run as root.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off; pid {work}/nginx.pid; error_log {work}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {work}; proxy_temp_path {work}; fastcgi_temp_path {work};\n"
        f"  uwsgi_temp_path {work}; scgi_temp_path {work};\n"
        f"  server {{ listen 127.0.0.1:{port};\n{sample}\n  }}\n}}\n",
        encoding="utf-8",
    )
    server = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")])
    url = f"http://127.0.0.1:{port}/sotay/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


def _status(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_every_file_of_the_site_is_served(nginx_url: str, repo_site: Path) -> None:
    files = sorted(p.relative_to(repo_site).as_posix() for p in repo_site.rglob("*") if p.is_file())
    refused = [f for f in files if _status(nginx_url + f)[0] != 200]
    assert len(files) > 100 and refused == []


@pytest.mark.parametrize("stray", STRAYS)
def test_what_lies_beside_a_copied_site_is_not_served(nginx_url: str, stray: str) -> None:
    assert _status(nginx_url + stray)[0] == 404


def test_pages_carry_the_policy(nginx_url: str) -> None:
    status, headers = _status(nginx_url)
    assert status == 200
    assert headers["Content-Security-Policy"].startswith("default-src 'self';")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_sample_is_valid_for_nginx(tmp_path: Path) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    conf = tmp_path / "t.conf"
    conf.write_text(
        f"pid {tmp_path}/p; error_log {tmp_path}/e.log; events {{}}\n"
        f"http {{ server {{ listen 127.0.0.1:{_free_port()};\n{sample}\n}} }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert os.path.exists(conf)
