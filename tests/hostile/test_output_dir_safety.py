"""`--output-dir` never loses a file: it owns only what chartgen wrote, and a run that stops or
fails leaves the directory as it was or complete, never in between.

Each case runs the real CLI in a sandboxed fork (tests/hostile/sandbox.py). States are compared
as {relative path: (kind, content or link target)} of everything under the temporary directory.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from sandbox import Outcome, Sandbox, open_sandbox

EXAMPLE = ROOT / "values.example.yaml"
MANIFEST = ".chartgen-files"

State = dict[str, tuple[str, bytes | str]]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from open_sandbox(tmp_path_factory)


def state(root: Path) -> State:
    """Everything below `root`, without following links."""
    found: State = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            relative = path.relative_to(root).as_posix()
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                found[relative] = ("dir", "")
            else:
                found[relative] = ("file", path.read_bytes())
    return found


def render(box: Sandbox, cwd: Path, *args: str, **kwargs: object) -> Outcome:
    outcome = box.run("render", str(EXAMPLE), *args, cwd=cwd, **kwargs)  # type: ignore[arg-type]
    outcome.check_clean()
    return outcome


def test_force_never_deletes_the_input_or_unrelated_files(sandbox: Sandbox, tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "hard.yaml").write_bytes(EXAMPLE.read_bytes())
    (sub / "notes.txt").write_text("mine\n")
    before = state(tmp_path)
    outcome = sandbox.run("render", "sub/hard.yaml", "--output-dir", "sub", "--force",
                          cwd=tmp_path)
    outcome.check_clean()
    assert outcome.exit_code == 2, outcome.stderr  # a usage error: this directory is not ours
    assert "not empty and holds no chartgen output" in outcome.stderr
    assert state(tmp_path) == before


def test_force_replaces_exactly_chartgens_files(sandbox: Sandbox, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(sandbox, tmp_path, "--output-dir", "out")
    assert any("poddisruptionbudget" in p.name for p in out.iterdir())
    (out / "notes.txt").write_text("mine\n")
    (out / "more").mkdir()
    (out / "more" / "kept.yaml").write_text("kind: Mine\n")

    refused = render(sandbox, tmp_path, "--output-dir", "out",
                     "--set", "imageBuilder.buildkit.replicaCount=1")
    assert refused.exit_code == 2 and "--force" in refused.stderr

    forced = render(sandbox, tmp_path, "--output-dir", "out", "--force",
                    "--set", "imageBuilder.buildkit.replicaCount=1")
    assert forced.exit_code == 0, forced.stderr
    names = sorted(p.name for p in out.iterdir())
    assert "notes.txt" in names and (out / "more" / "kept.yaml").read_text() == "kind: Mine\n"
    assert not any("poddisruptionbudget" in name for name in names)  # chartgen's, removed
    listed = json.loads((out / MANIFEST).read_text())["files"]
    assert set(names) == {*listed, MANIFEST, "notes.txt", "more"}
    assert not [p for p in tmp_path.rglob(".chartgen-*") if p.name != MANIFEST]


def test_a_file_chartgen_did_not_write_is_never_overwritten(sandbox: Sandbox,
                                                            tmp_path: Path) -> None:
    render(sandbox, tmp_path, "--output-dir", "scratch")
    pdb = next(p.name for p in (tmp_path / "scratch").iterdir() if "poddisruptionbudget" in p.name)
    render(sandbox, tmp_path, "--output-dir", "out", "--set",
           "imageBuilder.buildkit.replicaCount=1")
    # The next run adds a PodDisruptionBudget under this name: the user's file is in the way.
    (tmp_path / "out" / pdb).write_text("mine\n")
    before = state(tmp_path)
    outcome = render(sandbox, tmp_path, "--output-dir", "out", "--force")
    assert outcome.exit_code == 2
    assert "was not written by chartgen" in outcome.stderr
    assert state(tmp_path) == before


def test_the_current_directory(sandbox: Sandbox, tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    first = render(sandbox, here, "--output-dir", ".")
    assert first.exit_code == 0, first.stderr
    (here / "notes.txt").write_text("mine\n")
    again = render(sandbox, here, "--output-dir", ".", "--force",
                   "--set", "imageBuilder.buildkit.replicaCount=1")
    assert again.exit_code == 0, again.stderr
    assert (here / "notes.txt").read_text() == "mine\n"
    assert (here / MANIFEST).is_file()
    # A current directory holding other files (the values, say) is not chartgen's.
    other = tmp_path / "other"
    other.mkdir()
    (other / "values.yaml").write_bytes(EXAMPLE.read_bytes())
    refused = sandbox.run("render", "values.yaml", "--output-dir", ".", "--force", cwd=other)
    refused.check_clean()
    assert refused.exit_code == 2
    assert sorted(p.name for p in other.iterdir()) == ["values.yaml"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_modes_follow_the_umask(sandbox: Sandbox, tmp_path: Path, umask: int) -> None:
    outcome = render(sandbox, tmp_path, "--output-dir", "new/deeper/out", umask=umask)
    assert outcome.exit_code == 0, outcome.stderr
    for directory in ("new", "new/deeper", "new/deeper/out"):
        assert stat.S_IMODE((tmp_path / directory).stat().st_mode) == 0o777 & ~umask
    for path in (tmp_path / "new/deeper/out").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_a_symlinked_target_is_followed_and_kept(sandbox: Sandbox, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    render(sandbox, tmp_path, "--output-dir", "link")
    again = render(sandbox, tmp_path, "--output-dir", "link", "--force",
                   "--set", "imageBuilder.buildkit.replicaCount=3")
    assert again.exit_code == 0, again.stderr
    assert os.readlink(tmp_path / "link") == "real"
    assert (tmp_path / "real" / MANIFEST).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]  # no .old, no staging


@pytest.mark.parametrize("target", ["nowhere", "a-file"])
def test_a_symlink_to_no_directory_is_refused(sandbox: Sandbox, tmp_path: Path,
                                              target: str) -> None:
    (tmp_path / "a-file").write_text("x\n")
    (tmp_path / "link").symlink_to(target)
    before = state(tmp_path)
    outcome = render(sandbox, tmp_path, "--output-dir", "link", "--force")
    assert outcome.exit_code == 2
    assert state(tmp_path) == before


def test_links_inside_the_directory_are_never_written_through(sandbox: Sandbox,
                                                              tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    first = sandbox.run("chart", str(EXAMPLE), "--output-dir", "chart", cwd=tmp_path)
    assert first.exit_code == 0, first.stderr
    # templates/ swapped for a link to someone else's directory; an owned file swapped for a
    # link to a file chartgen must not touch.
    elsewhere = tmp_path / "elsewhere"
    (chart / "templates").rename(elsewhere)
    (chart / "templates").symlink_to(elsewhere)
    before = state(tmp_path)
    refused = sandbox.run("chart", str(EXAMPLE), "--output-dir", "chart", "--force",
                          cwd=tmp_path)
    refused.check_clean()
    assert refused.exit_code == 2 and "symbolic link" in refused.stderr
    assert state(tmp_path) == before

    (chart / "templates").unlink()
    elsewhere.rename(chart / "templates")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (chart / "README.md").unlink()
    (chart / "README.md").symlink_to(victim)
    forced = sandbox.run("chart", str(EXAMPLE), "--output-dir", "chart", "--force", cwd=tmp_path)
    forced.check_clean()
    assert forced.exit_code == 0, forced.stderr
    assert victim.read_text() == "precious\n"
    assert not (chart / "README.md").is_symlink()  # chartgen's file is back, the link gone


@pytest.mark.parametrize(
    "manifest",
    [
        '{"chartgen-output": 1, "files": ["../victim.txt"]}',
        '{"chartgen-output": 1, "files": ["/etc/hostname"]}',
        '{"chartgen-output": 1, "files": ["a/../../victim.txt"]}',
        '{"chartgen-output": 1, "files": [7]}',
        '{"chartgen-output": 2, "files": []}',
        "[]",
        "not json",
        "\xff\xfe",
    ],
)
def test_a_hostile_or_broken_manifest_is_refused(sandbox: Sandbox, tmp_path: Path,
                                                 manifest: str) -> None:
    out = tmp_path / "out"
    render(sandbox, tmp_path, "--output-dir", "out")
    (tmp_path / "victim.txt").write_text("precious\n")
    (out / MANIFEST).write_text(manifest, encoding="latin-1")
    before = state(tmp_path)
    outcome = render(sandbox, tmp_path, "--output-dir", "out", "--force")
    assert outcome.exit_code == 2, outcome.stderr
    assert state(tmp_path) == before


def test_a_253_character_service_account_name_fits_a_file_name(sandbox: Sandbox,
                                                               tmp_path: Path) -> None:
    name = ".".join(["a" * 63] * 4)[:253]
    values = tmp_path / "values.yaml"
    values.write_text("imageBuilder:\n  buildkit:\n    serviceAccount:\n"
                      f"      forceDedicated: true\n      name: {name}\n")
    outcome = sandbox.run("render", str(values), "--output-dir", "out", cwd=tmp_path)
    outcome.check_clean()
    assert outcome.exit_code == 0, outcome.stderr
    files = [p.name for p in (tmp_path / "out").iterdir()]
    assert all(len(f.encode()) <= 255 for f in files)
    account = next(f for f in files if "serviceaccount" in f)
    assert account.startswith("01-serviceaccount-aaaa") and account.endswith(".yaml")
    assert f"name: {name}" in (tmp_path / "out" / account).read_text()


# -- stopping and failing at every step ---------------------------------------------------------

# Every call the writer makes that changes the file system, in the order a --force replacement of
# an existing directory makes them: staging (mkdir, open), the commit (rename), clean-up.
STEPS = [("mkdir", n) for n in range(1, 4)] + [("open", n) for n in range(1, 10)] + [
    ("rename", n) for n in range(1, 18)]


@pytest.fixture
def prepared(sandbox: Sandbox, tmp_path: Path) -> tuple[Path, State]:
    """A directory with chartgen's output and a note of the user's, and the state the
    --force run below leaves in a copy of it."""
    template = tmp_path / "template"
    template.mkdir()
    render(sandbox, template, "--output-dir", "out")
    (template / "out" / "notes.txt").write_text("mine\n")
    reference = tmp_path / "reference"
    shutil.copytree(template, reference, symlinks=True)
    done = render(sandbox, reference, *REPLACE)
    assert done.exit_code == 0, done.stderr
    return template, state(reference)


REPLACE = ("--output-dir", "out", "--force", "--set", "imageBuilder.buildkit.replicaCount=1")


def _case(tmp_path: Path, template: Path, name: str) -> tuple[Path, State]:
    case = tmp_path / name
    shutil.copytree(template, case, symlinks=True)
    return case, state(case)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_at_any_step_leaves_the_old_set_or_the_new_one(
    sandbox: Sandbox, tmp_path: Path, prepared: tuple[Path, State], signum: int
) -> None:
    template, new = prepared
    seen_old = seen_new = 0
    for function, call in STEPS:
        case, old = _case(tmp_path, template, f"{function}-{call}")
        outcome = sandbox.run(
            "render", str(EXAMPLE), *REPLACE, cwd=case,
            inject={"function": function, "call": call, "signal": int(signum)})
        outcome.check_clean(allowed=(0, 128 + signum))
        after = state(case)
        assert after in (old, new), (function, call, sorted(set(after) ^ set(old)))
        seen_old += after == old
        seen_new += after == new
    assert seen_old and seen_new  # the steps reach both before and after the commit


@pytest.mark.parametrize("function", ["rename", "mkdir", "open"])
def test_a_file_system_failure_at_any_step_changes_nothing(
    sandbox: Sandbox, tmp_path: Path, prepared: tuple[Path, State], function: str
) -> None:
    template, _ = prepared
    failed = 0
    for call in range(1, 18 if function == "rename" else 8):
        case, old = _case(tmp_path, template, f"{function}-{call}")
        outcome = sandbox.run(
            "render", str(EXAMPLE), *REPLACE, cwd=case,
            inject={"function": function, "call": call, "errno": errno.ENOSPC})
        outcome.check_clean()
        if outcome.exit_code == 0:
            continue  # the writer made fewer such calls than `call`
        failed += 1
        assert outcome.exit_code == 3, outcome.stderr
        assert "No space left on device" in outcome.stderr
        assert state(case) == old, (function, call)
    assert failed


def test_a_new_directory_appears_complete_or_not_at_all(sandbox: Sandbox, tmp_path: Path) -> None:
    for call in range(1, 12):
        case = tmp_path / f"case-{call}"
        case.mkdir()
        outcome = sandbox.run(
            "render", str(EXAMPLE), "--output-dir", "a/b/out", cwd=case,
            inject={"function": "open", "call": call, "signal": int(signal.SIGTERM)})
        outcome.check_clean(allowed=(0, 128 + signal.SIGTERM))
        after = state(case)
        if outcome.exit_code == 0:
            assert (case / "a/b/out" / MANIFEST).is_file()
            continue
        assert outcome.exit_code == 128 + signal.SIGTERM, outcome.stderr
        assert after == {}, sorted(after)  # not even the parents it created
