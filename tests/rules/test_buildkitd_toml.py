"""buildkitd.toml generation (chartgen/buildkit/buildkitd_toml.py) and the extraConfig checks rule IB216 uses."""

from __future__ import annotations

import itertools
import sys
from typing import Any

import pytest

from chartgen.buildkit.buildkitd_toml import TLS_MOUNT_PATH, render_buildkitd_toml, written_keys
from chartgen.buildkit.extra_config import check_extra_config
from chartgen.model import Values, build_model

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXTRA_CONFIGS = {
    "none": "",
    "mirror": '[registry."docker.io"]\n  mirrors = ["mirror.gcr.io"]\n',
    "top-level-key": (
        'insecure-entitlements = ["network.host"]\n[worker.containerd]\nenabled = false\n'
    ),
}


def values(**buildkit: Any) -> Values:
    return build_model({"imageBuilder": {"buildkit": buildkit}})


MATRIX = list(
    itertools.product([False, True], ["text", "json"], [0, 8], [False, True], EXTRA_CONFIGS)
)


@pytest.mark.parametrize(("debug", "log_format", "parallelism", "tls", "extra"), MATRIX)
def test_generated_file_parses_and_says_what_the_values_say(
    debug: bool, log_format: str, parallelism: int, tls: bool, extra: str
) -> None:
    model = values(
        log={"debug": debug, "format": log_format},
        oci={"maxParallelism": parallelism},
        tls={"enabled": tls, "existingSecret": "buildkitd-tls"},
        extraConfig=EXTRA_CONFIGS[extra],
    )
    assert check_extra_config(EXTRA_CONFIGS[extra], model) == []
    text = render_buildkitd_toml(model)
    document = tomllib.loads(text)

    assert "debug" not in document  # deprecated in BuildKit: [log] level instead
    assert document["log"] == {"format": log_format, "level": "debug" if debug else "info"}
    oci = document["worker"]["oci"]
    assert {k: v for k, v in oci.items() if k != "gcpolicy"} == {
        "enabled": True,
        "snapshotter": "auto",
        "gc": True,
        "max-parallelism": parallelism,
    }
    assert len(oci["gcpolicy"]) == 4
    for deprecated in ("gckeepstorage", "keepBytes", "keepbytes"):
        assert deprecated not in text
    if tls:
        assert document["grpc"]["tls"] == {
            "cert": f"{TLS_MOUNT_PATH}/tls.crt",
            "key": f"{TLS_MOUNT_PATH}/tls.key",
            "ca": f"{TLS_MOUNT_PATH}/ca.crt",
        }
    else:
        assert "grpc" not in document
    if extra == "top-level-key":
        # Still top-level: extraConfig comes before chartgen's tables, not after them.
        assert document["insecure-entitlements"] == ["network.host"]
        assert document["worker"]["containerd"] == {"enabled": False}
    if extra == "mirror":
        assert document["registry"]["docker.io"]["mirrors"] == ["mirror.gcr.io"]
    assert render_buildkitd_toml(model) == text  # deterministic


def test_gc_policies_translate_the_reference_chart_with_current_keys() -> None:
    policies = tomllib.loads(render_buildkitd_toml(values()))["worker"]["oci"]["gcpolicy"]
    assert policies == [
        {
            "filters": ["type==source.local", "type==source.git.checkout"],
            "keepDuration": "24h",
            "reservedSpace": "10%",
        },
        {"filters": ["type==regular"], "keepDuration": "24h", "reservedSpace": "10%"},
        {"filters": ["type==exec.cachemount"], "keepDuration": "72h", "reservedSpace": "10%"},
        {"all": True, "maxUsedSpace": "80%"},
    ]


def test_no_worker_level_sizes_next_to_policies() -> None:
    oci = tomllib.loads(render_buildkitd_toml(values()))["worker"]["oci"]
    assert not {"reservedSpace", "maxUsedSpace", "minFreeSpace"} & set(oci)


def test_extra_config_comes_first_after_a_comment() -> None:
    text = render_buildkitd_toml(values(extraConfig="[worker.containerd]\nenabled = false\n"))
    assert text.startswith("# extraConfig\n[worker.containerd]\nenabled = false\n\n[log]\n")


