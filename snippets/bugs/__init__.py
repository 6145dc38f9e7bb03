"""Snippets of the chapter "The bugs you will write" (docs/bugs.md), in page order."""
