"""The service worker: a real `sw.js` file, filled in at build time with safe JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.outputs.offline import PLACEHOLDER, fill_worker, service_worker, to_js_literal

WORKER_TEST = Path(__file__).parent / "js" / "offline_worker.test.mjs"


def _build_of(worker: str) -> dict[str, object]:
    line = next(x for x in worker.splitlines() if x.startswith("var BUILD = "))
    value: dict[str, object] = json.loads(line.removeprefix("var BUILD = ").removesuffix(";"))
    return value


def test_the_worker_carries_the_build_version_shell_and_search_files(tmp_path: Path) -> None:
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "assets" / "stylesheets" / "main.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>x</p>", encoding="utf-8")
    worker = service_worker(tmp_path, ["search/z.json", "search/docs.json"])
    build = _build_of(worker)
    assert build["shell"] == ["./", "assets/stylesheets/main.css"]
    assert build["search"] == ["search/docs.json", "search/z.json"]
    assert isinstance(build["version"], str) and len(build["version"]) == len("sotay-") + 16
    assert PLACEHOLDER not in worker
    assert worker.startswith("/* Sổ tay báo cáo viên — offline after one visit.")


def test_the_version_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("một", encoding="utf-8")
    before = _build_of(service_worker(tmp_path, []))["version"]
    (tmp_path / "index.html").write_text("hai", encoding="utf-8")
    assert _build_of(service_worker(tmp_path, []))["version"] != before


def test_file_names_cannot_break_out_of_the_script() -> None:
    literal = to_js_literal({"shell": ["</script><b>&amp;", "Tài liệu"]})
    assert literal == '{"shell": ["\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;", "Tài liệu"]}'
    assert json.loads(literal) == {"shell": ["</script><b>&amp;", "Tài liệu"]}


def test_a_worker_without_its_placeholder_is_refused() -> None:
    with pytest.raises(ValueError, match=PLACEHOLDER):
        fill_worker("var BUILD = {};", {})


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_worker_logic_under_node() -> None:
    run = subprocess.run(
        ["node", "--test", str(WORKER_TEST)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
