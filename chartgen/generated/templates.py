"""The manifest templates as Python functions (chartgen/codegen/templates.py).

GENERATED from the Jinja templates of chartgen/render/objects.py by `python -m chartgen.codegen`.
Do not edit by hand: change the source and regenerate (tests/test_generated.py fails
while this file is stale).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from chartgen.render.compiled import concat as _concat
from chartgen.render.compiled import get_attribute as _getattr
from chartgen.render.compiled import get_item as _getitem  # noqa: F401  (when a template indexes)
from chartgen.render.environment import FILTERS

_filter_q = FILTERS['q']
_filter_to_yaml = FILTERS['to_yaml']


def _build_image_configmap(c: Mapping[str, Any]) -> str:
    """build-image-configmap.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ')
    w(str(_filter_q(_getattr(c['ib'], 'targetConfigMapName'))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['operator_labels'], 4)))
    w('\ndata:\n')
    w('  buildkit-uri: ')
    w(str(_filter_q(c['buildkit_uri'])))
    w('\n  default-repository: ')
    w(str(_filter_q(c['default_repository'])))
    w('\n  authentication-type: ')
    w(str(_filter_q(_getattr(c['ib'], 'authenticationType'))))
    w('\n')
    w('  storage.yaml: ')
    w(str(_filter_q(c['storage_yaml'], 4)))
    w('\n')
    return "".join(out)


