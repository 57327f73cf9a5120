"""Property tests on hostile input, through the real CLI, each case in a bounded process.

Generated inputs — random and adversarial YAML, JSON, `--set` expressions, names, and states of
an output directory — run in the sandbox (tests/hostile/sandbox.py: a fork per case under
RLIMIT_AS and a deadline). Invariants, for every case:

- no traceback and no "internal error", the process exits (no signal, no hang) with 0, 1, 2
  or 3, within the sandbox's time and memory nets;
- what `validate` accepts, `render` renders (exit 0, one parseable YAML stream), and every
  rendered name passes Kubernetes' rules (no IB420);
- `--output-dir` holds afterwards either the complete new set (chartgen's files exactly as a
  clean run writes them, everything else as it was) or exactly what it held before;
- for accepted values at the edges (longest names, int32 limits, hostile text), Helm's
  rendering of the chart equals `chartgen render` (tests/chart/test_chart_edge_values.py, with
  the chart harness and a small fixed budget of real `helm`).

Hypothesis runs derandomized (fixed seeds) with fixed example budgets, so CI sees the same
cases every run; the budgets keep the module to about two minutes on two cores.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from conftest import dump_yaml as dump
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from sandbox import Outcome, Sandbox, open_sandbox

from chartgen.names import object_findings
from chartgen.schema import iter_keys

EXAMPLE = ROOT / "values.example.yaml"
MANIFEST = ".chartgen-files"


def fuzz_settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from open_sandbox(tmp_path_factory)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


class Cases:
    """Fresh directories for the examples of one test (hypothesis reuses the fixtures)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def new(self) -> Path:
        self.count += 1
        path = self.root / f"case-{self.count}"
        path.mkdir()
        return path


@pytest.fixture
def cases(workdir: Path, request: pytest.FixtureRequest) -> Cases:
    root = workdir / request.node.name.replace("[", "-").replace("]", "")
    root.mkdir()
    return Cases(root)


def accepted_renders(box: Sandbox, args: list[str], cwd: Path, validated: Outcome) -> None:
    """What validate accepted, render renders: exit 0, parseable objects, valid names."""
    if validated.exit_code != 0:
        return
    rendered = box.run("render", *args, cwd=cwd)
    rendered.check_clean()
    assert rendered.exit_code == 0, (args, rendered.stderr[-2000:])
    for document in YAML(typ="safe").load_all(rendered.stdout):
        if document is not None:
            assert object_findings(document) == [], document["metadata"]


def run_values(box: Sandbox, cwd: Path, args: list[str], stdin: bytes = b"") -> Outcome:
    outcome = box.run("validate", *args, cwd=cwd, stdin=stdin)
    outcome.check_clean()
    event(f"validate exit {outcome.exit_code}")  # --hypothesis-show-statistics shows the mix
    accepted_renders(box, args, cwd, outcome)
    return outcome


# -- YAML ------------------------------------------------------------------------------------------

SPECIALS = [
    ":", "- ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "|", ">", "'", '"',
    "#", "%", "@", "`", "<<: ", "---\n", "...\n", "\n", "  ", "\t", "\r\n", "\ufeff", "\x00",
    "\x1b[31m", "\u2028", "\x85", "yes", "0x1F", "017", "1e400", ".inf", "~", "{{ .Values.x }}",
]

CONTRACT_PATHS = [path for path, node in iter_keys() if "properties" not in node]

scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.sampled_from(SPECIALS),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=20,
)


@st.composite
def contract_documents(draw: st.DrawFn) -> dict[str, Any]:
    """Random values at real keys of the contract: reaches schema, rules and render."""
    document: dict[str, Any] = {}
    for path in draw(st.lists(st.sampled_from(CONTRACT_PATHS), max_size=6)):
        node = document
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = draw(trees)
    return document


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            text = text[:position] + draw(st.sampled_from(SPECIALS)) + text[position:]
        elif choice == 1:
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif choice == 2:
            lines = text.splitlines(keepends=True) or [""]
            line = draw(st.integers(0, len(lines) - 1))
            lines.insert(line, lines[line])
            text = "".join(lines)
        else:
            depth = draw(st.integers(100, 3000))
            opener = draw(st.sampled_from(["[", "{a: ", "- ", '{"a": ']))
            text = text[:position] + opener * depth + text[position:]
    return text


