"""Validation: every rule of the directive schema, all problems in one pass."""
