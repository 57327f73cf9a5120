"""`chartgen doctor` through the real CLI: the printed kubectl commands produce exactly what it
reads, every input form, every report format, exit codes, and bad input as located findings."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import ROOT, in_ci, run_cli

CLUSTERS = Path(__file__).resolve().parent / "clusters"

VALUES = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-2.amazonaws.com/union-builds
  buildkit:
    oci:
      maxParallelism: 2
    networkPolicy:
      enabled: true
    serviceAccount:
      forceDedicated: true
    nodeSelector:
      union.ai/pool: builders
    tolerations:
      - key: union.ai/builders
        operator: Exists
        effect: NoSchedule
"""


@pytest.fixture
def values(tmp_path: Path) -> Path:
    path = tmp_path / "values.yaml"
    path.write_text(VALUES, encoding="utf-8")
    return path


def rules(output: str) -> list[str]:
    return sorted(f["rule"] for f in json.loads(output)["results"][0]["findings"])


# -- --print-commands ------------------------------------------------------------------------------

STUB = """\
#!/bin/sh
# A stand-in for kubectl (no cluster runs in the tests): prints a fixture cluster's files for
# exactly the commands `chartgen doctor --print-commands` prints, and fails like kubectl for
# anything else.
FIXTURE="{fixture}"
case "$*" in
  "version -o json") cat "$FIXTURE/version.json" ;;
  "get nodes -o json") cat "$FIXTURE/nodes.json" ;;
  "get namespaces -o json") cat "$FIXTURE/namespaces.json" ;;
  "get customresourcedefinitions certificates.cert-manager.io issuers.cert-manager.io clusterissuers.cert-manager.io securitycontextconstraints.security.openshift.io --ignore-not-found -o json") cat "$FIXTURE/crds.json" ;;
  "get storageclasses -o json") cat "$FIXTURE/storageclasses.json" ;;
  "get daemonsets --all-namespaces -o json") cat "$FIXTURE/daemonsets.json" ;;
  "get securitycontextconstraints -o json")
    if [ -s "$FIXTURE/sccs.json" ]; then cat "$FIXTURE/sccs.json"; else
      echo 'error: the server doesn'"'"'t have a resource type "securitycontextconstraints"' >&2
      exit 1
    fi ;;
  *) echo "error: unexpected kubectl command: $*" >&2; exit 2 ;;
esac
"""


