"""No read goes unseen: reads Python's audit hooks miss still make a chapter re-run.

A child process reads files the kernel's audit hook never hears of, and a native reader
(safetensors' Rust code) opens its file without an audit event. Either used to leave a
stale page after the file changed (issue #25, section 4).
"""

from __future__ import annotations

import subprocess
import sys


def _status(project) -> str:
    cmd = [sys.executable, "-m", "snipexec", "status"]
    return subprocess.run(cmd, cwd=project.path, capture_output=True, text=True, check=True).stdout


def test_a_file_read_by_a_child_process_shows_its_new_content(project):
    project.snippet(
        "ch/count.py",
        "print('counting')\n",
    )
    project.snippet(
        "ch/cat.py",
        "import subprocess\n\n"
        "out = subprocess.run(['cat', 'snippets/ch/data.txt'], capture_output=True, text=True).stdout\n"
        "print('data says', out.strip())\n",
    )
    (project.path / "snippets" / "ch" / "data.txt").write_text("first\n")
    project.page("index.md", "# Home\n\n!snippet ch/count.py\n\n!snippet ch/cat.py\n")
    assert project.build().returncode == 0
    assert "data says first" in project.html_of("index.md")
    # Its reads cannot be known, so it is never fresh, and status says why.
    assert "snippet 2 starts a child process (cat): its reads cannot be seen" in _status(project)

    (project.path / "snippets" / "ch" / "data.txt").write_text("second\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "data says second" in project.html_of("index.md")


def test_a_weights_file_read_by_a_native_reader_shows_its_new_content(project, tmp_path):
    """safetensors opens the file in Rust (no audit event); the watch of the project tree
    sees the open. It re-runs when the file changes, and only then."""
    import torch
    from safetensors.torch import save_file

    weights = project.path / "snippets" / "ch" / "w.safetensors"
    project.snippet(
        "ch/load.py",
        "from safetensors.torch import load_file\n\n"
        "w = load_file('snippets/ch/w.safetensors')['w']\n"
        "print('weight sum', w.sum().item())\n",
    )
    save_file({"w": torch.ones(3)}, weights)
    project.page("index.md", "# Home\n\n!snippet ch/load.py\n")
    assert project.build().returncode == 0
    assert "weight sum 3.0" in project.html_of("index.md")
    assert "fresh  docs/index.md" in _status(project)  # a native read is no reason to re-run

    save_file({"w": 2 * torch.ones(3)}, weights)
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "because snippets/ch/w.safetensors changed" in result.stderr
    assert "weight sum 6.0" in project.html_of("index.md")