def _buildkitd_configmap(c: Mapping[str, Any]) -> str:
    """buildkitd-configmap.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\ndata:\n  buildkitd.toml: ')
    w(str(_filter_q(c['buildkitd_toml'], 4)))
    w('\n')
    return "".join(out)


def _certificate_client(c: Mapping[str, Any]) -> str:
    """certificate-client.yaml.j2"""
    out: list[str] = []
    w = out.append
    l1_cm = _getattr(_getattr(c['b'], 'tls'), 'certManager')
    w('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ')
    w(str(_filter_q(_concat((c['fullname'], '-client', )))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n  secretName: ')
    w(str(_filter_q(_getattr(c['v'], 'tls_client_secret'))))
    w('\n  commonName: ')
    w(str(_filter_q(_concat((c['fullname'], '-client', )))))
    w('\n  duration: ')
    w(str(_filter_q(_getattr(l1_cm, 'duration'))))
    w('\n  renewBefore: ')
    w(str(_filter_q(_getattr(l1_cm, 'renewBefore'))))
    w('\n  privateKey:\n    algorithm: ECDSA\n    size: 256\n    rotationPolicy: Always\n  usages:\n    - client auth\n    - digital signature\n  issuerRef:\n    name: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'name'))))
    w('\n    kind: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'kind'))))
    w('\n    group: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'group'))))
    w('\n')
    return "".join(out)


def _certificate_server(c: Mapping[str, Any]) -> str:
    """certificate-server.yaml.j2"""
    out: list[str] = []
    w = out.append
    l1_cm = _getattr(_getattr(c['b'], 'tls'), 'certManager')
    w('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ')
    w(str(_filter_q(_concat((c['fullname'], '-server', )))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n  secretName: ')
    w(str(_filter_q(_getattr(c['v'], 'tls_server_secret'))))
    w('\n  dnsNames:\n')
    w(str(_filter_to_yaml(c['service_dns_names'], 4)))
    w('\n  duration: ')
    w(str(_filter_q(_getattr(l1_cm, 'duration'))))
    w('\n  renewBefore: ')
    w(str(_filter_q(_getattr(l1_cm, 'renewBefore'))))
    w('\n  privateKey:\n    algorithm: ECDSA\n    size: 256\n    rotationPolicy: Always\n  usages:\n    - server auth\n    - digital signature\n  issuerRef:\n    name: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'name'))))
    w('\n    kind: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'kind'))))
    w('\n    group: ')
    w(str(_filter_q(_getattr(_getattr(l1_cm, 'issuerRef'), 'group'))))
    w('\n')
    return "".join(out)


def _deployment(c: Mapping[str, Any]) -> str:
    """deployment.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n')
    if _getattr(c['v'], 'replicas_fixed'):
        w('  replicas: ')
        w(str(_filter_q(_getattr(c['b'], 'replicaCount'))))
        w('\n')
    w('  strategy:\n    type: ')
    w(str(_filter_q(_getattr(c['b'], 'deploymentStrategy'))))
    w('\n  selector:\n    matchLabels:\n')
    w(str(_filter_to_yaml(c['selector'], 6)))
    w('\n  template:\n    metadata:\n      annotations:\n')
    w(str(_filter_to_yaml(c['pod_annotations'], 8)))
    w('\n      labels:\n')
    w(str(_filter_to_yaml(c['pod_labels'], 8)))
    w('\n    spec:\n      serviceAccountName: ')
    w(str(_filter_q(_getattr(c['v'], 'service_account_name'))))
    w('\n')
    w('      automountServiceAccountToken: ')
    w(str(_filter_q(_getattr(_getattr(c['b'], 'serviceAccount'), 'automountToken'))))
    w('\n')
    if (_getattr(c['b'], 'hostUsers') is not None):
        w('      hostUsers: ')
        w(str(_filter_q(_getattr(c['b'], 'hostUsers'))))
        w('\n')
    w('      containers:\n        - name: buildkit\n          image: ')
    w(str(_filter_q(_getattr(c['v'], 'image_reference'))))
    w('\n          imagePullPolicy: ')
    w(str(_filter_q(_getattr(_getattr(c['b'], 'image'), 'pullPolicy'))))
    w('\n          args:\n            - --config\n            - /etc/buildkit/buildkitd.toml\n            - --addr\n')
    if _getattr(c['b'], 'rootless'):
        w('            - unix:///run/user/1000/buildkit/buildkitd.sock\n')
    else:
        w('            - unix:///run/buildkit/buildkitd.sock\n')
    w('            - --addr\n            - ')
    w(str(_filter_q(_concat(('tcp://0.0.0.0:', c['container_port'], )))))
    w('\n')
    if _getattr(c['b'], 'rootless'):
        w('            - --oci-worker-no-process-sandbox\n')
    if _getattr(c['v'], 'tls_enabled'):
        w('            - --tlscacert\n            - ')
        w(str(_filter_q(_concat((c['tls_mount_path'], '/ca.crt', )))))
        w('\n            - --tlscert\n            - ')
        w(str(_filter_q(_concat((c['tls_mount_path'], '/tls.crt', )))))
        w('\n            - --tlskey\n            - ')
        w(str(_filter_q(_concat((c['tls_mount_path'], '/tls.key', )))))
        w('\n')
    w('          env:\n')
    w(str(_filter_to_yaml(c['env'], 12)))
    w('\n          ports:\n            - name: tcp\n              containerPort: ')
    w(str(_filter_q(c['container_port'])))
    w('\n              protocol: TCP\n')
    for l1_probe_name, l2_probe in (('readinessProbe', _getattr(_getattr(c['b'], 'probes'), 'readiness')), ('livenessProbe', _getattr(_getattr(c['b'], 'probes'), 'liveness'))):
        w('          ')
        w(str(_filter_q(l1_probe_name)))
        w(':\n            exec:\n              command:\n                - buildctl\n                - debug\n                - workers\n            initialDelaySeconds: ')
        w(str(_filter_q(_getattr(l2_probe, 'initialDelaySeconds'))))
        w('\n            periodSeconds: ')
        w(str(_filter_q(_getattr(l2_probe, 'periodSeconds'))))
        w('\n')
        w('            timeoutSeconds: ')
        w(str(_filter_q(_getattr(l2_probe, 'timeoutSeconds'))))
        w('\n            failureThreshold: ')
        w(str(_filter_q(_getattr(l2_probe, 'failureThreshold'))))
        w('\n')
    w('          securityContext:\n')
    w(str(_filter_to_yaml(c['security_context'], 12)))
    w('\n')
    if _getattr(c['b'], 'resources'):
        w('          resources:\n')
        w(str(_filter_to_yaml(_getattr(c['b'], 'resources'), 12)))
        w('\n')
    w('          volumeMounts:\n')
    if _getattr(c['b'], 'rootless'):
        w('            - name: buildkitd\n              mountPath: /home/user/.local/share/buildkit\n')
    w('            - name: buildkit-config\n              mountPath: /etc/buildkit\n')
    if _getattr(c['v'], 'tls_enabled'):
        w('            - name: buildkit-tls\n              mountPath: ')
        w(str(_filter_q(c['tls_mount_path'])))
        w('\n              readOnly: true\n')
    if _getattr(c['b'], 'additionalVolumeMounts'):
        w(str(_filter_to_yaml(_getattr(c['b'], 'additionalVolumeMounts'), 12)))
        w('\n')
    w('      volumes:\n')
    if _getattr(c['b'], 'rootless'):
        w('        - name: buildkitd\n          emptyDir: {}\n')
    w('        - name: buildkit-config\n          configMap:\n            name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n')
    if _getattr(c['v'], 'tls_enabled'):
        w('        - name: buildkit-tls\n          secret:\n            secretName: ')
        w(str(_filter_q(_getattr(c['v'], 'tls_server_secret'))))
        w('\n            items:\n')
        for l3_file in c['tls_files']:
            w('              - key: ')
            w(str(_filter_q(l3_file)))
            w('\n                path: ')
            w(str(_filter_q(l3_file)))
            w('\n')
    if _getattr(c['b'], 'additionalVolumes'):
        w(str(_filter_to_yaml(_getattr(c['b'], 'additionalVolumes'), 8)))
        w('\n')
    if _getattr(c['b'], 'nodeSelector'):
        w('      nodeSelector:\n')
        w(str(_filter_to_yaml(_getattr(c['b'], 'nodeSelector'), 8)))
        w('\n')
    w('      affinity:\n        podAntiAffinity:\n')
    if _getattr(_getattr(c['b'], 'autoscaling'), 'enabled'):
        w('          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                labelSelector:\n                  matchLabels:\n')
        w(str(_filter_to_yaml(c['selector'], 20)))
        w('\n                topologyKey: kubernetes.io/hostname\n')
    else:
        w('          requiredDuringSchedulingIgnoredDuringExecution:\n            - labelSelector:\n                matchLabels:\n')
        w(str(_filter_to_yaml(c['selector'], 18)))
        w('\n              topologyKey: kubernetes.io/hostname\n')
    if _getattr(c['b'], 'tolerations'):
        w('      tolerations:\n')
        w(str(_filter_to_yaml(_getattr(c['b'], 'tolerations'), 8)))
        w('\n')
    return "".join(out)


