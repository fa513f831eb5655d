"""Bytes to source files: text, front matter, Markdown tokens, sections, paragraph numbering."""
