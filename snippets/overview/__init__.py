"""Snippets of "The transformer as a function" (docs/overview.md), in page order."""