def _horizontalpodautoscaler(c: Mapping[str, Any]) -> str:
    """horizontalpodautoscaler.yaml.j2"""
    out: list[str] = []
    w = out.append
    l1_autoscaling = _getattr(c['b'], 'autoscaling')
    w('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  minReplicas: ')
    w(str(_filter_q(_getattr(l1_autoscaling, 'minReplicas'))))
    w('\n  maxReplicas: ')
    w(str(_filter_q(_getattr(l1_autoscaling, 'maxReplicas'))))
    w('\n')
    if (_getattr(l1_autoscaling, 'targetCPUUtilizationPercentage') or _getattr(l1_autoscaling, 'targetMemoryUtilizationPercentage')):
        w('  metrics:\n')
        for l2_resource, l3_target in (('cpu', _getattr(l1_autoscaling, 'targetCPUUtilizationPercentage')), ('memory', _getattr(l1_autoscaling, 'targetMemoryUtilizationPercentage'))):
            if not (l3_target):
                continue
            w('    - type: Resource\n      resource:\n        name: ')
            w(str(_filter_q(l2_resource)))
            w('\n        target:\n          type: Utilization\n          averageUtilization: ')
            w(str(_filter_q(l3_target)))
            w('\n')
    return "".join(out)


def _networkpolicy(c: Mapping[str, Any]) -> str:
    """networkpolicy.yaml.j2"""
    out: list[str] = []
    w = out.append
    l1_egress = _getattr(_getattr(c['b'], 'networkPolicy'), 'egress')
    w('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n  podSelector:\n    matchLabels:\n')
    w(str(_filter_to_yaml(c['selector'], 6)))
    w('\n  policyTypes:\n    - Ingress\n')
    if _getattr(l1_egress, 'enabled'):
        w('    - Egress\n')
    w('  ingress:\n    - from:\n')
    w(str(_filter_to_yaml(c['network_policy_peers'], 8)))
    w('\n      ports:\n        - protocol: TCP\n          port: ')
    w(str(_filter_q(c['container_port'])))
    w('\n')
    if _getattr(l1_egress, 'enabled'):
        w('  egress:\n')
        if _getattr(l1_egress, 'allowDNS'):
            w('    - to:\n')
            w(str(_filter_to_yaml(c['dns_peers'], 8)))
            w('\n      ports:\n')
            w(str(_filter_to_yaml(c['dns_ports'], 8)))
            w('\n')
        if c['egress_ip_blocks']:
            w('    - to:\n')
            for l2_ip_block in c['egress_ip_blocks']:
                w('        - ipBlock:\n')
                w(str(_filter_to_yaml(l2_ip_block, 12)))
                w('\n')
            if c['egress_ports']:
                w('      ports:\n')
                w(str(_filter_to_yaml(c['egress_ports'], 8)))
                w('\n')
    return "".join(out)


