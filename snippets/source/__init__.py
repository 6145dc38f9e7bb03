"""Snippets of the chapter "Reading the real source" (docs/source.md)."""
