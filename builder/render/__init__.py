"""Model to HTML, always through autoescaped Jinja templates."""
