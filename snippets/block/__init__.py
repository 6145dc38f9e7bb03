"""Snippets of the chapter "The MLP and the block" (docs/block.md)."""
