"""snipexec — the build machinery that runs the guide's snippets.

collect (pages → snippets) → execute (one Jupyter kernel per chapter, cached)
→ render (outputs → Markdown). ``python -m snipexec`` is the command line;
``snipexec.mkdocs_plugin`` is the thin MkDocs adapter. Teaching code never imports it.
"""
