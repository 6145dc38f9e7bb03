"""Snippets of the chapter "A small chatbot" (docs/chatbot.md), in page order."""
