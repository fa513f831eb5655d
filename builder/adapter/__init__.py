"""The only package that imports MkDocs: plugin, build and serve."""
