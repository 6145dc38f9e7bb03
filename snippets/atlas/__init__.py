"""Snippets of the chapter "The attention atlas" (docs/atlas.md), in page order."""
