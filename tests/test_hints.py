"""Hints that fit their input: what to write instead, in the words of where the value came from.

A values file is told about YAML quotes, a `--set` flag about `--set-string` (quotes there
belong to the shell); "write it without quotes" only when the text unquoted is what the key
takes; a rootless daemon is not "root on the node".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli


def findings(*args: str) -> list[dict[str, object]]:
    result = run_cli("validate", "--no-config", "-o", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return [f for r in json.loads(result.stdout)["results"] for f in r["findings"]]


def hint_of(rule: str, *args: str) -> str:
    [finding] = [f for f in findings(*args) if f["rule"] == rule]
    return str(finding["hint"])


def values(tmp_path: Path, text: str) -> str:
    path = tmp_path / "values.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


REPLICAS = "imageBuilder:\n  buildkit:\n    replicaCount: {}\n"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ('"two"', "Set replicaCount to a whole number such as 2."),
        ('"2"', "Write it without quotes: replicaCount: 2."),
        ("'2'", "Write it without quotes: replicaCount: 2."),
        ('"2.5"', "Set replicaCount to a whole number such as 2."),
        ('"0x10"', "Write it without quotes: replicaCount: 0x10."),  # go-yaml reads 16
    ],
)
def test_unquoting_is_advised_only_when_the_text_is_what_the_key_takes(
    tmp_path: Path, written: str, hint: str
) -> None:
    assert hint_of("IB100", values(tmp_path, REPLICAS.format(written))) == hint


@pytest.mark.parametrize(
    ("args", "rule", "hint"),
    [
        (["--set-string", "imageBuilder.buildkit.replicaCount=3"], "IB100",
         "Pass it with --set imageBuilder.buildkit.replicaCount=3: --set-string keeps it a "
         "string."),
        (["--set-string", "imageBuilder.buildkit.replicaCount=three"], "IB100",
         "Set replicaCount to a whole number such as 2."),
        (["--set", "imageBuilder.buildkit.image.tag=32"], "IB100",
         "Pass it with --set-string imageBuilder.buildkit.image.tag=32: --set reads 32 as a "
         "number."),
        (["--set-json", "imageBuilder.buildkit.image.tag=3"], "IB100",
         "Write it as a JSON string: --set-json 'imageBuilder.buildkit.image.tag=\"3\"'."),
        (["--set-json", 'imageBuilder.buildkit.replicaCount="3"'], "IB100",
         "Write it as a JSON number: --set-json 'imageBuilder.buildkit.replicaCount=3'."),
        (["--set-string", "imageBuilder.buildkit.rootless=true"], "IB100",
         "Pass it with --set imageBuilder.buildkit.rootless=true: --set-string keeps it a "
         "string."),
        (["--set-string", "imageBuilder.buildkit.rootless=maybe"], "IB100",
         "Set rootless to true or false."),
        (["--set", "imageBuilder.buildkit.tolerations=x"], "IB100",
         "tolerations is a list: set its entries by index (--set "
         "imageBuilder.buildkit.tolerations[0]=VALUE) or all at once (--set-json "
         "'imageBuilder.buildkit.tolerations=[...]')."),
        (["--set", "imageBuilder.buildkit.nodeSelector=y"], "IB100",
         "nodeSelector holds nested keys: set them one by one (--set "
         "imageBuilder.buildkit.nodeSelector.KEY=VALUE) or all at once (--set-json "
         "'imageBuilder.buildkit.nodeSelector={\"KEY\": ...}')."),
    ],
)
def test_a_value_from_the_command_line_is_told_about_flags(
    args: list[str], rule: str, hint: str
) -> None:
    assert hint_of(rule, *args) == hint


def test_booleans_in_a_file(tmp_path: Path) -> None:
    text = "imageBuilder:\n  buildkit:\n    rootless: {}\n"
    assert hint_of("IB100", values(tmp_path, text.format('"true"'))) == (
        "Write it without quotes: rootless: true.")
    assert hint_of("IB100", values(tmp_path, text.format('"maybe"'))) == (
        "Set rootless to true or false.")


def test_a_scalar_where_a_list_belongs_in_a_file(tmp_path: Path) -> None:
    text = "imageBuilder:\n  buildkit:\n    tolerations: x\n"
    assert hint_of("IB100", values(tmp_path, text)) == (
        "tolerations is a list; write each entry on its own line starting with `- `.")


def test_a_number_where_a_string_belongs_in_a_file(tmp_path: Path) -> None:
    text = "imageBuilder:\n  buildkit:\n    image:\n      tag: 1.5\n"
    assert hint_of("IB100", values(tmp_path, text)) == 'Quote the value: tag: "1.5".'


AWS = "imageBuilder:\n  authenticationType: aws\nstorage:\n  provider: aws\n  authType: iam\n" \
      "  region: us-east-1\n"


def test_an_account_id_from_set_is_told_to_use_set_string(tmp_path: Path) -> None:
    path = values(tmp_path, AWS)
    assert hint_of("IB220", path, "--set", "global.AWS_ACCOUNT_ID=123456789012") == (
        "Pass it with --set-string global.AWS_ACCOUNT_ID=123456789012: --set reads "
        "123456789012 as a number.")
    assert hint_of("IB220", path, "--set-string", "global.AWS_ACCOUNT_ID=12ab") == (
        "Pass the data plane's 12-digit account ID: --set-string "
        "global.AWS_ACCOUNT_ID=012345678901.")
    # In a file, the chart's own advice: quote it.
    in_file = values(tmp_path, AWS + "global:\n  AWS_ACCOUNT_ID: 123456789012\n")
    assert hint_of("IB220", in_file) == (
        'Write the account ID as a quoted string of 12 digits: AWS_ACCOUNT_ID: "012345678901".')


def test_a_looked_up_number_from_set_is_told_to_use_set_string(tmp_path: Path) -> None:
    path = values(tmp_path, 'storage:\n  bucketName: "b-{{ .Values.global.X }}"\n'
                  "global:\n  X: 12345678\n")
    assert hint_of("IB013", path) == 'Quote the value: X: "12345678".'
    assert hint_of("IB013", path, "--set", "global.X=22345678") == (
        "Pass it with --set-string global.X=22345678: --set reads 22345678 as a number.")


EXPOSED = "imageBuilder:\n  buildkit:\n{}    service:\n      type: LoadBalancer\n"


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ("", "runs arbitrary code as root"),
        ("    rootless: true\n", "runs arbitrary code in the rootless daemon"),
        ("    securityContext:\n      privileged: false\n",
         "runs arbitrary code in the unprivileged daemon"),
        ("    rootless: true\n    securityContext:\n      privileged: true\n",
         "runs arbitrary code as root"),
    ],
)
def test_ib302_and_ib303_say_root_only_for_a_privileged_daemon(
    tmp_path: Path, settings: str, says: str
) -> None:
    found = {f["rule"]: f["message"] for f in findings(values(tmp_path, EXPOSED.format(settings)))}
    assert says in str(found["IB302"])
    privileged = "as root" in says
    assert ("as root" in str(found["IB302"])) is privileged
    assert ("root on the node" in str(found["IB303"])) is privileged


@pytest.mark.parametrize("subject", ["IB302", "ib302", " Ib302 ", "exposed-without-tls"])
def test_explain_finds_a_rule_in_any_case(subject: str) -> None:
    result = run_cli("explain", subject)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("IB302 exposed-without-tls (error)\n")
