"""The pip line at the versions this site ran, and what the chapters download."""

# %%
from importlib.metadata import version

import pandas as pd
from huggingface_hub import scan_cache_dir

libraries = ["torch", "transformers", "tokenizers", "huggingface_hub", "accelerate",
             "gguf", "sentence-transformers", "numpy", "pandas", "matplotlib"]
pins = [f"{name}=={version(name).split('+')[0]}" for name in libraries]
print("pip install", " ".join(pins))

# What the chapters loaded by hub id: the Hugging Face cache this site was built
# with holds exactly that, and a first run downloads it into yours.
# Largest first, then by name: the cache lists its repositories in no fixed order.
repos = sorted(scan_cache_dir().repos, key=lambda r: (-r.size_on_disk, r.repo_id))
rows = [{"hub id": repo.repo_id,
         "files": sum(len(revision.files) for revision in repo.revisions),
         "MB": round(repo.size_on_disk / 1e6, 3)}
        for repo in repos]
total = sum(repo.size_on_disk for repo in repos)
print(f"{len(repos)} repositories, {total / 1e6:.0f} MB in all")
pd.DataFrame(rows).set_index("hub id")
