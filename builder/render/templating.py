"""The one Jinja environment for the core's HTML fragments (builder/render/templates/)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

ENV = Environment(
    loader=PackageLoader("builder.render", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
