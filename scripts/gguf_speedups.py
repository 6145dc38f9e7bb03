"""Faster GGUF loading in the build's kernels, with the same results (snipexec ``kernel_setup``).

Loading SmolLM2-135M-Instruct from its GGUF file with transformers 5 takes many seconds
on one thread, and seven chapters do it (``make bench`` prints the load with and without
this module). Much of that is pure-Python bookkeeping that gives the same answer every
time: ``gguf.GGUFReader`` parses the whole file's metadata (49,152 vocabulary strings)
on every call, and transformers makes three calls per tokenizer + model load;
``gguf.get_tensor_name_map(arch, n_blocks)`` builds the same table once per tensor (397
times). Both are memoised here, and so are the Python values transformers makes of the
fields on each of its three calls. And the readers (gguf's, and transformers' own, four
times per load) slice the file hundreds of thousands of times while parsing: as a
``np.memmap`` every slice is another memmap, made in Python (``memmap.__getitem__`` and
``__array_finalize__``); as a plain array view of the same mapping, in C.

Neither library offers a cache for this, so we add one here, for the build and the test
suite's kernels (its reader kernels too): shown code and readers at home are untouched.
A process that forks workers calls ``warm(path)`` first, so every child starts with the
file parsed (``make bench`` prints such a second load too).
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
_parsed: dict[tuple[int, Any], tuple[Any, Any]] = {}
_maps: dict[tuple[Any, ...], np.ndarray] = {}
# transformers' own functions, once _patch_transformers has replaced them (names: originals)
_originals: dict[str, Any] = {}


def _identity(path: str | os.PathLike[str]) -> tuple[Any, ...]:
    """The file as it is now: a changed or replaced file gets a new key."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class CachedGGUFReader(_Reader):  # type: ignore[misc, valid-type]
    """``gguf.GGUFReader`` that hands back the reader already built for the same file."""

    def __new__(cls, path: str | os.PathLike[str], mode: str = "r") -> Any:
        key = _identity(path)
        reader = _readers.get(key) if mode == "r" else None  # only read-only ones are shared
        _patch_transformers()
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


def parse_value_once(value: Any, data_type: Any) -> Any:
    """transformers' ``_gguf_parse_value``, remembered for each of a shared reader's fields.

    ``load_gguf_checkpoint`` turns every metadata field into Python values on each call
    (441,000 calls for one tokenizer + model load). The fields' arrays belong to the
    shared readers, which live as long as the process, so the same array always parses
    to the same value; the value is an int, float, bool or str, never shared mutable state.
    """
    key = (id(value), tuple(data_type) if isinstance(data_type, list) else data_type)
    hit = _parsed.get(key)
    if hit is not None and hit[0] is value:
        return hit[1]
    parsed = _originals["_gguf_parse_value"](value, data_type)
    _parsed[key] = (value, parsed)  # holding `value` keeps its id from being reused
    return parsed


def mapped_once(gguf_path: str) -> np.ndarray:
    """transformers' own GGUF reader maps the file on each of its four calls per load and
    slices the ``np.memmap`` 100,000 times (each slice a new memmap, made in Python): map
    it once per file, as a plain read-only ``ndarray`` view of the same mapping."""
    key = _identity(gguf_path)
    if key not in _maps:
        _maps[key] = _originals["_mapped"](gguf_path).view(np.ndarray)
    return _maps[key]


def _patch_transformers() -> None:
    """Replace the two functions in transformers' GGUF modules (idempotent). Done when
    transformers first asks gguf for a reader, not in ``install``: importing transformers
    there would cost every kernel 2-3 s of CPU, chapters without a GGUF file too."""
    if _originals:
        return
    from transformers import modeling_gguf_pytorch_utils
    from transformers.integrations.gguf import reader

    _originals["_gguf_parse_value"] = modeling_gguf_pytorch_utils._gguf_parse_value
    _originals["_mapped"] = reader._mapped
    modeling_gguf_pytorch_utils._gguf_parse_value = parse_value_once
    reader._mapped = mapped_once


def install() -> None:
    """Patch the names transformers looks up in ``gguf`` at each call (idempotent); the
    first reader it asks for patches its own GGUF modules (``_patch_transformers``)."""
    gguf.GGUFReader = CachedGGUFReader
    if not hasattr(gguf.get_tensor_name_map, "cache_info"):
        gguf.get_tensor_name_map = functools.lru_cache(maxsize=None)(gguf.get_tensor_name_map)


def warm(gguf_path: str | os.PathLike[str]) -> None:
    """Install, and parse ``gguf_path`` now: a process that forks workers (the test suite's
    kernels and runs) does it once, and every child starts with it parsed."""
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    install()
    load_gguf_checkpoint(str(gguf_path))  # the shared reader, its fields' values
    mapped_once(str(gguf_path))


def uninstall() -> None:
    """Put the libraries' own names back (for tests that compare both)."""
    gguf.GGUFReader = _Reader
    gguf.get_tensor_name_map = getattr(gguf.get_tensor_name_map, "__wrapped__", gguf.get_tensor_name_map)
    if _originals:
        from transformers import modeling_gguf_pytorch_utils
        from transformers.integrations.gguf import reader

        modeling_gguf_pytorch_utils._gguf_parse_value = _originals.pop("_gguf_parse_value")
        reader._mapped = _originals.pop("_mapped")
    _readers.clear()
    _parsed.clear()
    _maps.clear()
