"""Vocabulary every stage uses; imports nothing above it."""
