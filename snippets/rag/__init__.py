"""Snippets of "Retrieval-augmented generation" (docs/rag.md), in page order."""
