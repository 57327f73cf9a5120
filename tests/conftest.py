"""Shared test helpers: drive the real CLI, find fixtures."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def dump_yaml(data: object, flow: bool) -> str:
    """`data` as YAML text (ruamel's safe dumper), in flow or block style: generated values
    files for the property tests."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.default_flow_style = flow
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def run_cli(
    *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
) -> CliResult:
    """Run `chartgen ARGS` in process through typer's runner (stdout and stderr separate)."""
    from chartgen.cli import app

    runner = CliRunner()
    result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=True)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return CliResult(result.exit_code, result.stdout, result.stderr, exception)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _private_schema_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the Kubernetes schema cache inside the test session, not in the user's ~/.cache."""
    if "CHARTGEN_CACHE_DIR" not in os.environ:
        os.environ["CHARTGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("chartgen-cache"))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Property and fuzz tests explore freely on a developer's machine, but CI runs the same examples
# every time (derandomize: the seed comes from the test itself), so a green CI is repeatable and a
# red one reproduces. Each test keeps its own example budget.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if in_ci():
    settings.load_profile("ci")


def wheelhouse_or_skip() -> Path:
    """Wheels of chartgen's runtime dependencies and build backend, for tests that install
    chartgen into a fresh environment offline (`PIP_NO_INDEX=1`, `PIP_FIND_LINKS=` this).

    `.ci/run` builds it into `.tools/wheelhouse` (`.ci/build-wheelhouse DIR` builds one
    anywhere; `CHARTGEN_WHEELHOUSE=DIR` points the tests at it). Missing: skipped locally, a
    failure under CI, like the tools `.ci/run` installs.
    """
    path = Path(os.environ.get("CHARTGEN_WHEELHOUSE") or ROOT / ".tools" / "wheelhouse")
    if not (path / ".inputs").is_file():
        message = f"no wheelhouse at {path}: run .ci/build-wheelhouse {path}"
        if in_ci():
            pytest.fail(message + " (CI=true: .ci/run builds it)")
        pytest.skip(message)
    return path
