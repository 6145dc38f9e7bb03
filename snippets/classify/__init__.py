"""Snippets of the chapter "An encoder classifies" (docs/classify.md), in page order."""
