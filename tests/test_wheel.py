"""An installed chartgen works from any directory: schemas and templates ship inside the wheel.

Builds the wheel without network (hatchling from this environment), installs it into a fresh
virtual environment without its dependencies (those are borrowed from this environment through
a path entry, so no package index is needed), and runs the installed `chartgen` from an
unrelated directory.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

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
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from this environment; a plain path entry (not a site dir) does not
    # run the editable-install hook that would put the source checkout on sys.path.
    (Path(site) / "borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv


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

    if (ROOT / "templates").is_dir() and any((ROOT / "templates").glob("*.j2")):
        render = subprocess.run(
            [str(chartgen), "render", "values.yaml"], cwd=workdir, capture_output=True, text=True
        )
        assert render.returncode == 0, render.stderr
        assert "kind: Deployment" in render.stdout
