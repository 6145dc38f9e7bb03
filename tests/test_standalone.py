"""The standalone runner (tests/standalone.py) gives what ``python -m`` gives, file by file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from standalone import StandaloneRunner

FILES = {
    # Imported by b.py from its own (empty) prelude: that import is a.py's run.
    "a.py": "print('a ran')\nX = 41\n",
    "b.py": "from snippets.demo.a import X\n\nprint('b sees', X + 1)\n",
    # Reads its own name: run as ``-m`` even though c.py imports it from the same state.
    "named.py": "print('named is', __name__)\n",
    "c.py": "import snippets.demo.named\n\nprint('c ran')\n",
    "broken.py": "print('before')\nraise ValueError('boom')\n",
    "d.py": "from snippets.demo import broken\n\nprint('never')\n",
}


def test_each_file_gives_what_python_dash_m_gives(tmp_path: Path) -> None:
    demo = tmp_path / "project/snippets/demo"
    demo.mkdir(parents=True)
    (demo.parent / "__init__.py").write_text("")
    (demo / "__init__.py").write_text("")
    for name, code in FILES.items():
        (demo / name).write_text(code)
    modules = [f"snippets.demo.{name[:-3]}" for name in FILES]
    env = {**os.environ, "PYTHONPATH": str(demo.parent.parent)}
    runner = StandaloneRunner(env, tmp_path, root=demo.parent.parent)
    try:
        runner.submit(modules)
        results = {module: runner.result(module, timeout=300) for module in modules}
    finally:
        runner.close()

    for module in modules:
        real = subprocess.run(
            [sys.executable, "-m", module], cwd=demo.parent.parent, env=env, capture_output=True, text=True
        )
        code, out, err = results[module]
        assert (code == 0) == (real.returncode == 0), (module, err, real.stderr)
        if module != "snippets.demo.d":  # d's message names the import that failed instead
            # The runner keeps what the file itself prints, after what its prelude printed.
            assert out and real.stdout.endswith(out), (module, out, real.stdout)
    assert results["snippets.demo.a"][1] == "a ran\n"
    assert results["snippets.demo.b"][1] == "b sees 42\n"
    assert results["snippets.demo.named"][1] == "named is __main__\n"
    assert "ValueError: boom" in results["snippets.demo.broken"][2]
    assert "importing snippets.demo.broken failed" in results["snippets.demo.d"][2]
