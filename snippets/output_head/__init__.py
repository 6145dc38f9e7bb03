"""Snippets of the chapter "From vectors to words" (docs/output_head.md), page order."""
