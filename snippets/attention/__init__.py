"""Snippets of the chapter "Attention from scratch" (docs/attention.md), in page order."""
