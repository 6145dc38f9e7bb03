"""Snippets of the chapter "Attention from scratch" (docs/attention.md)."""
