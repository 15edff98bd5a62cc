"""`make test` checks the Debian packages the suite needs before running it (issue 8 item 17: on a fresh
machine 10 tests failed because chromium and poppler-utils were absent and only `.ci/run` installed them)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ensure-system-packages"
BASH = shutil.which("bash") or "/bin/bash"


def run(path: Path, *args: str) -> subprocess.CompletedProcess:
    # A PATH holding only `path`: no chromium, and no apt-get to install it with.
    env = {"PATH": str(path)}
    return subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=30)


GETTEXT = ("xgettext", "msgfmt", "msgmerge", "msgcat")  # `make messages` and tests/i18n
POPPLER = ("pdftotext", "pdftoppm", "pdfsig")  # the PDF forms read back; the signed results verified


def fake_tool(bin_dir: Path, name: str) -> None:
    tool = bin_dir / name
    tool.write_text("#!/bin/sh\nexit 0\n")
    tool.chmod(0o755)


@pytest.mark.parametrize("mode", [("--check",), ()])
def test_missing_chromium_is_named_with_the_command_that_installs_it(tmp_path, mode):
    for name in POPPLER:
        fake_tool(tmp_path, name)
    result = run(tmp_path, *mode)
    assert result.returncode == 1
    assert "Missing system packages needed by the tests: chromium" in result.stderr
    assert "poppler-utils" not in result.stderr
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert "apt-get install chromium" not in result.stdout  # nothing was attempted


@pytest.mark.parametrize("present", [("pdftotext",), ("pdftotext", "pdftoppm")])
def test_missing_poppler_is_named_too(tmp_path, present):
    fake_tool(tmp_path, "chromium")
    for name in present:  # pdftoppm or pdfsig absent: the package is still needed
        fake_tool(tmp_path, name)
    result = run(tmp_path, "--check")
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y poppler-utils" in result.stderr


def test_check_passes_where_the_suite_runs(tmp_path):
    # The suite itself needs fonts and Pango on this machine; with the tools on PATH the check passes.
    for name in ("chromium", *POPPLER, *GETTEXT):
        fake_tool(tmp_path, name)
    result = run(tmp_path, "--check")
    assert (result.returncode, result.stderr) == (0, "")


def test_missing_gettext_is_named_too(tmp_path):
    for name in ("chromium", *POPPLER, "msgfmt"):  # xgettext, msgmerge, msgcat absent
        fake_tool(tmp_path, name)
    result = run(tmp_path, "--check")
    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y gettext" in result.stderr


def test_make_test_runs_the_check_first():
    out = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ}
    ).stdout.splitlines()
    pytest_line = next(i for i, line in enumerate(out) if "pytest" in line)
    assert "scripts/ensure-system-packages" in out[:pytest_line]
