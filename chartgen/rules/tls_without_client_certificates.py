"""TLS on buildkitd that Union's build task cannot connect to.

Risk: every image build fails. With `imageBuilder.buildkit.tls.enabled` buildkitd requires
every client to present a certificate signed by the CA. Union's build task (the `build-image`
ContainerTask registered by the controlplane chart, `files/build_image_task.py`) reads only
`buildkit-uri`, `default-repository`, `authentication-type` and the optional
`enable-image-optimization` from `build-image-config`, mounts no client certificate and passes
no TLS flags — so while `build-image-config` points it at this buildkitd (`buildkitUri` empty),
every image build fails to connect.

Fix: TLS is for deployments whose every client presents a certificate; state that with
`imageBuilder.buildkit.tls.clientsPresentCertificates: true`. For Union builds, protect
buildkitd with what works with the task: `networkPolicy.enabled: true` (only the namespaces
where build tasks run reach port 1234), `rootless: true` where the nodes allow it,
`service.type: ClusterIP`, no ServiceAccount token and no cloud identity on buildkitd.
"""

from __future__ import annotations

from collections.abc import Iterator

from chartgen.findings import Finding, Message, Severity
from chartgen.rules import RuleContext

ID = "IB320"
NAME = "tls-without-client-certificates"
SEVERITY = Severity.ERROR
MESSAGES = {
    "default": Message(
        "buildkit.tls.enabled makes buildkitd require a client certificate, but Union's "
        "build-image task, which build-image-config points at this buildkitd, presents none: "
        "every image build would fail to connect",
        "Turn tls off and protect buildkitd with networkPolicy.enabled: true, rootless: true "
        "and service.type ClusterIP; or, if every client of this buildkitd presents a "
        "certificate the CA signed, set imageBuilder.buildkit.tls.clientsPresentCertificates: "
        "true.",
    )
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    values = ctx.values
    tls = values.buildkit.tls
    if not values.tls_enabled or tls.clientsPresentCertificates:
        return
    if not values.build_task_uses_this_buildkitd:
        return
    yield ctx.finding(
        ID, ("imageBuilder", "buildkit", "tls", "enabled"), *MESSAGES["default"].format()
    )
