"""Snippets of the chapter "Tokens and embeddings" (docs/tokens.md), in page order."""
