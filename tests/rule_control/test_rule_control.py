"""Rule control through the real CLI: `--disable/--enable/--severity`, the configuration file
(`.chartgen.yaml`, `[tool.chartgen]`), and what may not be switched off.

The motivating case is OpenShift: the SecurityContextConstraints have no schema, so
`--validate-manifests` always draws IB402 and `--strict` could never pass. Each way of
switching IB402 off makes the run exit 0 and lists IB402 as suppressed, never drops it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from chartgen.catalogue import all_kinds, fixed_kinds

# OpenShift values that are clean under --strict except for IB402 (line 12 renders the SCC).
OPENSHIFT = """\
imageBuilder:
  authenticationType: noop
  defaultRepository: registry.example.com/union/builds
  buildkit:
    oci:
      maxParallelism: 4
    networkPolicy:
      enabled: true
    serviceAccount:
      forceDedicated: true
    openShift:
      enabled: true
"""
STRICT = ("--strict", "--validate-manifests")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree as the current directory, so that configuration files are looked for
    here and in no directory above it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "values.yaml").write_text(OPENSHIFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def suppressed(stdout: str) -> list[dict[str, object]]:
    document = json.loads(stdout)
    return [item for result in document["results"] for item in result["suppressed"]]


def rules(stdout: str) -> list[str]:
    document = json.loads(stdout)
    return [f["rule"] for result in document["results"] for f in result["findings"]]


def test_openshift_strict_fails_on_ib402_without_rule_control(project: Path) -> None:
    result = run_cli("validate", "values.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 1, result.stderr
    assert rules(result.stdout) == ["IB402"]
    # IB402 points at the value that renders the SCC, so a comment there can name it.
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert (finding["file"], finding["line"], finding["column"]) == ("values.yaml", 12, 16)


def test_disable_on_the_command_line(project: Path) -> None:
    result = run_cli("validate", "values.yaml", *STRICT, "--disable", "IB402", "-o", "json")
    assert result.exit_code == 0, result.stdout
    [item] = suppressed(result.stdout)
    assert item["rule"] == "IB402"
    assert item["suppressed"] == {"by": "cli", "where": "--disable IB402", "reason": ""}
    assert json.loads(result.stdout)["summary"]["suppressed"] == 1


def test_disable_in_chartgen_yaml(project: Path) -> None:
    (project / ".chartgen.yaml").write_text("# OpenShift\ndisable: [IB402]\n")
    result = run_cli("validate", "values.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 0, result.stdout
    [item] = suppressed(result.stdout)
    assert item["suppressed"] == {"by": "config", "where": ".chartgen.yaml:2:11", "reason": ""}


def test_disable_in_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.chartgen]\ndisable = ["IB402"]\n'
    )
    result = run_cli("validate", "values.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 0, result.stdout
    [item] = suppressed(result.stdout)
    assert item["suppressed"]["by"] == "config"
    assert item["suppressed"]["where"] == "pyproject.toml:5:12"


def test_disable_inline(project: Path) -> None:
    text = OPENSHIFT.replace("      enabled: true\n",
                             "      enabled: true  # chartgen: disable=IB402 the API checks it\n")
    assert text.count("chartgen:") == 2  # networkPolicy.enabled and openShift.enabled
    text = OPENSHIFT.rsplit("      enabled: true\n", 1)[0] + (
        "      enabled: true  # chartgen: disable=IB402 the API checks it\n")
    (project / "values.yaml").write_text(text)
    result = run_cli("validate", "values.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 0, result.stdout
    [item] = suppressed(result.stdout)
    assert item["rule"] == "IB402"
    assert item["suppressed"] == {"by": "inline", "where": "values.yaml:12:22",
                                  "reason": "the API checks it"}


def test_render_with_ib402_disabled_writes_the_objects(project: Path) -> None:
    result = run_cli("render", "values.yaml", *STRICT, "--disable", "IB402")
    assert result.exit_code == 0, result.stderr
    assert "kind: SecurityContextConstraints" in result.stdout
    assert "1 finding suppressed (--show-suppressed to list)" in result.stderr


# -- precedence ----------------------------------------------------------------------------------


def test_the_command_line_wins_over_the_file(project: Path) -> None:
    (project / ".chartgen.yaml").write_text("disable: [IB402]\nseverity:\n  IB219: error\n")
    enabled = run_cli("validate", "values.yaml", *STRICT, "--enable", "IB402", "-o", "json")
    assert enabled.exit_code == 1
    assert rules(enabled.stdout) == ["IB402"]
    # The file makes IB219 an error; the command line makes it a warning again.
    unbounded = project / "unbounded.yaml"
    unbounded.write_text(OPENSHIFT.replace("maxParallelism: 4", "maxParallelism: 0"))
    by_file = run_cli("validate", str(unbounded), "-o", "json")
    assert by_file.exit_code == 1
    [finding] = json.loads(by_file.stdout)["results"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("IB219", "error")
    by_cli = run_cli("validate", str(unbounded), "--severity", "ib219=WARNING", "-o", "json")
    assert by_cli.exit_code == 0
    [finding] = json.loads(by_cli.stdout)["results"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("IB219", "warning")


def test_severity_decides_what_a_command_does(project: Path) -> None:
    """An error made a warning no longer stops render: the user's severity is the finding's."""
    exposed = project / "exposed.yaml"
    exposed.write_text(OPENSHIFT + "    service:\n      type: LoadBalancer\n")
    refused = run_cli("render", str(exposed))
    assert refused.exit_code == 1 and "[IB302]" in refused.stderr and refused.stdout == ""
    rendered = run_cli("render", str(exposed), "--severity", "IB302=warning")
    assert rendered.exit_code == 0, rendered.stderr
    assert "type: LoadBalancer" in rendered.stdout
    assert "warning: $.imageBuilder.buildkit.service.type" in rendered.stderr
    strict = run_cli("render", str(exposed), "--severity", "IB302=warning", "--strict")
    assert strict.exit_code == 1 and strict.stdout == ""


def test_a_warning_made_an_error_fails_without_strict(project: Path) -> None:
    unbounded = project / "unbounded.yaml"
    unbounded.write_text(OPENSHIFT.replace("maxParallelism: 4", "maxParallelism: 0"))
    assert run_cli("validate", str(unbounded)).exit_code == 0
    result = run_cli("validate", str(unbounded), "--severity", "IB219=error")
    assert result.exit_code == 1
    assert "error: $.imageBuilder.buildkit.oci.maxParallelism" in result.stdout


def test_info_keeps_a_finding_visible_without_failing_strict(project: Path) -> None:
    result = run_cli("validate", "values.yaml", *STRICT, "--severity", "IB402=info")
    assert result.exit_code == 0
    assert "values.yaml:12:16: info:" in result.stdout


# -- usage errors (exit 2) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--disable", "IB4O2"], "'IB4O2' is not the ID of any chartgen finding. Did you mean "
         "IB402 (manifest-skipped)?"),
        (["--disable", "IB42"], "Did you mean IB402 (manifest-skipped) or IB420 (object-name)?"),
        (["--enable", "IB9999"], "'IB9999' is not the ID of any chartgen finding. `chartgen docs`"),
        (["--disable", "manifest-skipped"], "is a rule name, not an ID. Name it by its ID: IB402"),
        (["--severity", "IB303"], "--severity 'IB303': pass ID=LEVEL"),
        (["--severity", "IB303=fatal"], "'fatal' is not a severity; use error, warning or info"),
        (["--severity", "IB3O3=error"], "Did you mean IB303 (unprotected-daemon)?"),
        (["--disable", "IB402,,IB303"], "an empty ID"),
        (["--disable", "IB303", "--enable", "IB303"], "IB303 is both disabled and enabled"),
        (["--disable", "IB303", "--severity", "IB303=error"], "disabled and given a severity"),
        (["--disable", "IB100"], "IB100 (schema) cannot be switched off or given another "
         "severity: values with this finding cannot be validated or rendered"),
        (["--severity", "IB001=warning"], "IB001 (yaml-syntax) cannot be switched off"),
        (["--disable", "IB009"], "an input it reports could not be read"),
        (["--disable", "IB403"], "it means the check could not run (exit 3)"),
        (["--config", "missing.yaml"], "--config missing.yaml: no such file"),
        (["--config", "values.yaml", "--no-config"], "contradict each other"),
    ],
)
def test_a_bad_rule_control_option_is_a_usage_error(
    project: Path, args: list[str], expected: str
) -> None:
    result = run_cli("validate", "values.yaml", *args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("chartgen: error: ")
    assert expected in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["validate", "render", "chart", "iam-policy", "diff",
                                     "doctor"])
def test_every_command_that_reports_findings_takes_rule_control(
    project: Path, command: str
) -> None:
    extra = {"chart": ["--output-dir", "out"], "diff": ["--to", "values.yaml"],
             "doctor": ["--cluster", "cluster"]}.get(command, [])
    result = run_cli(command, "values.yaml", *extra, "--disable", "IB4O2")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Did you mean IB402" in result.stderr


def test_fixed_kinds_are_the_ones_that_stop_a_command() -> None:
    fixed = fixed_kinds()
    kinds = {kind.id: kind for kind in all_kinds()}
    # Every loading and schema error, and nothing a user may reasonably overrule.
    assert {"IB001", "IB002", "IB004", "IB007", "IB009", "IB010", "IB100", "IB101",
            "IB102", "IB403", "IB404", "IB518", "IB601", "IB650", "IB700"} <= set(fixed)
    assert not {"IB012", "IB013", "IB015", "IB302", "IB303", "IB401", "IB402"} & set(fixed)
    assert all(kinds[kind_id].severity.value == "error" for kind_id in fixed)


# -- the configuration file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".chartgen.yaml", "disable: [IB402\n", ".chartgen.yaml:2:1: YAML syntax error"),
        (".chartgen.yaml", "disabel: [IB402]\n",
         ".chartgen.yaml:1:1: unknown key 'disabel'; did you mean 'disable'?"),
        (".chartgen.yaml", "disable: IB402\n",
         ".chartgen.yaml:1:10: disable must be a list of rule IDs"),
        (".chartgen.yaml", "disable:\n  - IB303\n  - IB4O2\n",
         ".chartgen.yaml:3:5: 'IB4O2' is not the ID of any chartgen finding. Did you mean IB402"),
        (".chartgen.yaml", "severity:\n  IB303: loud\n",
         ".chartgen.yaml:2:10: 'loud' is not a severity"),
        (".chartgen.yaml", "severity: [IB303]\n", ".chartgen.yaml:1:11: severity must be a "
         "mapping"),
        (".chartgen.yaml", "enable: [IB100]\n", ""),  # naming a fixed kind to enable: harmless
        (".chartgen.yaml", "- IB402\n", ".chartgen.yaml:1:1: values must be a mapping"),
        (".chartgen.yaml", "disable: [IB402]\nenable: [IB402]\n",
         "IB402 is both disabled and enabled"),
        ("pyproject.toml", "[tool.chartgen]\ndisable = [\"IB402\"\n",
         "pyproject.toml:3:1: TOML syntax error"),
        ("pyproject.toml", "[tool.chartgen]\ndisable = [\"IB402\", 3]\n",
         "pyproject.toml:2:21: disable[1] must be a rule ID"),
        ("pyproject.toml", "[tool.chartgen]\nseverity = {IB303 = \"loud\"}\n",
         "pyproject.toml:2:21: 'loud' is not a severity"),
        ("pyproject.toml", "[tool]\nchartgen = 3\n", "pyproject.toml:2:1: [tool.chartgen] must "
         "be a table"),
    ],
)
def test_a_bad_configuration_file_is_a_located_usage_error(
    project: Path, name: str, text: str, expected: str
) -> None:
    (project / name).write_text(text)
    result = run_cli("validate", "values.yaml")
    if not expected:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("chartgen: error: ")
    assert expected in result.stderr, result.stderr


def test_the_nearest_file_wins_and_the_search_stops_at_the_git_root(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = project / "deploy" / "values"
    sub.mkdir(parents=True)
    (project / ".chartgen.yaml").write_text("disable: [IB402]\n")
    monkeypatch.chdir(sub)
    found = run_cli("validate", "../../values.yaml", *STRICT, "-o", "json")
    assert found.exit_code == 0
    assert suppressed(found.stdout)[0]["suppressed"]["where"] == "../../.chartgen.yaml:1:11"
    # A nearer pyproject.toml without [tool.chartgen] is not chartgen's: the search goes on.
    (sub / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n')
    assert run_cli("validate", "../../values.yaml", *STRICT).exit_code == 0
    # A nearer one with [tool.chartgen] wins, even when it disables nothing.
    (sub / "pyproject.toml").write_text('[tool.chartgen]\ndisable = []\n')
    assert run_cli("validate", "../../values.yaml", *STRICT).exit_code == 1
    # .chartgen.yaml goes before pyproject.toml in the same directory.
    (sub / ".chartgen.yaml").write_text("disable: [IB402]\n")
    assert run_cli("validate", "../../values.yaml", *STRICT).exit_code == 0
    # A work tree below the file: the file is outside it and not read.
    (sub / ".chartgen.yaml").unlink()
    (sub / "pyproject.toml").unlink()
    (sub / ".git").mkdir()
    assert run_cli("validate", "../../values.yaml", *STRICT).exit_code == 1


def test_config_and_no_config(project: Path) -> None:
    (project / ".chartgen.yaml").write_text("disable: [IB402]\n")
    assert run_cli("validate", "values.yaml", *STRICT).exit_code == 0
    assert run_cli("validate", "values.yaml", *STRICT, "--no-config").exit_code == 1
    elsewhere = project / "ci" / "strict.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("severity: {IB402: info}\n")
    result = run_cli("validate", "values.yaml", *STRICT, "--config", str(elsewhere))
    assert result.exit_code == 0 and ": info: " in result.stdout
    toml = project / "ci" / "chartgen.toml"
    toml.write_text("[tool.chartgen]\ndisable = ['IB402']\n")
    assert run_cli("validate", "values.yaml", *STRICT, "--config", str(toml)).exit_code == 0
    toml.write_text("[tool.other]\n")
    result = run_cli("validate", "values.yaml", "--config", str(toml))
    assert result.exit_code == 2 and "no [tool.chartgen] table" in result.stderr


# -- the README's examples do what it says -------------------------------------------------------


def readme_blocks(language: str) -> list[str]:
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Rule control\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n", 1)[1] for block in section.split("```")[1::2]
            if block.startswith(language + "\n")]


def test_the_readme_examples(project: Path) -> None:
    config, inline = readme_blocks("yaml")
    (project / ".chartgen.yaml").write_text(config)
    result = run_cli("validate", "values.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 0
    assert [item["rule"] for item in suppressed(result.stdout)] == ["IB402"]
    (project / ".chartgen.yaml").unlink()
    # The inline example, on top of OpenShift values that are otherwise clean.
    (project / "base.yaml").write_text(OPENSHIFT.replace("      maxParallelism: 4\n", ""))
    (project / "inline.yaml").write_text(inline)
    result = run_cli("validate", "base.yaml", "inline.yaml", *STRICT, "-o", "json")
    assert result.exit_code == 0, result.stdout
    assert sorted((item["rule"], item["suppressed"]["reason"])
                  for item in suppressed(result.stdout)) == [
        ("IB219", "the nodes run nothing but builds"),
        ("IB402", "the cluster's API checks the SCC"),
    ]
    for command in readme_blocks("bash")[0].splitlines():
        args = command.split("#")[0].split()[1:]
        assert run_cli(*args).exit_code in (0, 1), command


def test_a_pyproject_that_only_depends_on_chartgen_is_not_read(project: Path) -> None:
    """Even a broken one: it is not chartgen's configuration, so its mistakes are not ours."""
    (project / "pyproject.toml").write_text(
        '[project]\ndependencies = ["chartgen>=0.1"\n[tool.ruff]\n')
    assert run_cli("validate", "values.yaml", *STRICT).exit_code == 1  # IB402, not exit 2
    (project / "pyproject.toml").write_text('[tool]\nchartgen = { disable = ["IB402"] }\n')
    assert run_cli("validate", "values.yaml", *STRICT).exit_code == 0