@pytest.mark.parametrize("name", ["eks", "openshift"])
def test_the_printed_commands_produce_what_doctor_reads(tmp_path: Path, values: Path,
                                                        name: str) -> None:
    printed = run_cli("doctor", "--print-commands", "--cluster", "facts dir")
    assert printed.exit_code == 0
    assert "mkdir -p 'facts dir'\n" in printed.stdout
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "kubectl"
    stub.write_text(STUB.format(fixture=CLUSTERS / name), encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    script = tmp_path / "collect.sh"
    script.write_text(printed.stdout, encoding="utf-8")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    ran = subprocess.run(["bash", "-e", str(script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    collected = tmp_path / "facts dir"
    for source in (CLUSTERS / name).iterdir():
        assert (collected / source.name).read_bytes() == source.read_bytes(), source.name
    from_commands = run_cli("doctor", str(values), "--cluster", str(collected), "-o", "json")
    from_fixture = run_cli("doctor", str(values), "--cluster", str(CLUSTERS / name), "-o", "json")
    assert rules(from_commands.stdout) == rules(from_fixture.stdout)
    assert "IB701" not in rules(from_commands.stdout)


def test_the_printed_commands_pass_shellcheck(tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        if in_ci():
            pytest.fail("shellcheck is not on PATH (CI=true: .ci/run installs it)")
        pytest.skip("shellcheck is not on PATH")
    script = tmp_path / "collect.sh"
    script.write_text("#!/bin/sh\n" + run_cli("doctor", "--print-commands").stdout,
                      encoding="utf-8")
    result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_a_hostile_directory_name_stays_one_word(tmp_path: Path) -> None:
    name = "x'; touch pwned; '\n# $(touch pwned2)"
    printed = run_cli("doctor", "--print-commands", "--cluster", name).stdout
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "kubectl"
    stub.write_text(STUB.format(fixture=CLUSTERS / "k3d"), encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    script = tmp_path / "collect.sh"
    script.write_text(printed, encoding="utf-8")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    ran = subprocess.run(["bash", "-e", str(script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert (tmp_path / name / "nodes.json").is_file()


# -- inputs --------------------------------------------------------------------------------------


def test_facts_on_stdin_concatenated(values: Path) -> None:
    directory = CLUSTERS / "k3d"
    stream = "".join((directory / name).read_text(encoding="utf-8")
                     for name in ("version.json", "nodes.json", "namespaces.json",
                                  "storageclasses.json", "daemonsets.json"))
    result = run_cli("doctor", str(values), "--cluster", "-", "-o", "json", input=stream)
    assert result.exit_code == 1, result.stdout
    found = rules(result.stdout)
    assert "IB709" in found  # nodeSelector matches no k3d node
    # The CRDs were not given (an empty result cannot be named on stdin): said, not passed.
    facts = [f["message"] for f in json.loads(result.stdout)["results"][0]["findings"]
             if f["rule"] == "IB701"]
    assert not facts or all("crds" in m or "sccs" in m for m in facts)


def test_files_and_directories_mix(values: Path) -> None:
    directory = CLUSTERS / "eks"
    result = run_cli("doctor", str(values), "--cluster", str(directory / "nodes.json"),
                     "--cluster", str(directory / "version.json"), "-o", "json")
    document = json.loads(result.stdout)
    assert document["results"][0]["checked"][-2:] == [str(directory / "nodes.json"),
                                                      str(directory / "version.json")]
    missing = " ".join(f["message"] for f in document["results"][0]["findings"]
                       if f["rule"] == "IB701")
    assert "no namespaces given" in missing and "no daemonsets given" in missing


@pytest.mark.parametrize(("text", "where", "what"), [
    ('{"apiVersion": "v1", "kind": "List", "items": [\n  {"kind": "Node"}\n]}', (2, 3),
     "no apiVersion"),
    ('{"clientVersion": {"gitVersion": "v1.34.0"}}', (1, 1), "kubectl version -o json"),
    ("[1, 2", (1, 6), "not valid JSON"),
])
def test_bad_facts_are_located_findings(tmp_path: Path, values: Path, text: str,
                                        where: tuple[int, int], what: str) -> None:
    facts = tmp_path / "nodes.json"
    facts.write_text(text, encoding="utf-8")
    result = run_cli("doctor", str(values), "--cluster", str(facts), "-o", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert finding["rule"] == "IB700" and what in finding["message"]
    assert (finding["line"], finding["column"]) == where
    assert finding["file"] == str(facts)


def test_unreadable_facts_are_the_environment(tmp_path: Path, values: Path) -> None:
    result = run_cli("doctor", str(values), "--cluster", str(tmp_path / "missing.json"))
    assert result.exit_code == 3
    assert "IB009" in result.stdout


def test_invalid_values_are_reported_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("imageBuilder:\n  buildkit:\n    replicaCount: many\n", encoding="utf-8")
    result = run_cli("doctor", str(path), "--cluster", str(CLUSTERS / "eks"), "-o", "json")
    assert result.exit_code == 1
    assert rules(result.stdout) == ["IB100"]


@pytest.mark.parametrize("args", [
    ["VALUES"],
    ["--cluster", "CLUSTER"],
    ["VALUES", "--cluster", "CLUSTER", "-o", "yaml"],
    ["-", "--cluster", "-"],
    ["VALUES", "--cluster", "CLUSTER", "--namespace", "UPPER"],
    ["VALUES", "--cluster", "CLUSTER", "--kube-version", "one"],
])
def test_usage_errors_exit_2(values: Path, args: list[str]) -> None:
    resolved = [str(values) if a == "VALUES" else str(CLUSTERS / "eks") if a == "CLUSTER" else a
                for a in args]
    result = run_cli("doctor", *resolved)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("chartgen: error: ")


# -- outputs --------------------------------------------------------------------------------------


def test_json_report_matches_its_schema(values: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    for name in ("eks", "aks", "gke-autopilot", "openshift", "k3d"):
        result = run_cli("doctor", str(values), "--cluster", str(CLUSTERS / name), "-o", "json")
        assert not list(Draft202012Validator(schema).iter_errors(json.loads(result.stdout))), name


def test_text_names_the_values_line_and_the_cluster_object(values: Path) -> None:
    result = run_cli("doctor", str(values), "--cluster", str(CLUSTERS / "eks"))
    assert result.exit_code == 0  # warnings only
    line = next(line for line in result.stdout.splitlines() if "[IB711]" in line)
    assert line.startswith(f"{values}:8:16: warning: $.imageBuilder.buildkit.networkPolicy.enabled")
    assert "DaemonSet kube-system/aws-node" in line
    assert run_cli("doctor", str(values), "--cluster", str(CLUSTERS / "eks"),
                   "--strict").exit_code == 1


@pytest.mark.parametrize("output", ["github", "sarif", "junit"])
def test_every_report_format(values: Path, output: str) -> None:
    result = run_cli("doctor", str(values), "--cluster", str(CLUSTERS / "aks"), "-o", output)
    assert result.exit_code == 1
    if output == "github":
        assert any(line.startswith("::error") and "IB705" in line
                   for line in result.stdout.splitlines())
    elif output == "sarif":
        run = json.loads(result.stdout)["runs"][0]
        assert "IB705" in {r["ruleId"] for r in run["results"]}
        descriptor = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "IB705")
        assert descriptor["name"] == "pod-security-admission"
    else:
        root = ElementTree.fromstring(result.stdout)
        assert "IB705" in ElementTree.tostring(root, encoding="unicode")
