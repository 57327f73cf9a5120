"""The exit-code contract: every usage-error path exits 2 and says what to pass instead.

README: 0 ok, 1 findings, 2 usage error, 3 environment failure. `USAGE_ERRORS` below is the
contract for 2 — one case per path that refuses a command line, from click's own parsing to
each command's checks of its options and the options it can only judge once it has the values
(a malformed `--dataplane-account`, an `--output-dir` chartgen may not write into). A new
refusal of a command line belongs in this list. Each case runs through typer in process, and
the list runs once more through the `chartgen` entry point (the fast path and its hand-over to
typer) in subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

P = pytest.param
EXAMPLE = str(ROOT / "values.example.yaml")
AWS = """\
imageBuilder:
  authenticationType: aws
  defaultRepository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/union/builds
"""

# (arguments, a piece of the message on stderr that says what is wrong or what to pass).
# `{values}`, `{aws}`, `{busy}` (a non-empty directory chartgen did not write), `{ours}` (one it
# wrote), `{file}` (a regular file), `{dangling}` (a link to nothing) are filled in per test.
USAGE_ERRORS = [
    # click parses the command line
    P([], "[OPTIONS] COMMAND [ARGS]...", id="no-command"),
    P(["bogus"], "No such command 'bogus'", id="unknown-command"),
    P(["validate", "--bogus"], "No such option: --bogus", id="unknown-option"),
    P(["validate", "-f"], "Option '-f' requires an argument", id="option-without-value"),
    P(["validate", "--strict=yes", "{values}"], "'--strict' does not take a value",
      id="switch-with-value"),
    P(["diff", "{values}", "--to", "{values}", "-U", "x"], "'x' is not a valid int",
      id="diff-context-not-a-number"),
    P(["explain"], "Missing argument 'KEY|ID|TOPIC'", id="explain-without-subject"),
    P(["explain", "a", "b"], "unexpected extra argument", id="explain-two-subjects"),
    # explain, init
    P(["explain", "IB3O3"], "is neither a values key, a rule ID nor a topic",
      id="explain-unknown-subject"),
    P(["init", "--cloud", "mars"], "--cloud must be one of aws, gcp, azure, none",
      id="init-unknown-cloud"),
    P(["init", "-o", "{file}"], "exists; pass --force to replace it",
      id="init-output-file-exists"),
    P(["init", "-o", "{busy}/no-such-folder/values.yaml"], "is not an existing directory",
      id="init-output-file-folder-missing"),
    P(["schema", "--for", "bogus"], "--for must be one of contract, editor, chart",
      id="schema-unknown-form"),
    # the values options of every command
    P(["validate"], "no values given: pass values FILES, -f FILE, --set, or - for stdin",
      id="validate-no-values"),
    P(["render", "--set", "imageBuilder.enabled"], "cannot parse --set expression",
      id="set-syntax"),
    P(["render", "--set", "imageBuilder.buildkit.tolerations[0"], "is not closed with ']'",
      id="set-unfinished-index"),
    P(["render", "--set", "a=\udcff"], "--set expression is not UTF-8 text",
      id="set-not-utf8"),
    # validate
    P(["validate", "{values}", "-o", "xml"],
      "unknown --output 'xml'; choose one of text, json, github, sarif, junit",
      id="validate-unknown-output"),
    P(["validate", "--each"], "--each needs at least one FILE", id="validate-each-no-file"),
    P(["validate", "{values}", "-n", "Bad_NS"], "--namespace 'Bad_NS' is not a valid namespace "
      "name: \"Bad_NS\" is not a DNS-1123 label: use lower-case letters",
      id="validate-bad-namespace"),
    P(["validate", "{values}", "--release-name", "X"], "a release name is at most 53 lower-case "
      "letters", id="validate-bad-release-name"),
    P(["validate", "{values}", "--kube-version", "banana"], "not a version like 1.31",
      id="validate-bad-kube-version"),
    # rule control (every command that reports findings; tests/rule_control has each mistake)
    P(["validate", "{values}", "--disable", "IB4O2"], "Did you mean IB402",
      id="unknown-rule-id"),
    P(["validate", "{values}", "--disable", "IB100"], "Fix what the finding points at instead",
      id="rule-that-cannot-be-disabled"),
    P(["validate", "{values}", "--severity", "IB303=loud"], "use error, warning or info",
      id="unknown-severity"),
    P(["validate", "{values}", "--config", "{busy}"], "pass the path of a .chartgen.yaml",
      id="config-not-a-file"),
    P(["validate", "{values}", "--config", "{file}"], "unknown key",
      id="config-file-with-a-mistake"),
    # render
    P(["render", "{values}", "-o", "xml"], "choose one of yaml, json", id="render-unknown-output"),
    P(["render"], "no values given", id="render-no-values"),
    P(["render", "{values}", "--target-namespace", "*"], "--target-namespace '*' is not a valid "
      "namespace name", id="render-bad-target-namespace"),
    P(["render", "{values}", "--kube-version", "1.20"], "need Kubernetes 1.23 or newer",
      id="render-kube-version-too-old"),
    P(["render", "{values}", "--output-dir", "{busy}"], "choose a new or empty directory",
      id="render-output-dir-not-ours"),
    P(["render", "{values}", "--output-dir", "{ours}"], "pass --force to replace it",
      id="render-output-dir-without-force"),
    P(["render", "{values}", "--output-dir", "{file}"], "pass a directory, or a path that does "
      "not exist yet, to --output-dir", id="render-output-dir-is-a-file"),
    P(["render", "{values}", "--output-dir", "{dangling}"], "create that directory or pass "
      "another --output-dir", id="render-output-dir-dangling-link"),
    # chart
    P(["chart", "{values}"], "--output-dir DIR is required", id="chart-without-output-dir"),
    P(["chart", "{values}", "--output-dir", "{busy}"], "choose a new or empty directory",
      id="chart-output-dir-not-empty"),
    P(["chart", "{values}", "--output-dir", "{ours}", "--check", "--force"],
      "--check writes nothing; it cannot be combined with --force", id="chart-check-force"),
    P(["chart", "{values}", "--output-dir", "x", "--target-namespace", "A"],
      "--target-namespace 'A' is not a valid namespace name", id="chart-bad-target-namespace"),
    # iam-policy
    P(["iam-policy", "{aws}", "-o", "xml"], "choose one of json, terraform, shell",
      id="iam-unknown-output"),
    P(["iam-policy", "{aws}", "--cloud", "mars"], "choose one of aws, gcp, azure",
      id="iam-unknown-cloud"),
    P(["iam-policy", "{aws}", "--namespace", "*"], "--namespace '*' is not a valid namespace "
      "name", id="iam-namespace-wildcard"),
    P(["iam-policy", "{aws}", "--audit", "x.json", "--output-dir", "d"],
      "drop --output-dir", id="iam-audit-with-output-dir"),
    P(["iam-policy", "{aws}", "--signblob-scope", "x"], "choose one of self, project",
      id="iam-bad-choice"),
    P(["iam-policy", "{aws}", "--user-gsa", "a@b.iam.gserviceaccount.com"],
      "--user-gsa applies to --cloud gcp, not aws", id="iam-option-of-another-cloud"),
    P(["iam-policy", "{aws}", "--oidc-provider", "x"], "only applies with --trust-policy",
      id="iam-option-needs-another"),
    P(["iam-policy", "{aws}", "--dataplane-account", "1111"],
      "Pass a 12-digit AWS account ID to --dataplane-account", id="iam-account-1111"),
    P(["iam-policy", "{aws}", "--dataplane-account", "222222222222"],
      "Add --cross-account", id="iam-account-of-another-registry"),
    P(["iam-policy", "{aws}", "--repository", "public.ecr.aws/x/y"], "Write the bare repository",
      id="iam-repository-cannot-be-granted"),
    P(["iam-policy", "{aws}", "--base-image", "docker.io/library/python:3.12"],
      "base image 'docker.io/library/python:3.12' is not", id="iam-public-base-image"),
    # diff
    P(["diff", "{values}", "--to", "{values}", "-o", "xml"], "choose one of text, json",
      id="diff-unknown-output"),
    P(["diff", "{values}", "--to", "{values}", "-U", "-1"], "--context must be 0 or more",
      id="diff-negative-context"),
    P(["diff", "{values}", "--to", "{values}", "--deployed", "x"], "give one or the other",
      id="diff-two-new-sides"),
    P(["diff", "{values}"], "give --to FILE (or --to-set...) for a second value set, or "
      "--deployed FILE", id="diff-nothing-to-compare"),
    P(["diff", "--to", "{values}"], "no values given", id="diff-no-values"),
    P(["diff", "-", "--deployed", "-"], "pass the others as files", id="diff-stdin-twice"),
    P(["diff", "{values}", "--to", "{values}", "--release-name", "*"],
      "a release name is at most 53", id="diff-bad-release-name"),
    # doctor
    P(["doctor", "{values}", "--cluster", "c", "-o", "xml"], "choose one of text, json",
      id="doctor-unknown-output"),
    P(["doctor", "{values}"], "pass --cluster DIR", id="doctor-without-cluster"),
    P(["doctor", "--cluster", "c"], "no values given", id="doctor-no-values"),
    P(["doctor", "-", "--cluster", "-"], "pass the others as files", id="doctor-stdin-twice"),
    P(["doctor", "{values}", "--cluster", "c", "--kube-version", "x"],
      "not a version like 1.31", id="doctor-bad-kube-version"),
]


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "values.yaml").write_text(
        "imageBuilder:\n  buildkit:\n    oci:\n      maxParallelism: 4\n", encoding="utf-8")
    (tmp_path / "aws.yaml").write_text(AWS, encoding="utf-8")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine\n")
    ours = tmp_path / "ours"
    assert run_cli("render", str(tmp_path / "values.yaml"), "--output-dir", str(ours),
                   "--no-config").exit_code == 0
    (tmp_path / "file.yaml").write_text("disabel: [IB402]\n")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    return {"values": str(tmp_path / "values.yaml"), "aws": str(tmp_path / "aws.yaml"),
            "busy": str(busy), "ours": str(ours), "file": str(tmp_path / "file.yaml"),
            "dangling": str(tmp_path / "dangling")}


def command_line(args: list[str], places: dict[str, str]) -> list[str]:
    return [arg.format(**places) if "{" in arg else arg for arg in args]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_every_usage_error_exits_2_and_says_what_to_pass(
    args: list[str], message: str, places: dict[str, str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir(exist_ok=True)  # no configuration file from above
    result = run_cli(*command_line(args, places), input="")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.exception is None
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS)
def test_the_chartgen_script_exits_2_too(
    args: list[str], message: str, places: dict[str, str], tmp_path: Path
) -> None:
    """The same command lines through `chartgen.entry` (the console script): its fast path
    runs the command bodies itself and hands everything else to typer."""
    (tmp_path / ".git").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    argv = [arg.encode("utf-8", "surrogateescape") for arg in command_line(args, places)]
    result = subprocess.run(
        [sys.executable.encode(), b"-c", b"from chartgen.entry import main; main()", *argv],
        capture_output=True, cwd=tmp_path, env=env, timeout=60, input=b"",
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert message in stderr, stderr
    assert result.stdout == b""

