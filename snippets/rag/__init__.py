"""Snippets of the chapter "Retrieval-augmented generation" (docs/rag.md), in page order."""
