"""MkDocs driven through its public API: load the configuration, build, one session at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from builder.adapter.plugin import SotayPlugin
from builder.core.messages import message, problem
from builder.outputs.cache import BuildState, TemplateCache
from builder.pipeline import Result


def configure(config_file: Path, site_dir: Path) -> tuple[MkDocsConfig, SotayPlugin]:
    """The configuration and its sotay plugin (MkDocs keeps one through a session)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin = config.plugins.get("sotay")
    if not isinstance(plugin, SotayPlugin):
        raise MkDocsException(problem("build.no_plugin"))
    return config, plugin


def build_site(
    config_file: Path,
    site_dir: Path,
    result: Result,
    on_pages: Callable[[int, int, int], None] | None = None,
    state: BuildState | None = None,
    carried: bool = False,
    templates: TemplateCache | None = None,
    fills: bool = False,
) -> str | None:
    """Build into `site_dir`; return a Vietnamese error message, or None on success.

    `on_pages` is told (pages rendered, pages written, pages in all) as pages are made. With
    the build cache's `state`, the build fills it for the next one; `carried`: the last site
    was copied into `site_dir`, so only the pages whose inputs changed are rendered;
    `templates` keeps the theme's compiled templates; `fills`: `state` knows nothing of a
    last build (none, or not trusted), this build fills it from nothing.
    """
    try:
        config, plugin = configure(config_file, site_dir)
        start(config, "build")
        try:
            plugin.preload(result)
            plugin.tell_pages = on_pages
            if state is not None:
                root = config_file.parent if fills else None
                plugin.resume(state, dirty=carried, templates=templates, root=root)
                quiet_dirty()
            build(config, dirty=state is not None and carried)
        finally:
            end(config)
    except MkDocsException as error:
        return message("build.mkdocs", error=error)
    except OSError as error:
        return message("build.unwritable", folder=site_dir, reason=error.strerror)
    return None


class QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build may be inaccurate: the plugin makes it exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def quiet_dirty() -> None:
    """Silence that warning (once per process)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, QuietDirty) for f in logger.filters):
        logger.addFilter(QuietDirty())


def start(config: MkDocsConfig, command: Literal["build", "serve"]) -> None:
    """Open a session, as MkDocs' own commands do: `serve` keeps the site between builds."""
    config.plugins.on_startup(command=command, dirty=command == "serve")


def end(config: MkDocsConfig) -> None:
    config.plugins.on_shutdown()