EXAMPLE_TEXT = EXAMPLE.read_text()

yaml_texts = st.one_of(
    st.lists(st.sampled_from([*SPECIALS, *"abk01 "]), max_size=60).map("".join),
    st.builds(dump, contract_documents(), st.booleans()),
    st.builds(dump, trees.map(lambda t: {"imageBuilder": t, "x": t}), st.booleans()),
    mutated(EXAMPLE_TEXT),
)


@fuzz_settings(140)
@given(text=yaml_texts, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
def test_yaml_files(sandbox: Sandbox, cases: Cases, text: str, encoding: str) -> None:
    case = cases.new()
    (case / "values.yaml").write_bytes(text.encode(encoding, "replace"))
    run_values(sandbox, case, ["values.yaml"])


@fuzz_settings(30)
@given(text=yaml_texts)
def test_yaml_on_stdin(sandbox: Sandbox, cases: Cases, text: str) -> None:
    run_values(sandbox, cases.new(), ["-"], stdin=text.encode("utf-8", "replace"))


# -- JSON ------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**80), 2**80),
              st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=25,
)


def nested_json(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * depth + "1" + closer * depth


json_texts = st.one_of(
    json_values.map(json.dumps),
    contract_documents().map(json.dumps),
    st.builds(nested_json, st.integers(100, 5000), st.sampled_from(["[", '{"a":'])),
)


@fuzz_settings(50)
@given(text=json_texts)
def test_json_files(sandbox: Sandbox, cases: Cases, text: str) -> None:
    case = cases.new()
    (case / "values.json").write_text('{"x": ' + text + "}" if text[:1] != "{" else text)
    run_values(sandbox, case, ["values.json"])


@fuzz_settings(50)
@given(key=st.sampled_from(["a", "imageBuilder", "imageBuilder.buildkit.podAnnotations",
                            "imageBuilder.buildkit.securityContext", "x.y[3]"]),
       text=json_texts)
def test_set_json(sandbox: Sandbox, cases: Cases, key: str, text: str) -> None:
    run_values(sandbox, cases.new(), ["--set-json", f"{key}={text}"])


# -- --set -----------------------------------------------------------------------------------------

KEYS = ["a", "b", "imageBuilder", "buildkit", "replicaCount", "tag", "x y", "é", ""]


@st.composite
def set_expressions(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        path = ""
        for _ in range(draw(st.integers(1, 8))):
            if path and draw(st.booleans()):
                path += f"[{draw(st.sampled_from([0, 1, 7, 65535, 65536, 65537, -1, 10**20]))}]"
            else:
                path += ("." if path else "") + draw(st.sampled_from(KEYS))
        if draw(st.integers(0, 9)) == 0:
            path += "[0]" * draw(st.integers(100, 700))
        value = draw(st.one_of(st.sampled_from(["1", "true", "null", "{a,b}", "", "\\,", "x=y",
                                                "2147483648", "99999999999", "1e3", "{}"]),
                               st.text(max_size=10)))
        parts.append(f"{path}={value}")
    return ",".join(parts)


set_texts = st.one_of(
    set_expressions(),
    st.text(st.sampled_from(list("ab.[]0159={},\\ =x")), max_size=60),
    st.just("imageBuilder.buildkit.replicaCount=2147483647"),
)


@fuzz_settings(140)
@given(flags=st.lists(st.tuples(st.sampled_from(["--set", "--set-string", "--set-literal",
                                                  "--set-json"]), set_texts),
                      min_size=1, max_size=4))
def test_set_expressions(sandbox: Sandbox, cases: Cases, flags: list[tuple[str, str]]) -> None:
    args = [item for flag, expression in flags for item in (flag, expression)]
    run_values(sandbox, cases.new(), args)


# -- names -----------------------------------------------------------------------------------------

NAME_FIELDS = [
    "imageBuilder.buildkit.fullnameOverride",
    "imageBuilder.buildkit.serviceAccount.name",
    "imageBuilder.buildkit.openShift.securityContextConstraints.name",
    "imageBuilder.buildkit.serviceAccount.imagePullSecret",
    "imageBuilder.targetConfigMapName",
    "imageBuilder.buildkit.image.tag",
    "commonServiceAccount.name",
]
MAP_FIELDS = [
    "imageBuilder.buildkit.podAnnotations",
    "imageBuilder.buildkit.service.annotations",
    "imageBuilder.buildkit.nodeSelector",
    "additionalServiceAccountAnnotations",
]

name_texts = st.one_of(
    st.lists(st.sampled_from([*"abz09-._/ %A\n\x1b", "..", "é"]), max_size=40).map("".join),
    st.builds(lambda n, sep: sep.join(["a" * 63] * 5)[:n], st.integers(55, 300),
              st.sampled_from([".", "-", "/"])),
    st.sampled_from(["a/../../x", "union\n", "-lead", "trail-", "1abc", "ok", "a" * 63,
                     "b" * 64, "x" * 253, "x" * 254, "acme.io/team", "a/b/c", ".", ".."]),
)


def document_with(field: str, value: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"imageBuilder": {"buildkit": {
        "openShift": {"enabled": True}, "rootless": True,
        "serviceAccount": {"forceDedicated": True}}}}
    node = document
    parts = field.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return document


@fuzz_settings(50)
@given(field=st.sampled_from(NAME_FIELDS + MAP_FIELDS), name=name_texts, value=name_texts,
       namespace=st.one_of(st.just("union"), st.just("builds"), name_texts),
       release=st.one_of(st.just("union"), st.just("ib-1"), name_texts))
def test_names(sandbox: Sandbox, cases: Cases, field: str, name: str, value: str,
               namespace: str, release: str) -> None:
    case = cases.new()
    content = {name: value} if field in MAP_FIELDS else name
    (case / "values.yaml").write_text(json.dumps(document_with(field, content)))
    args = ["values.yaml", "--namespace", namespace, "--release-name", release]
    outcome = run_values(sandbox, case, args)
    if outcome.exit_code != 0:
        return
    written = sandbox.run("render", *args, "--output-dir", "out", cwd=case)
    written.check_clean()
    assert written.exit_code == 0, written.stderr
    for entry in os.scandir(case / "out"):  # one flat directory of short file names
        assert entry.is_file(follow_symlinks=False), entry.name
        assert len(entry.name.encode()) <= 255


# -- output directory states -----------------------------------------------------------------------

State = dict[str, tuple[str, bytes | str]]


def state(root: Path) -> State:
    found: State = {}
    if not os.path.lexists(root):
        return found
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


@st.composite
def directory_setups(draw: st.DrawFn) -> dict[str, Any]:
    # Weighted towards directories chartgen owns, where --force really replaces files.
    return {
        "target": draw(st.sampled_from(["absent", "empty", "owned", "owned", "owned",
                                        "unowned", "file", "link-to-owned", "link-to-owned",
                                        "dangling-link"])),
        "extras": draw(st.lists(st.sampled_from(["notes.txt", "sub/kept.yaml", ".hidden",
                                                 "squat", "link-file", "link-dir"]),
                                unique=True, max_size=2)),
        "manifest": draw(st.sampled_from(["good"] * 5 + ["missing", "garbage", "traversal",
                                                         "lists-extra"])),
        "force": draw(st.sampled_from([True, True, True, False])),
        "replicas": draw(st.sampled_from(["1", "2", "3"])),
        "interrupt": draw(st.one_of(st.none(), st.none(), st.tuples(
            st.sampled_from(["rename", "open", "mkdir"]), st.integers(1, 16),
            st.sampled_from([int(signal.SIGTERM), int(signal.SIGINT)])))),
    }


def make_setup(case: Path, setup: dict[str, Any], owned_template: Path) -> Path:
    """Build the directory state `setup` describes inside `case`; return the --output-dir."""
    (case / "victim.txt").write_text("precious\n")
    target = case / "out"
    kind = setup["target"]
    if kind in ("owned", "link-to-owned"):
        real = case / "real" if kind == "link-to-owned" else target
        shutil.copytree(owned_template, real, symlinks=True)
        if kind == "link-to-owned":
            target.symlink_to("real")
    elif kind == "empty":
        target.mkdir()
    elif kind == "unowned":
        target.mkdir()
        (target / "values.yaml").write_text("mine\n")
    elif kind == "file":
        target.write_text("a file\n")
    elif kind == "dangling-link":
        target.symlink_to("nowhere")
    directory = case / "real" if kind == "link-to-owned" else target
    if directory.is_dir() and not directory.is_symlink():
        manifest = directory / MANIFEST
        if manifest.exists():
            listed = json.loads(manifest.read_text())["files"]
            if setup["manifest"] == "missing":
                manifest.unlink()
            elif setup["manifest"] == "garbage":
                manifest.write_text("{not json")
            elif setup["manifest"] == "traversal":
                manifest.write_text(json.dumps({"chartgen-output": 1,
                                                "files": [*listed, "../victim.txt"]}))
            elif setup["manifest"] == "lists-extra":
                manifest.write_text(json.dumps({"chartgen-output": 1,
                                                "files": [*listed, "gone.yaml"]}))
        for extra in setup["extras"]:
            path = directory / extra
            path.parent.mkdir(parents=True, exist_ok=True)
            if extra == "squat":  # where the next run may put its PodDisruptionBudget
                (directory / "02-poddisruptionbudget-union-operator-buildkit.yaml").write_text(
                    "mine\n")
            elif extra == "link-file":
                path.symlink_to(case / "victim.txt")
            elif extra == "link-dir":
                path.symlink_to(case)
            else:
                path.write_text("mine\n")
    return target


@pytest.fixture(scope="module")
def owned_template(sandbox: Sandbox, workdir: Path) -> Path:
    root = workdir / "owned-template"
    root.mkdir()
    done = sandbox.run("render", str(EXAMPLE), "--output-dir", "out", cwd=root)
    assert done.exit_code == 0, done.stderr
    return root / "out"


@pytest.fixture(scope="module")
def clean_outputs(sandbox: Sandbox, workdir: Path) -> dict[str, State]:
    """What a clean run writes, by replica count (each count renders a different set)."""
    outputs = {}
    for replicas in ("1", "2", "3"):
        root = workdir / f"clean-{replicas}"
        root.mkdir()
        done = sandbox.run("render", str(EXAMPLE), "--output-dir", "out", "--set",
                           f"imageBuilder.buildkit.replicaCount={replicas}", cwd=root)
        assert done.exit_code == 0, done.stderr
        outputs[replicas] = state(root / "out")
    return outputs


@fuzz_settings(70)
@given(setup=directory_setups())
def test_output_directory_states(sandbox: Sandbox, cases: Cases, owned_template: Path,
                                 clean_outputs: dict[str, State], setup: dict[str, Any]) -> None:
    case = cases.new()
    target = make_setup(case, setup, owned_template)
    before = state(case)
    args = ["render", str(EXAMPLE), "--output-dir", "out", "--set",
            f"imageBuilder.buildkit.replicaCount={setup['replicas']}"]
    if setup["force"]:
        args.append("--force")
    inject = None
    if setup["interrupt"]:
        function, call, signum = setup["interrupt"]
        inject = {"function": function, "call": call, "signal": signum}
    outcome = sandbox.run(*args, cwd=case, inject=inject)
    allowed = (0, 1, 2, 3) + ((128 + inject["signal"],) if inject else ())
    outcome.check_clean(allowed=allowed)
    after = state(case)
    assert (case / "victim.txt").read_text() == "precious\n"
    if outcome.exit_code != 0 and after == before:
        return
    # Otherwise: the complete new set, and everything that was not chartgen's untouched.
    assert outcome.exit_code in (0, 128 + (inject or {}).get("signal", 0)), outcome.stderr
    directory = Path(os.path.realpath(target))
    prefix = directory.relative_to(case).as_posix() + "/"
    new = clean_outputs[setup["replicas"]]
    listed = set(json.loads((directory / MANIFEST).read_text())["files"])
    assert listed == set(json.loads(new[MANIFEST][1])["files"])
    for name in listed | {MANIFEST}:
        assert after[prefix + name] == new[name], name
    owned_before: set[str] = set()
    old_manifest = before.get(prefix + MANIFEST)
    if old_manifest is not None:
        owned_before = set(json.loads(old_manifest[1])["files"]) | {MANIFEST}
    for name, entry in before.items():
        chartgens = name.startswith(prefix) and name[len(prefix):] in owned_before
        if not chartgens and entry[0] != "dir":
            assert after.get(name) == entry, name  # not chartgen's: exactly as it was
    assert not [name for name in after if ".chartgen-staging-" in name
                or ".chartgen-backup-" in name]
