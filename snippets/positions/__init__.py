"""Snippets of the chapter "Where am I? Positions" (docs/positions.md)."""
