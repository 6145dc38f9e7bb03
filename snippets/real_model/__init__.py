"""Snippets of "Reading a real model" (docs/real_model.md), in page order."""
