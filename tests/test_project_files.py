"""The project's own files: one version, the licence pyproject names, a changelog in Keep a
Changelog's form."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from chartgen import __version__

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# SHA-256 of the Apache License 2.0 as the ASF publishes it
# (https://www.apache.org/licenses/LICENSE-2.0.txt), byte for byte.
APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"


def test_the_version_is_written_once_and_read_by_hatch() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"] == {"path": "chartgen/__init__.py"}
    source = (ROOT / "chartgen" / "__init__.py").read_text(encoding="utf-8")
    assert re.findall(r'^__version__ = "([^"]+)"$', source, re.MULTILINE) == [__version__]


def test_installed_metadata_command_line_and_module_agree() -> None:
    # The installed metadata is written when chartgen is installed: after changing
    # __version__, reinstall (`pip install -e .`).
    installed = importlib.metadata.version("chartgen")
    assert installed == __version__
    script = Path(sys.executable).with_name("chartgen")  # the installed console script
    for command in ([str(script)], [sys.executable, "-m", "chartgen"]):
        printed = subprocess.run(
            [*command, "--version"], capture_output=True, text=True, check=True
        ).stdout
        assert printed == f"chartgen {__version__}\n", command


def test_license_is_the_apache_2_0_text_pyproject_names() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_0_SHA256
    assert importlib.metadata.metadata("chartgen")["License-Expression"] == "Apache-2.0"
    assert "LICENSE" in (importlib.metadata.metadata("chartgen").get_all("License-File") or [])


KEEP_A_CHANGELOG_KINDS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")


def test_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Changelog"
    assert "https://keepachangelog.com/en/1.1.0/" in text
    releases = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert releases[0] == "[Unreleased]"
    for release in releases[1:]:
        assert re.fullmatch(r"\[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}", release), release
    # Within a release, only Keep a Changelog's kinds of change, each once, in its order.
    for section in re.split(r"^## .+$", text, flags=re.MULTILINE)[1:]:
        kinds = re.findall(r"^### (.+)$", section, re.MULTILINE)
        assert kinds, "a release lists its changes under Added, Changed, ..."
        assert kinds == sorted(kinds, key=KEEP_A_CHANGELOG_KINDS.index)
        assert len(set(kinds)) == len(kinds)


def test_changelog_names_every_command() -> None:
    from chartgen.cli import app

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        assert f"`chartgen {name}" in text, f"chartgen {name} is not in the changelog"


def readme_first_commands() -> tuple[str, str]:
    """The README's first two commands: the main job, and the test suite."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert block
    main, tests = [line for line in block.group(1).splitlines()
                   if line and not line.startswith("#")]
    return main, tests


def test_the_main_job_installs_without_the_test_extra() -> None:
    main, tests = readme_first_commands()
    assert "pip install -q -e . &&" in main and "[test]" not in main
    assert main.endswith("chartgen render values.example.yaml")
    assert "pip install -q -e '.[test]'" in tests
    # Nothing the runtime imports is only in the test extra.
    runtime = " ".join(PYPROJECT["project"]["dependencies"])
    assert "kubernetes-validate" not in runtime
    assert PYPROJECT["project"]["optional-dependencies"]["manifests"] == [
        "kubernetes-validate>=1.30"
    ]
    assert "chartgen[manifests]" in PYPROJECT["project"]["optional-dependencies"]["test"]


def test_ci_runs_the_readme_test_command_exactly() -> None:
    _, tests = readme_first_commands()
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
