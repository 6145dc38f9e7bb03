"""Prepare: the project's own set-up step, run once before any chapter executes.

In:  the project root and a ``"module:function"`` spec (mkdocs.yml:
     ``plugins: - snipexec: prepare: scripts.hub_cache:prepare``).
Out: what ``function(root)`` returns, if it is a mapping of *derived file -> source
     file* (e.g. a seeded cache file -> the project file it was made from): a chapter
     that reads the derived file also records the source, so an edit to the source is
     named as the reason it re-runs. ``function(root)`` is called with the project
     root first on ``sys.path``, so a project module (not installed) can be named, and
     with the chapters' kernel environment (the plugin's ``env:``) in ``os.environ``, so
     it prepares what the kernels will see. Raises :class:`PrepareError` carrying the
     spec when the function cannot be found or fails.

The ``kernel_setup`` spec uses the same form; :func:`load_function` checks it here, so
a wrong name fails the build clearly before any kernel starts (the probe calls it in
each kernel).

This project seeds its offline Hugging Face cache here, so that an edited model config
reaches the chapters that read it on the next build with no extra command. The step
must be idempotent and cheap: it runs on every build that executes code (not with
execution off) and every ``mkdocs serve`` rebuild.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


class PrepareError(RuntimeError):
    """The ``prepare`` step could not be imported or raised; the message names it."""


def load_function(root: Path, spec: str, what: str = "prepare") -> Callable[..., Any]:
    """The function ``spec`` ("module:function") names, imported with ``root`` first on
    sys.path; :class:`PrepareError` naming ``what`` and the spec if it cannot be found."""
    module_name, sep, function_name = spec.partition(":")
    if not sep or not module_name or not function_name:
        raise PrepareError(f"{what}: {spec!r} is not of the form 'module:function'")
    added = str(root) not in sys.path
    if added:
        sys.path.insert(0, str(root))
    try:
        module = importlib.import_module(module_name)
        function: Callable[..., Any] = getattr(module, function_name)
    except (ImportError, AttributeError) as error:
        raise PrepareError(f"{what}: cannot load {spec!r} from {root}: {error}") from error
    finally:
        if added:
            sys.path.remove(str(root))
    return function


def run_prepare(root: Path, spec: str, env: Mapping[str, str] | None = None) -> dict[Path, Path]:
    """Import ``module`` from ``spec`` (root first on sys.path) and call ``function(root)``
    with ``env`` set in ``os.environ`` for the call (restored afterwards). Returns the
    derived -> source mapping it gave, keys resolved (``{}`` if it returned none)."""
    function = load_function(root, spec)
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        returned = function(root)
    except Exception as error:
        raise PrepareError(f"prepare: {spec} failed: {type(error).__name__}: {error}") from error
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if not isinstance(returned, Mapping):
        return {}
    return {Path(derived).resolve(): Path(source) for derived, source in returned.items()}
