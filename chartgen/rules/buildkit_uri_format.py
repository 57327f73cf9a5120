"""`buildkitUri` is not `tcp://HOST:PORT` or `unix:///ABSOLUTE/PATH`.

The build task hands `buildkitUri` to BuildKit's client, which accepts a TCP address with a
port (`tcp://buildkitd.buildkit.svc.cluster.local:1234`, `tcp://[fd00::1]:1234`) or a Unix
socket path (`unix:///run/buildkit/buildkitd.sock`). Anything else fails when the first build
starts, far from the values that caused it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext

ID = "IB208"
NAME = "buildkit-uri-format"
SEVERITY = Severity.ERROR

_TCP = re.compile(r"tcp://(?P<host>\[[0-9A-Fa-f:.]+\]|[^\s:/\[\]@]+)(?::(?P<port>[^/]*))?/?")
_UNIX = re.compile(r"unix://(?P<path>.*)", re.DOTALL)
# ASCII digits (`isdigit` accepts `²`, which int() refuses), at most five of them.
_PORT = re.compile(r"[0-9]{1,5}")


def uri_problem(uri: str) -> str | None:
    """What is wrong with a buildkitd URI, or None when it is usable."""
    if uri.startswith("tcp://"):
        match = _TCP.fullmatch(uri)
        if not match:
            return "has no valid host after tcp://"
        port = match["port"]
        if port is None:
            return "has no port (buildkitd listens on 1234 in this chart)"
        if not _PORT.fullmatch(port) or not 1 <= int(port) <= 65535:
            return f"has port {port!r}; a port is a number from 1 to 65535"
        return None
    match = _UNIX.fullmatch(uri)
    if match:
        path = match["path"]
        if not path.startswith("/") or path.rstrip("/") == "" or any(c.isspace() for c in path):
            return "needs an absolute socket path after unix:// (three slashes in all)"
        return None
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    return f"uses scheme {scheme!r}" if scheme else "has no scheme"


def check(ctx: RuleContext) -> Iterator[Finding]:
    builder = ctx.values.imageBuilder
    if not builder.enabled or not builder.buildkitUri:
        return
    problem = uri_problem(builder.buildkitUri)
    if problem is None:
        return
    yield ctx.finding(
        ID,
        ("imageBuilder", "buildkitUri"),
        f'buildkitUri "{builder.buildkitUri}" {problem}; expected tcp://HOST:PORT or '
        "unix:///ABSOLUTE/PATH",
        "Write e.g. tcp://buildkitd.buildkit.svc.cluster.local:1234 or "
        "unix:///run/buildkit/buildkitd.sock.",
    )
