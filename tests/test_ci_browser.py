"""In CI a missing browser fails the run; on a developer's machine it skips, saying why."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

# A browser test module, run against a Chromium path that does not exist.
MODULE = textwrap.dedent(
    """
    from pathlib import Path

    import servers

    servers.CHROMIUM = Path("/nonexistent/chromium")
    servers.require_chromium()


    def test_in_the_browser():
        pass
    """
)


# pytest's exit codes: 2 when collecting a module failed; 5 when nothing ran (only a skip).
@pytest.mark.parametrize(("ci", "code", "outcome"), [("true", 2, "1 error"), ("", 5, "1 skipped")])
def test_a_missing_browser_fails_only_in_ci(tmp_path: Path, ci: str, code: int, outcome: str) -> None:
    (tmp_path / "test_browserish.py").write_text(MODULE, "utf-8")
    env = {"PATH": "/usr/bin:/bin", "CI": ci, "PYTHONPATH": str(TESTS)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == code, run.stdout + run.stderr
    assert outcome in run.stdout, run.stdout
    assert "apt-get install chromium" in run.stdout
