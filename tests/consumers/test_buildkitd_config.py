"""BuildKit's own loader judges chartgen's buildkitd.toml and chartgen's extraConfig checks.

The judge is the Go program in tests/consumers/buildkitd-config, built against
github.com/moby/buildkit v0.32.2 (see buildkitd_checker.py). These tests fail when

- the configuration structure chartgen ships (chartgen/buildkit/structure.json) drifts from
  BuildKit's, as the program dumps it by reflection;
- any rendered scenario's buildkitd.toml is rejected by BuildKit's loader, has keys BuildKit
  ignores, values buildkitd refuses at start, or deprecated keys;
- chartgen accepts an extraConfig that BuildKit rejects, ignores, refuses or has deprecated
  (a corpus of bad ones, and generated documents), or refuses one BuildKit accepts without a
  chartgen reason of its own;
- chartgen resolves a key to a different BuildKit field than go-toml does (case variants).
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from buildkitd_checker import Verdict, check_texts, structure
from conftest import ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from chartgen.buildkit.buildkitd_toml import build_document, format_document
from chartgen.buildkit.extra_config import BUILDKIT, analyze_extra_config
from chartgen.model import Values, build_model

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCENARIOS = sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml"))


def test_shipped_structure_is_buildkits() -> None:
    shipped = json.loads((ROOT / "chartgen" / "buildkit" / "structure.json").read_text())
    assert shipped == structure(), (
        "chartgen/buildkit/structure.json drifted from BuildKit's config structure; regenerate it "
        "with `.tools/bin/chartgen-buildkitd-config structure > chartgen/buildkit/structure.json`"
    )
    assert shipped["buildkit"] == "v0.32.2"  # the image chartgen deploys by default


def test_checker_pins_the_deployed_buildkit() -> None:
    from chartgen.model import Image

    go_mod = (ROOT / "tests" / "consumers" / "buildkitd-config" / "go.mod").read_text()
    assert f"github.com/moby/buildkit {Image().tag}" in go_mod


# -- every rendered buildkitd.toml loads cleanly ---------------------------------------------------


def _rendered_configs() -> list[tuple[str, str]]:
    configs = []
    for path in SCENARIOS:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        args = first.removeprefix("# args:").split() if first.startswith("# args:") else []
        result = run_cli("render", str(path), *args)
        assert result.exit_code == 0, result.stderr
        for document in YAML(typ="safe").load_all(result.stdout):
            if document and document["kind"] == "ConfigMap" and "buildkitd.toml" in document.get(
                "data", {}
            ):
                configs.append((path.stem, document["data"]["buildkitd.toml"]))
    return configs


def test_every_rendered_buildkitd_toml_loads_strictly() -> None:
    configs = _rendered_configs()
    assert len(configs) >= 25
    verdicts = check_texts([text for _, text in configs])
    problems = {
        name: verdict.raw for (name, _), verdict in zip(configs, verdicts, strict=True) if not verdict.clean
    }
    assert problems == {}
    # Every key chartgen writes is one BuildKit knows, under the name chartgen means.
    for verdict in verdicts:
        assert all(use["resolved"] for use in verdict.raw["keys"])


# -- the corpus: bad extraConfig chartgen must refuse ------------------------------------------

# (extraConfig, what BuildKit does with the rendered file: rejected / ignored / refused /
# deprecated, or "accepted" when only chartgen has a reason to refuse it).
BAD = [
    ('[history]\nmaxEntries = "100"\n', "rejected"),
    ("proxyNetwork = \"yes\"\n", "rejected"),
    ('[registry."docker.io"]\nmirrors = "x"\n', "rejected"),
    ("[system]\nmaxRegistryConcurrency = 1.5\n", "rejected"),
    ("[system]\nmaxRegistryConcurrency = 0\n", "refused"),
    ("[system]\nmaxRegistryConcurrency = -3\n", "refused"),
    ("[history]\nmaxEntries = 99999999999999999999\n", "rejected"),
    ('[history]\nmaxAge = "two days"\n', "rejected"),
    ("[history]\nmaxAge = 1.5\n", "rejected"),
    ("[history]\nmaxAge = true\n", "rejected"),
    ('[worker.containerd]\nreservedSpace = "ten"\n', "rejected"),
    ('[worker.containerd]\nreservedSpace = "1__000"\n', "rejected"),
    ("[worker.containerd]\nreservedSpace = -1\n", "rejected"),
    ('[worker.containerd]\nreservedSpace = "1.5 KiBB"\n', "rejected"),
    ('[worker.containerd]\nkeepDuration = "1_000"\n', "ignored"),
    ('[[worker.containerd.gcpolicy]]\nkeepDuration = "1_000"\n', "rejected"),
    ('[[worker.containerd.gcpolicy]]\nkeepDuration = "+-1h"\n', "rejected"),
    ("[[worker.containerd.gcpolicy]]\nkeepDuration = 1_0\n", "rejected"),
    ("[worker.containerd]\nmax-parallelism = \"4\"\n", "rejected"),
    ("[dns]\nnameservers = [1, 2]\n", "rejected"),
    ("root = 1979-05-27\n", "rejected"),
    ("root = [\"/a\"]\n", "rejected"),
    ("[cdi]\ndisabled = \"true\"\n", "rejected"),
    ('[registry."docker.io"]\nmirror = ["mirror.gcr.io"]\n', "ignored"),
    ('[history]\nmax-age = "48h"\n', "ignored"),
    ('insecure_entitlements = ["network.host"]\n', "ignored"),
    ('[registry]\nmirrors = ["x"]\n', "rejected"),
    ("[nonsense]\nx = 1\n", "ignored"),
    ('trace = true\n', "deprecated"),
    ("Debug = true\n", "deprecated"),
    ('[worker.containerd]\ngckeepstorage = "10GB"\n', "deprecated"),
    ('[log]\nlevel = "loud"\n', "rejected"),  # [log] twice once chartgen's follows
    ('[Log]\nlevel = "loud"\n', "accepted"),  # chartgen's [log] follows and wins
    ('[grpc]\ndebugAddress = "nowhere"\n', "refused"),
    ('[grpc]\ndebugAddress = "npipe:////./pipe/x"\n', "refused"),
    ('[grpc]\ndebugAddress = "0.0.0.0:6060"\n', "accepted"),  # IB322: unauthenticated pprof
    ('[grpc]\naddress = ["tcp://0.0.0.0:9999"]\n', "accepted"),  # the --addr flags win
    ('[grpc.tls]\ncert = "/x.crt"\n', "refused"),
    ('Insecure-Entitlements = ["security.insecure"]\n', "accepted"),  # IB307
    ('"\u0130nsecure-entitlements" = ["network.host"]\n', "accepted"),  # IB307 (Go: İ → i)
    ("[Worker.OCI]\ngc = false\n", "accepted"),  # overrides chartgen's [worker.oci]
    ("WORKER.oci.GC = false\n", "accepted"),
    ("[[worker.oci.gcpolicy]]\nall = true\n", "accepted"),
    ('worker.oci.maxUsedSpace = "50%"\n', "rejected"),  # dotted keys close worker.oci
    ('[Worker.OCI]\nmaxUsedSpace = "50%"\n', "accepted"),  # ignored next to GC policies
    ("[worker.oci]\nsnapshotter = \"zfs\"\n", "rejected"),  # TOML: table defined twice
    ("a = 1 # x\u2028insecure-entitlements = [\"network.host\"]\n", "ignored"),
    ("worker = { containerd = { enabled = false } }\n", "rejected"),
    ("[debug]\n", "deprecated"),  # go-toml even accepts an empty table over a bool
]


def _values(extra: str, **buildkit: Any) -> Values:
    return build_model({"imageBuilder": {"buildkit": {"extraConfig": extra, **buildkit}}})


def _would_render(extra: str, model: Values) -> str:
    """The buildkitd.toml chartgen would write if it accepted `extra`."""
    return format_document(build_document(model), extra)


def test_bad_extra_config_corpus() -> None:
    models = [_values(extra) for extra, _ in BAD]
    verdicts = check_texts([_would_render(extra, m) for (extra, _), m in zip(BAD, models, strict=True)])
    wrong = []
    for (extra, expected), model, verdict in zip(BAD, models, verdicts, strict=True):
        category = verdict.category
        if category != expected:
            wrong.append((extra, expected, category, verdict.raw))
        assert analyze_extra_config(extra, model).problems or _other_rule(extra), extra
    assert wrong == [], "BuildKit's verdict differs from the corpus"


def _other_rule(extra: str) -> bool:
    """The cases another rule refuses (IB307 entitlements, IB322 debug address)."""
    result = run_cli(
        "validate", "-", "-o", "json", input=json.dumps(
            {"imageBuilder": {"buildkit": {"extraConfig": extra}}}
        )
    )
    rules = {f["rule"] for f in json.loads(result.stdout)["results"][0]["findings"]}
    return bool(rules & {"IB307", "IB322"}) and result.exit_code == 1


def test_the_cli_refuses_every_bad_extra_config() -> None:
    for extra, _ in BAD:
        result = run_cli(
            "validate", "-", "-o", "json",
            input=json.dumps({"imageBuilder": {"buildkit": {"extraConfig": extra}}}),
        )
        assert result.exit_code == 1, extra
        rules = {f["rule"] for f in json.loads(result.stdout)["results"][0]["findings"]}
        assert rules & {"IB216", "IB235", "IB307", "IB322"}, (extra, rules)


# -- the corpus: good extraConfig both accept ----------------------------------------------------

GOOD = [
    '[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n',
    '[Registry."docker.io"]\n  Mirrors = ["mirror.gcr.io"]\n  HTTP = true\n',
    '[registry."r.acme.internal"]\r\n  http = true\r\n  insecure = true\r\n',
    "[history]\n  maxAge = 3600\n  maxEntries = 100\n",
    '[history]\n  maxAge = "48h"\n',
    "[worker.containerd]\n  enabled = false\n",
    '[worker.containerd]\n  reservedSpace = "10GB"\n  maxUsedSpace = "80%"\n',
    '[worker.containerd]\n  reservedSpace = "1_000"\n  minFreeSpace = 1_000\n',
    '[[worker.containerd.gcpolicy]]\n  keepDuration = 10\n  maxUsedSpace = "1.5GiB"\n',
    "[worker.oci.labels]\n  team = \"ml\"\n",
    '[dns]\n  nameservers = ["10.0.0.10"]\n  options = ["edns0"]\n',
    '[grpc]\n  debugAddress = "127.0.0.1:6060"\n',
    '[system]\n  maxRegistryConcurrency = 8\n  platformsCacheMaxAge = "1h"\n',
    '# note\u2028[worker.oci] \x85 \u2029 x = 1\n[cdi]\n  disabled = true\n',
    'root = "/var/lib/buildkit"\n',
    '[frontend."dockerfile.v0"]\n  enabled = true\n',
    '[worker.oci.stargzSnapshotter]\n  anything = { deep = [1, "two"] }\n',
    "",
]


def test_good_extra_config_corpus() -> None:
    models = [_values(extra) for extra in GOOD]
    verdicts = check_texts([_would_render(extra, m) for extra, m in zip(GOOD, models, strict=True)])
    for extra, model, verdict in zip(GOOD, models, verdicts, strict=True):
        assert verdict.clean, (extra, verdict.raw)
        assert analyze_extra_config(extra, model).problems == (), extra


# -- generated documents: chartgen and BuildKit agree ------------------------------------------


def _fields() -> dict[str, Any]:
    return json.loads((ROOT / "chartgen" / "buildkit" / "structure.json").read_text())


def _case_variant(draw: st.DrawFn, name: str) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return name.upper()
    if choice == 1:
        return name.capitalize()
    if choice == 2 and "k" in name:
        return name.replace("k", "\u212a", 1)  # Kelvin sign: Go lower-cases it to k
    if choice == 3 and "i" in name:
        return name.replace("i", "\u0130", 1)  # Go lower-cases İ to i; Python does not
    if choice == 4:
        return name + draw(st.sampled_from(["s", "_", "x"]))  # unknown
    return name


SCALARS = {
    "string": ['"x"', '"24h"', '"10%"', '"10GB"', '""', '"loud"', "'lit'"],
    "integer": ["0", "1", "-5", "100", "1_000", "0x10", "99999999999999999999"],
    "float": ["1.5", "inf", "1e3"],
    "boolean": ["true", "false"],
    "datetime": ["1979-05-27", "07:32:00"],
    "array": ['["a", "b"]', "[1, 2]", "[]"],
    "table": ["{}", '{ a = "b" }'],
}


def _quote(key: str) -> str:
    if key and all(c in string.ascii_letters + string.digits + "_-" for c in key):
        return key
    return json.dumps(key, ensure_ascii=False)


@st.composite
def documents(draw: st.DrawFn) -> str:
    data = _fields()
    types = data["types"]
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        ref = data["root"]
        path: list[str] = []
        # Walk down a few struct levels, as a [table] header.
        for _depth in range(draw(st.integers(0, 3))):
            tables = [f for f in types[ref] if _struct_ref(f["type"])]
            if not tables:
                break
            field = draw(st.sampled_from(tables))
            path.append(_case_variant(draw, field["name"]))
            inner = field["type"]
            while inner["kind"] in ("pointer", "slice", "map"):
                if inner["kind"] == "map":
                    path.append(draw(st.sampled_from(["docker.io", "a.b", "x"])))
                inner = inner["elem"]
            if inner["kind"] != "struct" or inner.get("text"):
                break
            ref = inner["ref"]
        fields = types.get(ref) or []
        if not fields:
            continue
        header = ".".join(_quote(p) for p in path)
        if path and path[:2] != ["worker", "oci"]:
            lines.append(f"[{header}]")
        elif path:
            continue  # chartgen's own table: IB216 territory, not compared here
        for _ in range(draw(st.integers(1, 3))):
            field = draw(st.sampled_from(fields))
            kind = draw(st.sampled_from(sorted(SCALARS)))
            value = draw(st.sampled_from(SCALARS[kind]))
            lines.append(f"{_quote(_case_variant(draw, field['name']))} = {value}")
        if not path:
            break  # top-level keys must come before any table
    return "\n".join(lines) + "\n"


def _struct_ref(t: dict[str, Any]) -> bool:
    while t["kind"] in ("pointer", "slice", "map"):
        t = t["elem"]
    return t["kind"] == "struct" and not t.get("text")


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(documents(), min_size=40, max_size=40))
def test_generated_documents_get_the_same_verdict(docs: list[str]) -> None:
    usable = []
    for doc in docs:
        try:
            tomllib.loads(doc)
        except tomllib.TOMLDecodeError:
            continue
        usable.append(doc)
    models = [_values(doc) for doc in usable]
    texts = [_would_render(doc, m) for doc, m in zip(usable, models, strict=True)]
    verdicts = check_texts(texts)
    for doc, model, verdict in zip(usable, models, verdicts, strict=True):
        analysis = analyze_extra_config(doc, model)
        chartgen_refuses = bool(analysis.of(BUILDKIT))
        if not verdict.clean:
            assert analysis.problems, (doc, verdict.raw)
        if chartgen_refuses and verdict.clean:
            # chartgen may be stricter only where the corpus says why ([debug] as a table).
            assert all("is a table, but" in p.message for p in analysis.of(BUILDKIT)), (
                doc, [p.message for p in analysis.of(BUILDKIT)]
            )
        if not verdict.rejected:
            _same_fields(doc, analysis, verdict)


def _same_fields(doc: str, analysis: Any, verdict: Verdict) -> None:
    """chartgen resolves each key of extraConfig to the field go-toml fills."""
    if analysis.view is None:
        return
    offset = 1  # "# extraConfig" precedes the text in the rendered file
    go = {
        (use["line"] - offset, use["column"]): (tuple(use["field"]), use["resolved"])
        for use in verdict.raw["keys"]
        if use["line"] > offset
    }
    ours = {
        (s.line, s.column): (s.field, s.resolved)
        for s in analysis.view.settings
    }
    for position, (field, resolved) in ours.items():
        if position in go and go[position][1] and resolved:
            assert go[position][0] == field, (doc, position)
        if position in go:
            assert go[position][1] == resolved or not go[position][1], (doc, position)


# -- bounded work on hostile extraConfig -------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        # Issue 11: 40,000 newlines + "[" took 26 s in IB307's old fallback regex (quadratic);
        # 100,000 would take minutes there, so the 20 s timeout catches any such regression.
        "\n" * 100_000 + "[",
        " \n" * 100_000 + "insecure-entitlements = [",
        "a = " + "[" * 100_000,
        "[" * 100_000,
        "# " + "\u2028" * 100_000 + "\n[",
        '[registry."docker.io"]\n' + "mirrors = [\n" + '"m",\n' * 50_000 + "]\n",
        "x = \"" + "\\\\" * 100_000 + "\"\n",
    ],
    ids=["newlines-bracket", "spaces-newlines", "deep-array", "brackets", "separators",
         "long-array", "escapes"],
)
def test_hostile_extra_config_finishes(tmp_path: Path, extra: str) -> None:
    """A subprocess with a generous timeout: hanging (or quadratic) work fails the test."""
    import subprocess

    values = tmp_path / "values.yaml"
    values.write_text(json.dumps({"imageBuilder": {"buildkit": {"extraConfig": extra}}}))
    completed = subprocess.run(
        [sys.executable, "-m", "chartgen", "validate", str(values), "-o", "json"],
        capture_output=True, text=True, timeout=20,
    )
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