def test_extra_config_is_never_split_into_lines() -> None:
    # U+2028, U+2029, U+0085 and a lone CR are not TOML line breaks: inside a comment they
    # stay in the comment, so nothing after them becomes a live key.
    for separator in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        extra = f'[registry."docker.io"]\nmirrors = ["m"] # note{separator}http = true\n'
        model = values(extraConfig=extra)
        text = render_buildkitd_toml(model)
        assert extra.rstrip("\n") in text
        if separator in ("\x0b", "\x0c"):
            continue  # control characters are not allowed in TOML comments at all
        assert check_extra_config(extra, model) == []
        assert tomllib.loads(text)["registry"]["docker.io"] == {"mirrors": ["m"]}


def test_log_level_wins_over_debug() -> None:
    assert tomllib.loads(render_buildkitd_toml(values(log={"level": "warn", "debug": True})))[
        "log"
    ]["level"] == "warn"


def test_written_keys_include_headers_and_keys() -> None:
    keys = written_keys(values(tls={"enabled": True}))
    for expected in [
        ("log",),
        ("log", "format"),
        ("log", "level"),
        ("worker", "oci"),
        ("worker", "oci", "max-parallelism"),
        ("worker", "oci", "gcpolicy"),
        ("grpc", "tls"),
        ("grpc", "tls", "ca"),
    ]:
        assert expected in keys
    assert ("grpc", "tls") not in written_keys(values())


@pytest.mark.parametrize(
    ("extra", "expected", "line"),
    [
        ("[registry.\"docker.io\"]\nmirrors = [\"m\"]", None, None),
        ("[worker.oci.labels]\nteam = \"ml\"", None, None),
        ("[grpc]\ndebugAddress = \"0.0.0.0:6060\"", None, None),
        ("# comment\ndebug = true", "debug is deprecated", 2),
        ("[log]\nlevel = \"debug\"", "re-opens log,", 1),
        ("[Log]\nlevel = \"debug\"", "re-opens Log (BuildKit reads it as log)", 1),
        ("log.level = \"debug\"", "sets log.level, a key chartgen writes", 1),
        ("[worker]\noci.labels.team = \"ml\"", "inside [worker.oci]", 2),
        ("[worker]\noci.rootless = true", "imageBuilder.buildkit.rootless", 2),
        ("\n\n[worker.oci]\ngc = false", "re-opens worker.oci", 3),
        ("\n\nWORKER.oci.GC = false", "sets WORKER.oci.GC (BuildKit reads it as worker.oci.gc)", 3),
        ("[[worker.oci.gcpolicy]]\nall = true", "GC policies", 1),
        ("\nworker.oci.maxUsedSpace = \"50%\"", "BuildKit ignores", 2),
        ("[grpc]\naddress = [\"tcp://0.0.0.0:1\"]", "--addr", 2),
        ("worker = { containerd = { enabled = false } }", "as an inline table", 1),
        ("root = \"\"\"\n[worker.oci]\n\"\"\"", None, None),
        ("[registry.\"docker.io\"\nmirrors = 1", "not valid TOML", 1),
        ("a = 1\nb = ", "not valid TOML", 2),
    ],
)
def test_check_extra_config(extra: str, expected: str | None, line: int | None) -> None:
    problems = check_extra_config(extra, values())
    if expected is None:
        assert problems == []
        return
    assert problems, extra
    assert expected in problems[0].message
    assert problems[0].line == line
    assert problems[0].hint


def test_tls_table_is_refused_with_or_without_chartgen_tls() -> None:
    # Without chartgen's TLS, [grpc.tls] would point buildkitd at files nothing mounts.
    extra = "[grpc.tls]\ncert = \"/other/tls.crt\"\nkey = \"/other/tls.key\""
    for tls in (False, True):
        problems = check_extra_config(extra, values(tls={"enabled": tls}))
        assert [p.line for p in problems] == [1]
        assert "imageBuilder.buildkit.tls" in problems[0].hint


def test_syntax_error_carries_line_and_column() -> None:
    (problem,) = check_extra_config("a = 1\nb = [1,\n  2,,]\n", values())
    assert (problem.line, problem.column) == (3, 5)
    assert "line 3, column 5 of extraConfig" in problem.message


def test_large_extra_config_is_located_too() -> None:
    mirrors = "".join(f'[registry."mirror{i}.example.com"]\n  http = true\n' for i in range(3000))
    problems = check_extra_config(mirrors + "[worker.oci]\ngc = false\n", values())
    assert [p.line for p in problems] == [6001]
    assert check_extra_config(mirrors, values()) == []
