"""README.md of the chart: how to use it, the chart-only value, the values table, the checks.

The values table is `chartgen.docs.values_reference()` and the list of checks comes from the
rule modules, so the README cannot drift from the schema or from `chartgen explain`.
"""

from __future__ import annotations


def readme() -> str:
    from chartgen.chart import CHART_NAME, FAIL_RULES, kube_version_constraint
    from chartgen.chart.values_file import TARGET_NAMESPACES, TARGET_NAMESPACES_SCHEMA
    from chartgen.docs import values_reference
    from chartgen.rules import get_rule

    checks = "\n".join(
        f"| {rule.id} | `{rule.name}` | {rule.summary.replace('|', chr(92) + '|')} |"
        for rule in (get_rule(rule_id) for rule_id in FAIL_RULES)
    )
    return f"""# {CHART_NAME}

The Union/Flyte Image Builder's in-cluster BuildKit daemon (buildkitd) and the build-image
configuration, as a Helm chart. Written by `chartgen chart` from validated values; `helm
template` of this chart gives the same objects as `chartgen render` for the same values.

```bash
helm install imagebuilder ./{CHART_NAME} --namespace union
helm upgrade imagebuilder ./{CHART_NAME} --namespace union -f more-values.yaml \\
  --set imageBuilder.buildkit.replicaCount=2
helm template imagebuilder ./{CHART_NAME} --namespace union --kube-version 1.31
```

The release namespace is where buildkitd runs and where the build-image ConfigMap goes in
single-namespace mode. After an install, the notes print the buildkit URI and what the
build-image configuration holds.

Kubernetes `{kube_version_constraint()}` (`autoscaling/v2`, `policy/v1`). From Kubernetes 1.30
on, rootless buildkitd gets AppArmor through `securityContext.appArmorProfile`, before through
the pod annotation; Helm decides by the cluster's version (or `--kube-version`). A `helm` built
with `go install` (without release build flags) tells `helm template` it renders for Kubernetes
v1.20 and stops on the version constraint: pass `--kube-version`.

## Keeping the chart current

`values.yaml` holds the values the chart was written from. Regenerate the chart after changing
them, and let CI check that the directory is current:

```bash
chartgen chart values.yaml --output-dir ./{CHART_NAME} --force
chartgen chart values.yaml --output-dir ./{CHART_NAME} --check   # exit 1 and a diff when stale
```

## Values

Helm validates every install against `values.schema.json`, the Image Builder values contract:
an unknown key inside `imageBuilder` or a wrong type stops `helm install`. The values the
data-plane chart passes through `tpl` may refer to other values, as in
`{{{{ .Values.global.METADATA_BUCKET }}}}` or `{{{{ tpl .Values.global.BACKEND_IAM_ROLE_ARN . }}}}`:
`defaultRepository`, the strings under `storage`, and the keys and values of
`additionalServiceAccountAnnotations`, `additionalVolumes` and `additionalVolumeMounts`. This
chart evaluates them with `tpl` the same way (`templates/_chartgen_data.tpl` lists them).

### Chart-only value

| key | type | default | description |
|---|---|---|---|
| `{TARGET_NAMESPACES}` | list of string | `[]` | {TARGET_NAMESPACES_SCHEMA["description"]} |

### The values contract

{values_reference()}
## Checks

Besides the schema, the templates refuse these combinations, with the same rule ID as `chartgen
validate` (`chartgen explain ID` tells more):

| ID | name | what is wrong |
|---|---|---|
{checks}
"""
