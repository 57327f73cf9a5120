"""An installed chartgen works from any directory: schemas and templates ship inside the wheel.

Builds the wheel without network (hatchling from this environment) and installs it into a fresh
virtual environment **without extras**, its dependencies from the wheelhouse `.ci/run` builds
(`PIP_NO_INDEX`: no package index), as `pip install chartgen` would: so the runtime needs
nothing of the test extra, and `--validate-manifests` without the `manifests` extra is a
finding, not a traceback. Then runs the installed `chartgen` from an unrelated directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, wheelhouse_or_skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("chartgen-*.whl")
    return built


def test_wheel_contains_schemas_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "chartgen/schemas/imagebuilder.values.schema.json" in names
    shipped_templates = [n for n in names if n.startswith("chartgen/templates/")]
    source_templates = [p for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert len(shipped_templates) == len(source_templates)
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def test_wheel_metadata_carries_the_one_version_and_the_license(wheel: Path) -> None:
    from email.parser import Parser

    from chartgen import __version__

    archive = zipfile.ZipFile(wheel)
    assert wheel.name.startswith(f"chartgen-{__version__}-")
    dist_info = f"chartgen-{__version__}.dist-info"
    metadata = Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode())
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert archive.read(f"{dist_info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheelhouse = wheelhouse_or_skip()
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True, capture_output=True, env=env,
    )
    return venv


def test_install_without_extras_has_no_test_or_manifest_dependencies(installed: Path) -> None:
    listed = subprocess.run(
        [str(installed / "bin" / "python"), "-m", "pip", "list", "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    names = {entry["name"].lower().replace("_", "-") for entry in json.loads(listed)}
    assert "chartgen" in names
    assert not names & {"kubernetes-validate", "pytest", "helm-python-sdk", "check-jsonschema"}


def test_installed_chartgen_runs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    shutil.copy(ROOT / "values.example.yaml", workdir / "values.yaml")
    chartgen = installed / "bin" / "chartgen"
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import chartgen; print(chartgen.__file__)"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert str(installed) in where, f"chartgen imported from {where}, not from the wheel"

    result = subprocess.run(
        [str(chartgen), "validate", "values.yaml"], cwd=workdir, capture_output=True, text=True
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr

    schema = subprocess.run(
        [str(chartgen), "schema"], cwd=workdir, capture_output=True, text=True, check=True
    )
    assert '"imageBuilder"' in schema.stdout
    for form, source in (("editor", "imagebuilder.values.editor.schema.json"),
                         ("contract", "imagebuilder.values.schema.json")):
        printed = subprocess.run(
            [str(chartgen), "schema", "--for", form], cwd=workdir, capture_output=True,
            text=True, check=True,
        )
        assert printed.stdout == (ROOT / "schemas" / source).read_text(encoding="utf-8")

    if (ROOT / "templates").is_dir() and any((ROOT / "templates").glob("*.j2")):
        render = subprocess.run(
            [str(chartgen), "render", "values.yaml"], cwd=workdir, capture_output=True, text=True
        )
        assert render.returncode == 0, render.stderr
        assert "kind: Deployment" in render.stdout


def test_validate_manifests_without_the_extra_is_a_finding(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copy(ROOT / "values.example.yaml", tmp_path / "values.yaml")
    chartgen = installed / "bin" / "chartgen"
    for command in ("validate", "render"):
        result = subprocess.run(
            [str(chartgen), command, "--validate-manifests", "values.yaml"],
            cwd=tmp_path, capture_output=True, text=True,
        )
        # validate reports on stdout, render on stderr (its stdout is the manifests).
        report = result.stdout if command == "validate" else result.stderr
        assert result.returncode == 3, report  # the environment lacks a part: exit 3
        assert "Traceback" not in result.stderr
        assert "<schemas>: error: $: --validate-manifests needs the Kubernetes schemas" in report
        assert "[IB403]" in report
        assert "pip install 'chartgen[manifests]'" in report
    assert result.stdout == ""  # render writes nothing it could not check


def test_readme_first_command_on_a_fresh_clone(tmp_path: Path) -> None:
    """The README's main-job command, as written, in a fresh clone of this commit (offline:
    pip reads the wheelhouse instead of an index)."""
    from test_project_files import readme_first_commands

    wheelhouse = wheelhouse_or_skip()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    main, _ = readme_first_commands()
    assert main.startswith("python3 -m venv ")
    # The interpreter the wheelhouse was built for, in place of whichever python3 is first.
    command = sys.executable + main.removeprefix("python3")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        ["bash", "-c", command], cwd=clone, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "kind: Deployment" in result.stdout
