"""Snippets of docs/index.md: what running the guide yourself installs and downloads."""
