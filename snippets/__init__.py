"""Teaching code of The Tested Transformer: one sub-package per chapter.

Every file here is shown on a page of the guide and runs on its own:
``python -m snippets.attention.scores``. Nothing here imports the build machinery.
"""
