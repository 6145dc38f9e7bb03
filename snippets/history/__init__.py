"""Snippets of "Why attention — a short history" (docs/history.md), in page order."""
