"""Snippets of the chapter "Attention that learns" (docs/learning.md), in page order."""
