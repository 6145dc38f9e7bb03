"""Snippets of the chapter "Reading a real model" (docs/real_model.md), in page order."""
