"""Snippets of the chapter "Three families" (docs/families.md), in page order."""