def _poddisruptionbudget(c: Mapping[str, Any]) -> str:
    """poddisruptionbudget.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nspec:\n  minAvailable: ')
    w(str(_filter_q(_getattr(_getattr(c['b'], 'pdb'), 'minAvailable'))))
    w('\n  selector:\n    matchLabels:\n')
    w(str(_filter_to_yaml(c['selector'], 6)))
    w('\n')
    return "".join(out)


def _scc_role(c: Mapping[str, Any]) -> str:
    """scc-role.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ')
    w(str(_filter_q(_getattr(c['v'], 'openshift_scc_name'))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nrules:\n  - apiGroups:\n      - security.openshift.io\n    resources:\n      - securitycontextconstraints\n    resourceNames:\n      - ')
    w(str(_filter_q(_getattr(c['v'], 'openshift_scc_name'))))
    w('\n    verbs:\n      - use\n')
    return "".join(out)


def _scc_rolebinding(c: Mapping[str, Any]) -> str:
    """scc-rolebinding.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ')
    w(str(_filter_q(_getattr(c['v'], 'openshift_scc_name'))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ')
    w(str(_filter_q(_getattr(c['v'], 'openshift_scc_name'))))
    w('\nsubjects:\n  - kind: ServiceAccount\n    name: ')
    w(str(_filter_q(_getattr(c['v'], 'service_account_name'))))
    w('\n    namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n')
    return "".join(out)


def _securitycontextconstraints(c: Mapping[str, Any]) -> str:
    """securitycontextconstraints.yaml.j2"""
    out: list[str] = []
    w = out.append
    l1_scc = _getattr(_getattr(c['b'], 'openShift'), 'securityContextConstraints')
    w('apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: ')
    w(str(_filter_q(_getattr(c['v'], 'openshift_scc_name'))))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\nallowHostDirVolumePlugin: false\nallowHostIPC: false\nallowHostNetwork: false\nallowHostPID: false\nallowHostPorts: false\nallowPrivilegeEscalation: ')
    w(str(_filter_q(_getattr(l1_scc, 'allowPrivilegeEscalation'))))
    w('\nallowPrivilegedContainer: false\nallowedCapabilities: []\ndefaultAllowPrivilegeEscalation: ')
    w(str(_filter_q(_getattr(l1_scc, 'defaultAllowPrivilegeEscalation'))))
    w('\nforbiddenSysctls:\n  - "*"\nreadOnlyRootFilesystem: false\nrequiredDropCapabilities: []\nrunAsUser:\n  type: MustRunAs\n  uid: 1000\nseLinuxContext:\n  type: MustRunAs\nseccompProfiles:\n  - unconfined\n  - runtime/default\nfsGroup:\n  type: RunAsAny\nsupplementalGroups:\n  type: RunAsAny\nvolumes:\n  - configMap\n  - emptyDir\n  - projected\n  - secret\n')
    return "".join(out)


def _service(c: Mapping[str, Any]) -> str:
    """service.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: v1\nkind: Service\nmetadata:\n  name: ')
    w(str(_filter_q(c['fullname'])))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\n')
    if _getattr(_getattr(c['b'], 'service'), 'annotations'):
        w('  annotations:\n')
        w(str(_filter_to_yaml(_getattr(_getattr(c['b'], 'service'), 'annotations'), 4)))
        w('\n')
    w('spec:\n  type: ')
    w(str(_filter_q(_getattr(_getattr(c['b'], 'service'), 'type'))))
    w('\n')
    if _getattr(_getattr(c['b'], 'service'), 'loadbalancerIp'):
        w('  loadBalancerIP: ')
        w(str(_filter_q(_getattr(_getattr(c['b'], 'service'), 'loadbalancerIp'))))
        w('\n')
    w('  ports:\n    - name: tcp\n      port: ')
    w(str(_filter_q(_getattr(_getattr(c['b'], 'service'), 'port'))))
    w('\n      targetPort: tcp\n      protocol: TCP\n  selector:\n')
    w(str(_filter_to_yaml(c['selector'], 4)))
    w('\n')
    return "".join(out)


def _serviceaccount(c: Mapping[str, Any]) -> str:
    """serviceaccount.yaml.j2"""
    out: list[str] = []
    w = out.append
    w('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ')
    w(str(_filter_q(_getattr(c['v'], 'service_account_name'))))
    w('\n  namespace: ')
    w(str(_filter_q(c['namespace'])))
    w('\n  labels:\n')
    w(str(_filter_to_yaml(c['labels'], 4)))
    w('\n')
    if _getattr(c['v'], 'service_account_annotations'):
        w('  annotations:\n')
        w(str(_filter_to_yaml(_getattr(c['v'], 'service_account_annotations'), 4)))
        w('\n')
    if _getattr(_getattr(c['b'], 'serviceAccount'), 'imagePullSecret'):
        w('imagePullSecrets:\n  - name: ')
        w(str(_filter_q(_getattr(_getattr(c['b'], 'serviceAccount'), 'imagePullSecret'))))
        w('\n')
    return "".join(out)


# Template file name → its render function (the context → the text).
TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    'build-image-configmap.yaml.j2': _build_image_configmap,
    'buildkitd-configmap.yaml.j2': _buildkitd_configmap,
    'certificate-client.yaml.j2': _certificate_client,
    'certificate-server.yaml.j2': _certificate_server,
    'deployment.yaml.j2': _deployment,
    'horizontalpodautoscaler.yaml.j2': _horizontalpodautoscaler,
    'networkpolicy.yaml.j2': _networkpolicy,
    'poddisruptionbudget.yaml.j2': _poddisruptionbudget,
    'scc-role.yaml.j2': _scc_role,
    'scc-rolebinding.yaml.j2': _scc_rolebinding,
    'securitycontextconstraints.yaml.j2': _securitycontextconstraints,
    'service.yaml.j2': _service,
    'serviceaccount.yaml.j2': _serviceaccount,
}
