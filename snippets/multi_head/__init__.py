"""Snippets of the chapter "Multi-head attention" (docs/multi_head.md)."""
