"""The chart's Go template decides the NetworkPolicy's metadata `except`s and DNS defaults as
chartgen does (chartgen/network_policy.py), for IPv4 and IPv6 CIDRs at every edge: prefixes
around the endpoints, upper case, compressed and full forms, prefixes with leading zeros.

Rendered with Helm's Go SDK and compared object for object with `chartgen render`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chart_harness import RELEASE, assert_same_objects, parse_objects, sdk_render, write_chart
from conftest import run_cli

from chartgen.network_policy import parse_cidr

CIDRS = [
    "0.0.0.0/0", "0.0.0.0/00", "0.0.0.0/08", "128.0.0.0/1", "169.0.0.0/8", "169.254.0.0/16",
    "169.254.168.0/23", "169.254.169.252/30", "169.254.169.254/31", "169.254.169.254/32",
    "169.254.169.255/32", "170.0.0.0/8", "10.0.0.0/8", "255.255.255.255/32",
    "::/0", "::/000", "8000::/1", "fc00::/7", "fd00::/8", "fd00::/16", "fd00:e00::/23",
    "fd00:ec2::/32", "FD00:EC2::/32", "fd00:ec2:0:0:0:0:0:0/64", "fd00:ec2::254/127",
    "fd00:ec2::254/128", "fd00:ec2::255/127", "fd20:c0::/26", "fd20:ce::/32",
    "fd20:ce::254/126", "fd20:00ce:0000::0254/125", "2001:db8::/32", "::1/128",
    "1:2:3:4:5:6:7::/112", "::2:3:4:5:6:7:8/16",
]


def test_all_cidrs_are_valid() -> None:
    assert all(parse_cidr(cidr) for cidr in CIDRS)


@pytest.mark.parametrize("openshift", [False, True], ids=["kubernetes", "openshift"])
def test_helm_and_chartgen_except_the_same_endpoints(tmp_path: Path, openshift: bool) -> None:
    values = {"imageBuilder": {"buildkit": {
        "rootless": True,
        "serviceAccount": {"forceDedicated": True},
        "openShift": {"enabled": openshift},
        "networkPolicy": {"enabled": True, "egress": {"enabled": True, "allowedCIDRs": CIDRS}},
    }}}
    path = tmp_path / "values.yaml"
    path.write_text(json.dumps(values))
    chart = write_chart(tmp_path / "chart", str(path))
    result = run_cli("render", str(path), "--release-name", RELEASE)
    assert result.exit_code == 0, result.stderr
    expected = parse_objects(result.stdout)
    assert_same_objects(sdk_render(chart, namespace="union"), expected)
    policy = next(o for k, o in expected.items() if k[0] == "NetworkPolicy")
    blocks = {peer["ipBlock"]["cidr"]: peer["ipBlock"].get("except", [])
              for peer in policy["spec"]["egress"][1]["to"]}
    # Spot checks of the Python side, which the Helm comparison then holds the chart to.
    assert blocks["169.254.169.252/30"] == ["169.254.169.254/32"]
    assert blocks["169.254.169.254/32"] == [] and blocks["170.0.0.0/8"] == []
    assert blocks["fd20:00ce:0000::0254/125"] == ["fd20:ce::254/128"]
    assert blocks["fd20:c0::/26"] == ["fd20:ce::254/128"]
    assert blocks["fd00:ec2::255/127"] == ["fd00:ec2::254/128"]
    assert blocks["::/0"] == ["fd00:ec2::254/128", "fd20:ce::254/128"]
