"""Faster GGUF loading in the build's kernels, with the same results (snipexec ``kernel_setup``).

Loading SmolLM2-135M-Instruct from its GGUF file with transformers 5 takes many seconds
on one thread, and seven chapters do it (``make bench`` prints the load with and without
this module). Much of that is pure-Python bookkeeping that gives the same answer every
time: ``gguf.GGUFReader`` parses the whole file's metadata (49,152 vocabulary strings)
on every call, and transformers makes three calls per tokenizer + model load;
``gguf.get_tensor_name_map(arch, n_blocks)`` builds the same table once per tensor (397
times). Both are memoised here. And the reader slices its file hundreds of thousands of
times while parsing: as a ``np.memmap`` every slice is another memmap, made in Python
(``memmap.__getitem__`` and ``__array_finalize__``); as a plain array view of the same
mapping, in C.

Neither library offers a cache for this, so we add one here, for the build and the test
suite's kernels (its reader kernels too): shown code and readers at home are untouched.
It changes no number: tests/test_hub_cache.py compares a tokenizer, config and model,
tensor for tensor, loaded with and without it. The reader is read-only (mode "r", a
read-only mapping), so sharing one is safe; it is keyed by the file's identity, size and
modification time, so a changed file is parsed again.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import gguf
import numpy as np

_Reader: type = gguf.GGUFReader
_readers: dict[tuple[Any, ...], Any] = {}


class CachedGGUFReader(_Reader):  # type: ignore[misc, valid-type]
    """``gguf.GGUFReader`` that hands back the reader already built for the same file."""

    def __new__(cls, path: str | os.PathLike[str], mode: str = "r") -> Any:
        st = os.stat(path)
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        reader = _readers.get(key) if mode == "r" else None  # only read-only ones are shared
        if reader is None:
            reader = super().__new__(cls)
            _Reader.__init__(reader, path, mode)
            if mode == "r":
                _readers[key] = reader
        return reader

    def __init__(self, path: str | os.PathLike[str], mode: str = "r") -> None:
        """Already initialised in ``__new__`` (Python calls ``__init__`` again after it)."""

    @property
    def data(self) -> np.ndarray:
        return self.__dict__["data"]

    @data.setter
    def data(self, value: np.ndarray) -> None:
        """``GGUFReader.__init__`` sets the file's memmap here: keep a plain ``ndarray`` view
        of it instead (same bytes, same read-only flag; the view keeps the mapping alive)."""
        self.__dict__["data"] = value.view(np.ndarray) if isinstance(value, np.memmap) else value


def install() -> None:
    """Patch the two names transformers looks up in ``gguf`` at each call (idempotent)."""
    gguf.GGUFReader = CachedGGUFReader
    if not hasattr(gguf.get_tensor_name_map, "cache_info"):
        gguf.get_tensor_name_map = functools.lru_cache(maxsize=None)(gguf.get_tensor_name_map)


def uninstall() -> None:
    """Put the library's own names back (for tests that compare both)."""
    gguf.GGUFReader = _Reader
    gguf.get_tensor_name_map = getattr(gguf.get_tensor_name_map, "__wrapped__", gguf.get_tensor_name_map)
    _readers.clear()
