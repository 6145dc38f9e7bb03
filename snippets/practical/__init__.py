"""Snippets of the chapter "Practical notes" (docs/practical.md), in page order."""
