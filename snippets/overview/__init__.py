"""Snippets of the chapter "The transformer as a function" (docs/overview.md), in page order."""
