"""`extraConfig` opens buildkitd's debug listener beyond localhost.

Risk: `[grpc] debugAddress` serves Go's pprof, expvar, request traces and BuildKit's cache
debugging endpoints (including one that loads cache records) with no authentication at all.
On `0.0.0.0:6060` or the pod's address, anything that reaches the pod can read the daemon's
memory profile and requests or tamper with its cache; a NetworkPolicy that admits only port
1234 blocks other pods, but not every cluster enforces NetworkPolicies.
Fix: remove `debugAddress`, or bind it to the loopback interface (`127.0.0.1:6060`) and reach
it with `kubectl port-forward` when you need it (build steps share the pod's network, but they
can already drive the daemon on port 1234).
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Severity
from chartgen.rules import RuleContext
from chartgen.rules._extra_config import analysis, finding_at

ID = "IB322"
NAME = "debug-address-exposed"
SEVERITY = Severity.ERROR


def reaches_beyond_localhost(address: str) -> bool:
    """Whether a debug address (`HOST:PORT`, `tcp://HOST:PORT`) listens on more than loopback."""
    if "://" in address:
        proto, _, address = address.partition("://")
        if proto != "tcp":
            return False  # unix sockets and inherited fds stay inside the pod
    from chartgen.buildkit.structure import split_host_port  # only with an extraConfig to read

    host_port = split_host_port(address)
    if host_port is None:
        return False  # not a listener at all: IB235 reports it
    host = host_port[0]
    if host == "localhost":
        return False
    import ipaddress  # (with an address to judge: not on every validation's path)

    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # "" (every interface) or a name, which may resolve to the pod's address


def check(ctx: RuleContext) -> Iterator[Finding]:
    result = analysis(ctx)
    if result is None:
        return
    settings = result.settings("grpc", "debugAddress")
    if not settings:
        return
    setting = settings[-1]  # the last one wins, as in BuildKit
    value = setting.value
    if value is None or value.kind != "string" or not value.value:
        return
    if reaches_beyond_localhost(value.value):
        yield finding_at(
            ctx, ID, setting.line, setting.column,
            f"extraConfig sets {setting.shown} = {value.value!r}: buildkitd's debug endpoints "
            "(pprof, request traces, cache loading) listen there without authentication",
            'Remove it, or use "127.0.0.1:6060" and `kubectl port-forward` when you need it.',
        )
