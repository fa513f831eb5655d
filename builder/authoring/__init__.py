"""Writing source files: `sotay new` and `sotay import`."""