# Every way TOML can write chartgen's table, and files that only mention chartgen.
TOOL_TABLES = [
    '[tool.chartgen]\ndisable = ["IB402"]\n',
    '[tool."chartgen"]\ndisable = ["IB402"]\n',
    "[ tool . 'chartgen' ]\ndisable = [\"IB402\"]\n",
    '[tool.chartgen.severity]\nIB303 = "error"\n',
    '[tool]\nchartgen.disable = ["IB402"]\n',
    '[tool]\n"chartgen" = { disable = ["IB402"] }\n',
    '[project]\nname = "x"\n[tool]\nruff = {}\nchartgen = { disable = [] }\n',
    'tool.chartgen.disable = ["IB402"]\n',
    'tool = { chartgen = { disable = ["IB402"] } }\n',
]
NOT_TOOL_TABLES = [
    '[project]\nname = "x"\ndependencies = ["chartgen>=1"]\n',
    '[project.scripts]\nchartgen = "chartgen.entry:main"\n',
    '[tool.hatch.build.targets.wheel]\npackages = ["chartgen"]\n',
    '[tool.ruff]\nline-length = 100\n',
]


@pytest.mark.parametrize("text", TOOL_TABLES + NOT_TOOL_TABLES)
def test_the_cheap_look_never_misses_a_tool_table(text: str, tmp_path: Path) -> None:
    """pyproject.toml is read with a TOML parser only when a cheap look says it may hold
    `[tool.chartgen]`; that look may say yes wrongly, never no wrongly."""
    from chartgen.rule_control.config import _has_tool_table, _may_have_tool_table, _toml

    holds = "chartgen" in _toml().loads(text).get("tool", {})
    assert holds == (text in TOOL_TABLES)
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    assert _has_tool_table(str(path)) == holds
    if holds:
        assert _may_have_tool_table(text)
    # The project's own pyproject.toml names chartgen a dozen times and holds no table.
    assert not _may_have_tool_table(NOT_TOOL_TABLES[1]) and not _may_have_tool_table(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    )
