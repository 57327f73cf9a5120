{{- /*
Helpers of the imagebuilder chart, written by `chartgen chart`.

Every derived value of chartgen's model (chartgen/model.py, chartgen/render/context.py,
chartgen/render/storage.py, chartgen/buildkitd.py) has its twin here, gathered by
"imagebuilder.model"; the object templates only lay the values out. chartgen's tests render
this chart with Helm and compare the objects with `chartgen render`, for every scenario of its
snapshot matrix and for hundreds of generated value sets.
*/ -}}

{{- /* The buildkit objects' name: fullnameOverride or union-operator-buildkit, at most 63
characters, then one trailing "-" cut (the reference chart's `trunc 63 | trimSuffix "-"`). */ -}}
{{- define "imagebuilder.fullname" -}}
{{- $name := .Values.imageBuilder.buildkit.fullnameOverride | default "union-operator-buildkit" -}}
{{- trunc 63 $name | trimSuffix "-" -}}
{{- end -}}

{{- /* A key of a map that may be missing or null, else a default, as JSON {"v": value}:
(dict "map" M "key" K "default" D). Values outside imageBuilder are optional, so templates
never read them directly (`helm lint --strict` fails on a missing key). */ -}}
{{- define "imagebuilder.get" -}}
{{- $value := .default -}}
{{- if and (kindIs "map" .map) (hasKey .map .key) -}}
{{- if not (kindIs "invalid" (index .map .key)) -}}
{{- $value = index .map .key -}}
{{- end -}}
{{- end -}}
{{- dict "v" $value | toJson -}}
{{- end -}}

{{- /* One `tpl` field (chartgen/values/templating.py): every string under the value, and with
"keys" every map key, evaluated "passes" times, like the reference chart; as JSON {"v": resolved}.
(dict "value" V "passes" N "keys" BOOL "root" $). Text without `{{` or Helm's `<no value>` is
what `tpl` would return anyway, so it is left alone. */ -}}
{{- define "imagebuilder.tplTree" -}}
{{- $value := .value -}}
{{- if kindIs "map" $value -}}
{{- $out := dict -}}
{{- range $key, $item := $value -}}
{{- $name := $key -}}
{{- if $.keys -}}{{- $name = include "imagebuilder.tplText" (dict "text" $key "passes" $.passes "root" $.root) -}}{{- end -}}
{{- $_ := set $out $name (index (include "imagebuilder.tplTree" (dict "value" $item "passes" $.passes "keys" $.keys "root" $.root) | fromJson) "v") -}}
{{- end -}}
{{- dict "v" $out | toJson -}}
{{- else if kindIs "slice" $value -}}
{{- $out := list -}}
{{- range $item := $value -}}
{{- $out = append $out (index (include "imagebuilder.tplTree" (dict "value" $item "passes" $.passes "keys" $.keys "root" $.root) | fromJson) "v") -}}
{{- end -}}
{{- dict "v" $out | toJson -}}
{{- else if kindIs "string" $value -}}
{{- dict "v" (include "imagebuilder.tplText" (dict "text" $value "passes" .passes "root" .root)) | toJson -}}
{{- else -}}
{{- dict "v" $value | toJson -}}
{{- end -}}
{{- end -}}

{{- define "imagebuilder.tplText" -}}
{{- $text := .text -}}
{{- range $_ := until (int .passes) -}}
{{- if or (contains "{{" $text) (contains "<no value>" $text) -}}{{- $text = tpl $text $.root -}}{{- end -}}
{{- end -}}
{{- $text -}}
{{- end -}}

{{- /* The values with every `tpl` field of "imagebuilder.tplFields" (_chartgen_data.tpl,
written from chartgen's table) evaluated; only the top-level sections that hold such fields are
copied. As JSON. */ -}}
{{- define "imagebuilder.resolvedValues" -}}
{{- $values := dict -}}
{{- $fields := include "imagebuilder.tplFields" . | fromJsonArray -}}
{{- range $field := $fields -}}
{{- $top := index $field.path 0 -}}
{{- if and (hasKey $.Values $top) (not (hasKey $values $top)) -}}
{{- $_ := set $values $top (deepCopy (index $.Values $top)) -}}
{{- end -}}
{{- end -}}
{{- range $field := $fields -}}
{{- $node := $values -}}
{{- $found := true -}}
{{- range $key := initial $field.path -}}
{{- if and $found (kindIs "map" $node) (hasKey $node $key) -}}{{- $node = index $node $key -}}{{- else -}}{{- $found = false -}}{{- end -}}
{{- end -}}
{{- $last := last $field.path -}}
{{- if and $found (kindIs "map" $node) (hasKey $node $last) -}}
{{- $_ := set $node $last (index (include "imagebuilder.tplTree" (dict "value" (index $node $last) "passes" $field.passes "keys" $field.keys "root" $) | fromJson) "v") -}}
{{- end -}}
{{- end -}}
{{- toJson $values -}}
{{- end -}}

{{- /* "true" in single-namespace mode: low_privilege (true unless set) or namespaces.enabled
false (false unless set) — the reference chart's defaults. */ -}}
{{- define "imagebuilder.singleNamespace" -}}
{{- $get := "imagebuilder.get" -}}
{{- $lowPrivilege := index (include $get (dict "map" .Values "key" "low_privilege" "default" true) | fromJson) "v" -}}
{{- $namespaces := index (include $get (dict "map" .Values "key" "namespaces" "default" dict) | fromJson) "v" -}}
{{- $namespacesEnabled := index (include $get (dict "map" $namespaces "key" "enabled" "default" false) | fromJson) "v" -}}
{{- if or $lowPrivilege (not $namespacesEnabled) -}}true{{- end -}}
{{- end -}}

{{- /* "true" when buildkitd runs as the data plane's common ServiceAccount: not forceDedicated,
and commonServiceAccount.enabled (true unless set) or single-namespace mode. */ -}}
{{- define "imagebuilder.usesCommonServiceAccount" -}}
{{- $get := "imagebuilder.get" -}}
{{- $common := index (include $get (dict "map" .Values "key" "commonServiceAccount" "default" dict) | fromJson) "v" -}}
{{- $commonEnabled := index (include $get (dict "map" $common "key" "enabled" "default" true) | fromJson) "v" -}}
{{- if and (not .Values.imageBuilder.buildkit.serviceAccount.forceDedicated) (or $commonEnabled (include "imagebuilder.singleNamespace" .)) -}}true{{- end -}}
{{- end -}}

{{- /* ------------------------------------------------------------------------------------
The derived values (chartgen/model.py and chartgen/render/context.py), as JSON. Each object
template starts with `$m := include "imagebuilder.model" . | fromJson`.
------------------------------------------------------------------------------------ */ -}}
{{- define "imagebuilder.model" -}}
{{- $get := "imagebuilder.get" -}}
{{- $ib := .Values.imageBuilder -}}
{{- $b := $ib.buildkit -}}
{{- $namespace := .Release.Namespace -}}
{{- $release := .Release.Name -}}
{{- $fullname := include "imagebuilder.fullname" . -}}
{{- $deployed := and $ib.enabled $b.enabled -}}
{{- $resolved := include "imagebuilder.resolvedValues" . | fromJson -}}

{{- /* Single-namespace mode: low_privilege (true unless set) or no namespace sync
(namespaces.enabled false unless set), the reference chart's defaults. */ -}}
{{- $singleNamespace := include "imagebuilder.singleNamespace" . | eq "true" -}}

{{- /* The service account: the dedicated one when forced, else the data plane's common one
when it is enabled (the reference default) or in single-namespace mode. */ -}}
{{- $common := index (include $get (dict "map" .Values "key" "commonServiceAccount" "default" dict) | fromJson) "v" -}}
{{- $commonName := index (include $get (dict "map" $common "key" "name" "default" "") | fromJson) "v" | default "union-system" -}}
{{- $usesCommon := include "imagebuilder.usesCommonServiceAccount" . | eq "true" -}}
{{- $serviceAccountName := ternary $commonName ($b.serviceAccount.name | default "union-imagebuilder") $usesCommon -}}
{{- /* additionalServiceAccountAnnotations (evaluated by `tpl`) without cloud identities:
buildkitd needs none (chartgen rule IB321); then the account's own, which win. */ -}}
{{- $serviceAccountAnnotations := dict -}}
{{- $identity := include "imagebuilder.cloudIdentityKeys" . | fromJson -}}
{{- range $key, $value := index (include $get (dict "map" $resolved "key" "additionalServiceAccountAnnotations" "default" dict) | fromJson) "v" -}}
{{- if not (or (has $key $identity.exact) (and (contains "/" $key) (eq (last (splitList "/" $key)) $identity.suffix))) -}}
{{- $_ := set $serviceAccountAnnotations $key $value -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := $b.serviceAccount.annotations -}}
{{- $_ := set $serviceAccountAnnotations $key $value -}}
{{- end -}}

{{- /* Rootless images carry the -rootless tag suffix. */ -}}
{{- $tag := $b.image.tag -}}
{{- if and $b.rootless (not (hasSuffix "rootless" $tag)) -}}
{{- $tag = printf "%s-rootless" $tag -}}
{{- end -}}

{{- $buildkitUri := "" -}}
{{- if $ib.buildkitUri -}}
{{- $buildkitUri = $ib.buildkitUri -}}
{{- else if $b.enabled -}}
{{- $buildkitUri = printf "tcp://%s.%s.svc.cluster.local:%d" $fullname $namespace (int64 $b.service.port) -}}
{{- end -}}

{{- /* storage, with its `tpl` fields evaluated, as the reference chart does. */ -}}
{{- $storage := index (include $get (dict "map" $resolved "key" "storage" "default" dict) | fromJson) "v" -}}

{{- /* The default repository: defaultRepository, else derived in the reference chart's order
(storage.provider aws; gcp/gcs or the top-level provider gcp; azure; else registryName); empty
(never half-filled) when an input is missing. */ -}}
{{- $provider := index (include $get (dict "map" $storage "key" "provider" "default" "compat") | fromJson) "v" -}}
{{- $topProvider := index (include $get (dict "map" .Values "key" "provider" "default" "") | fromJson) "v" | default "" -}}
{{- $cloud := "none" -}}
{{- if eq $provider "aws" -}}{{- $cloud = "aws" -}}
{{- else if or (eq $provider "gcp") (eq $provider "gcs") (eq $topProvider "gcp") -}}{{- $cloud = "gcp" -}}
{{- else if or (eq $provider "azure") (eq $topProvider "azure") -}}{{- $cloud = "azure" -}}
{{- end -}}
{{- $repository := index $resolved.imageBuilder "defaultRepository" -}}
{{- $registryName := $ib.registryName -}}
{{- $region := index (include $get (dict "map" $storage "key" "region" "default" "us-east-1") | fromJson) "v" -}}
{{- if not $repository -}}
{{- if eq $cloud "aws" -}}
{{- $global := index (include $get (dict "map" .Values "key" "global" "default" dict) | fromJson) "v" -}}
{{- $account := index (include $get (dict "map" $global "key" "AWS_ACCOUNT_ID" "default" "") | fromJson) "v" | toString -}}
{{- if and $account $region $registryName -}}
{{- $domain := ternary "amazonaws.com.cn" "amazonaws.com" (hasPrefix "cn-" $region) -}}
{{- $repository = printf "%s.dkr.ecr.%s.%s/%s" $account $region $domain $registryName -}}
{{- end -}}
{{- else if eq $cloud "gcp" -}}
{{- $gcp := index (include $get (dict "map" $storage "key" "gcp" "default" dict) | fromJson) "v" -}}
{{- $project := index (include $get (dict "map" $gcp "key" "projectId" "default" "") | fromJson) "v" -}}
{{- if and $region $project $registryName -}}
{{- $repository = printf "%s-docker.pkg.dev/%s/%s" $region $project $registryName -}}
{{- end -}}
{{- else if eq $cloud "azure" -}}
{{- if $registryName -}}{{- $repository = printf "%s.azurecr.io" $registryName -}}{{- end -}}
{{- else -}}
{{- $repository = $registryName -}}
{{- end -}}
{{- end -}}

{{- $tls := $b.tls -}}
{{- $scc := $b.openShift.securityContextConstraints -}}
{{- /* The reference chart's SCC name: existingName, else name, else FULLNAME-rootless. */ -}}
{{- $sccName := $scc.existingName | default $scc.name | default (printf "%s-rootless" $fullname) | trunc 63 | trimSuffix "-" -}}

{{- $toml := "" -}}
{{- if $deployed -}}{{- $toml = include "imagebuilder.buildkitdToml" . -}}{{- end -}}
{{- /* From Kubernetes 1.30 AppArmor is a securityContext field; before, an annotation. */ -}}
{{- $apparmorField := semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version -}}

{{- /* Pods read buildkitd.toml only at start: a new checksum rolls them. The user's
podAnnotations come last and win. */ -}}
{{- $podAnnotations := dict "checksum/config" (sha256sum $toml) -}}
{{- if and $b.rootless (not $apparmorField) -}}
{{- $_ := set $podAnnotations "container.apparmor.security.beta.kubernetes.io/buildkit" "unconfined" -}}
{{- end -}}
{{- if and $b.openShift.enabled $scc.pinRequiredSCC -}}
{{- $_ := set $podAnnotations "openshift.io/required-scc" $sccName -}}
{{- end -}}
{{- range $key, $value := $b.podAnnotations -}}
{{- $_ := set $podAnnotations $key $value -}}
{{- end -}}

{{- /* The container securityContext: the user's, else the mode's; rootless keeps AppArmor
unconfined either way (in the reference chart it is an annotation no override removes). */ -}}
{{- $securityContext := dict "privileged" true -}}
{{- if $b.securityContext -}}
{{- $securityContext = deepCopy $b.securityContext -}}
{{- else if $b.rootless -}}
{{- $securityContext = dict "seccompProfile" (dict "type" "Unconfined") "runAsUser" 1000 "runAsGroup" 1000 -}}
{{- end -}}
{{- if and (not $b.securityContext) $b.rootless $b.openShift.enabled -}}
{{- $_ := set $securityContext "allowPrivilegeEscalation" true -}}
{{- end -}}
{{- if and $b.rootless $apparmorField (not (hasKey $securityContext "appArmorProfile")) -}}
{{- $_ := set $securityContext "appArmorProfile" (dict "type" "Unconfined") -}}
{{- end -}}

{{- /* Who may reach port 1234: the configured peers, else the release namespace and the
namespaces build tasks run in. */ -}}
{{- $peers := $b.networkPolicy.ingressFrom -}}
{{- if not $peers -}}
{{- $peers = list
  (dict "namespaceSelector" (dict "matchLabels" (dict "kubernetes.io/metadata.name" $namespace)))
  (dict "namespaceSelector" (dict "matchLabels" (dict "union.ai/namespace-type" "flyte")))
-}}
{{- end -}}

{{- /* buildkitd's environment: the reference chart's pod variables buildkitd can use, the data
plane's additionalPodEnvVars (keys sorted, values quoted), then podEnv. */ -}}
{{- $env := list
  (dict "name" "POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name")))
  (dict "name" "POD_NAMESPACE" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.namespace")))
  (dict "name" "GOMEMLIMIT" "valueFrom" (dict "resourceFieldRef" (dict "divisor" 1 "resource" "limits.memory")))
  (dict "name" "GOMAXPROCS" "valueFrom" (dict "resourceFieldRef" (dict "divisor" 1 "resource" "limits.cpu")))
-}}
{{- range $name, $value := index (include $get (dict "map" .Values "key" "additionalPodEnvVars" "default" dict) | fromJson) "v" -}}
{{- $env = append $env (dict "name" $name "value" (toString $value)) -}}
{{- end -}}
{{- $env = concat $env $b.podEnv -}}

{{- /* Every name the buildkit Service answers to, then the extra SANs. */ -}}
{{- $dnsNames := list $fullname (printf "%s.%s" $fullname $namespace) (printf "%s.%s.svc" $fullname $namespace) (printf "%s.%s.svc.cluster.local" $fullname $namespace) -}}
{{- range $name := $tls.certManager.extraDnsNames -}}
{{- if not (has $name $dnsNames) -}}{{- $dnsNames = append $dnsNames $name -}}{{- end -}}
{{- end -}}

{{- /* The build-image ConfigMap: in the release namespace in single-namespace mode (the
operator copies it otherwise), plus one copy per chart value targetNamespaces. */ -}}
{{- $configNamespaces := list -}}
{{- if $ib.enabled -}}
{{- if $singleNamespace -}}{{- $configNamespaces = append $configNamespaces $namespace -}}{{- end -}}
{{- range $target := index (include $get (dict "map" .Values "key" "targetNamespaces" "default" list) | fromJson) "v" -}}
{{- if not (has $target $configNamespaces) -}}{{- $configNamespaces = append $configNamespaces $target -}}{{- end -}}
{{- end -}}
{{- end -}}

{{- $model := dict
  "fullname" $fullname
  "deployed" $deployed
  "serviceAccountName" $serviceAccountName
  "serviceAccountAnnotations" $serviceAccountAnnotations
  "createsServiceAccount" (and $deployed (not $usesCommon) $b.serviceAccount.create)
  "createsScc" (and $deployed $b.openShift.enabled $scc.create (not $scc.existingName))
  "env" $env
  "additionalVolumes" (index $resolved.imageBuilder.buildkit "additionalVolumes")
  "additionalVolumeMounts" (index $resolved.imageBuilder.buildkit "additionalVolumeMounts")
  "image" (printf "%s:%s" $b.image.repository $tag)
  "buildkitUri" $buildkitUri
  "defaultRepository" $repository
  "tlsEnabled" $tls.enabled
  "usesCertManager" (and $tls.enabled (ne $tls.certManager.issuerRef.name ""))
  "tlsServerSecret" ($tls.existingSecret | default (printf "%s-tls" $fullname))
  "tlsClientSecret" ($tls.clientSecretName | default (printf "%s-client-tls" $fullname))
  "sccName" $sccName
  "rendersPdb" (and $deployed (gt (int64 $b.replicaCount) 1))
  "buildkitdToml" $toml
  "podAnnotations" $podAnnotations
  "securityContext" $securityContext
  "networkPolicyPeers" $peers
  "serviceDnsNames" $dnsNames
  "buildImageConfigNamespaces" $configNamespaces
  "labels" (dict
    "app.kubernetes.io/name" "imagebuilder-buildkit"
    "app.kubernetes.io/instance" $release
    "platform.union.ai/service-group" $release
    "app.kubernetes.io/managed-by" "Helm")
  "selector" (dict "app.kubernetes.io/name" "imagebuilder-buildkit" "app.kubernetes.io/instance" $release)
  "podLabels" (dict "platform.union.ai/zone" "dataplane" "app.kubernetes.io/name" "imagebuilder-buildkit" "app.kubernetes.io/instance" $release)
  "operatorLabels" (dict
    "app.kubernetes.io/name" "union-operator"
    "app.kubernetes.io/instance" $release
    "platform.union.ai/service-group" $release
    "app.kubernetes.io/managed-by" "Helm")
-}}
{{- $_ := set $model "storageYaml" (include "imagebuilder.storageYaml" (dict "storage" $storage)) -}}
{{- toJson $model -}}
{{- end -}}

{{- /* ------------------------------------------------------------------------------------
The cross-field rules a template can check, failing with chartgen's rule ID and message
(chartgen/rules/*.py): `helm install` refuses what `chartgen validate` refuses.
------------------------------------------------------------------------------------ */ -}}
{{- define "imagebuilder.fail" -}}
{{- fail (printf "%s %s: %s. %s" (index . 0) (index . 1) (index . 2) (index . 3)) -}}
{{- end -}}

{{- define "imagebuilder.validate" -}}
{{- $ib := .Values.imageBuilder -}}
{{- $b := $ib.buildkit -}}
{{- $deployed := and $ib.enabled $b.enabled -}}
{{- if and $ib.enabled (not $ib.buildkitUri) (not $b.enabled) -}}
{{- include "imagebuilder.fail" (list "IB207" "no-builder"
  "nothing to build with: buildkit.enabled is false and buildkitUri is empty"
  "Set imageBuilder.buildkit.enabled: true to deploy buildkitd, or set imageBuilder.buildkitUri to an existing one (tcp://HOST:1234).") -}}
{{- end -}}
{{- if and $ib.enabled (eq $ib.authenticationType "basic") (not $ib.basicAuth.passwordSecretName) (not $ib.basicAuth.passwordPlainText) -}}
{{- include "imagebuilder.fail" (list "IB210" "basic-auth-no-password"
  "authenticationType is basic but neither basicAuth.passwordSecretName nor basicAuth.passwordPlainText is set, so the registry gets no password"
  "Store the password as a Union secret and set imageBuilder.basicAuth.passwordSecretName to its name (e.g. DEPOT_TOKEN).") -}}
{{- end -}}
{{- if and $deployed $b.rootless (hasKey $b.securityContext "runAsUser") -}}
{{- $user := index $b.securityContext "runAsUser" -}}
{{- if and (not (kindIs "invalid" $user)) (ne (int64 $user) 1000) -}}
{{- include "imagebuilder.fail" (list "IB211" "rootless-run-as-user"
  (printf "rootless buildkitd must run as user 1000, the user its image prepares the user namespace for; as user %d it fails to start" (int64 $user))
  "Remove runAsUser from imageBuilder.buildkit.securityContext or set it to 1000.") -}}
{{- end -}}
{{- end -}}
{{- if and $deployed $b.openShift.enabled (include "imagebuilder.usesCommonServiceAccount" .) -}}
{{- $common := index (include "imagebuilder.get" (dict "map" .Values "key" "commonServiceAccount" "default" dict) | fromJson) "v" -}}
{{- $commonName := index (include "imagebuilder.get" (dict "map" $common "key" "name" "default" "") | fromJson) "v" | default "union-system" -}}
{{- include "imagebuilder.fail" (list "IB212" "openshift-dedicated-sa"
  (printf "buildkitd on OpenShift would run as the common ServiceAccount %q, so its SecurityContextConstraints would be granted to every pod using that account; serviceAccount.forceDedicated is false" $commonName)
  "Set imageBuilder.buildkit.serviceAccount.forceDedicated: true.") -}}
{{- end -}}
{{- $autoscaling := $b.autoscaling -}}
{{- if and $deployed $autoscaling.enabled (gt (int64 $autoscaling.minReplicas) (int64 $autoscaling.maxReplicas)) -}}
{{- include "imagebuilder.fail" (list "IB213" "autoscaling-range"
  (printf "autoscaling.maxReplicas %d is below minReplicas %d; the API server rejects the HorizontalPodAutoscaler" (int64 $autoscaling.maxReplicas) (int64 $autoscaling.minReplicas))
  (printf "Set maxReplicas to at least %d, or lower minReplicas." (int64 $autoscaling.minReplicas))) -}}
{{- end -}}
{{- if and $deployed (gt (int64 $b.replicaCount) 1) -}}
{{- $minimum := $b.pdb.minAvailable -}}
{{- $replicas := ternary $autoscaling.minReplicas $b.replicaCount $autoscaling.enabled | int64 -}}
{{- $blocks := false -}}
{{- if kindIs "string" $minimum -}}
{{- $blocks = and (regexMatch `^[0-9]+%$` $minimum) (ge (atoi (trimSuffix "%" $minimum)) 100) -}}
{{- else -}}
{{- $blocks = ge (int64 $minimum) $replicas -}}
{{- end -}}
{{- if $blocks -}}
{{- include "imagebuilder.fail" (list "IB214" "pdb-blocks-drain"
  (printf "pdb.minAvailable %v with %d running replica%s never allows an eviction, so every node drain blocks on buildkitd" (ternary $minimum (int64 $minimum) (kindIs "string" $minimum)) $replicas (ternary "" "s" (eq $replicas 1)))
  (printf "Set imageBuilder.buildkit.pdb.minAvailable below %d or to a percentage under 100%%, or run more replicas." $replicas)) -}}
{{- end -}}
{{- end -}}
{{- $openShift := $b.openShift -}}
{{- $sccValues := $openShift.securityContextConstraints -}}
{{- if and $deployed $openShift.enabled (not $sccValues.create) (not $sccValues.existingName) (not $sccValues.name) -}}
{{- include "imagebuilder.fail" (list "IB221" "openshift-scc-missing"
  (printf "OpenShift is enabled but securityContextConstraints.create is false and neither existingName nor name is set: the Role grants %q, which nothing creates, so no SCC admits the buildkitd pods" (printf "%s-rootless" (include "imagebuilder.fullname" .) | trunc 63 | trimSuffix "-"))
  "Set imageBuilder.buildkit.openShift.securityContextConstraints.create: true, or existingName to an SCC that allows buildkitd.") -}}
{{- end -}}
{{- if and $deployed (has $b.service.type (list "LoadBalancer" "NodePort")) (not $b.tls.enabled) -}}
{{- include "imagebuilder.fail" (list "IB302" "exposed-without-tls"
  (printf "service.type %s exposes buildkitd outside the cluster without TLS: anyone who reaches the port runs arbitrary code as root" $b.service.type)
  "Use service.type: ClusterIP: Union's build task runs in the cluster. (Mutual TLS, imageBuilder.buildkit.tls, fits only clients that present a certificate; the build task does not.)") -}}
{{- end -}}
{{- if and $deployed $b.tls.enabled (not $b.tls.clientsPresentCertificates) (not $ib.buildkitUri) -}}
{{- include "imagebuilder.fail" (list "IB320" "tls-without-client-certificates"
  "buildkit.tls.enabled makes buildkitd require a client certificate, but Union's build-image task, which build-image-config points at this buildkitd, presents none: every image build would fail to connect"
  "Turn tls off and protect buildkitd with networkPolicy.enabled: true, rootless: true and service.type ClusterIP; or, if every client of this buildkitd presents a certificate the CA signed, set imageBuilder.buildkit.tls.clientsPresentCertificates: true.") -}}
{{- end -}}
{{- if and $deployed $b.tls.enabled -}}
{{- $secret := $b.tls.existingSecret -}}
{{- $issuer := $b.tls.certManager.issuerRef.name -}}
{{- if and $secret $issuer -}}
{{- include "imagebuilder.fail" (list "IB308" "tls-source"
  (printf "tls.existingSecret %q and tls.certManager.issuerRef.name %q are both set; the daemon's certificate must come from exactly one" $secret $issuer)
  "Keep existingSecret for certificates you manage, or the issuer for cert-manager, and empty the other.") -}}
{{- else if and (not $secret) (not $issuer) -}}
{{- include "imagebuilder.fail" (list "IB308" "tls-source"
  "tls.enabled is true but neither tls.existingSecret nor tls.certManager.issuerRef.name is set, so buildkitd has no certificate"
  "Set tls.existingSecret to a Secret with ca.crt, tls.crt and tls.key, or tls.certManager.issuerRef.name to a cert-manager issuer.") -}}
{{- end -}}
{{- end -}}
{{- $get := "imagebuilder.get" -}}
{{- $resolved := include "imagebuilder.resolvedValues" . | fromJson -}}
{{- $storage := index (include $get (dict "map" $resolved "key" "storage" "default" dict) | fromJson) "v" -}}
{{- $provider := index (include $get (dict "map" $storage "key" "provider" "default" "compat") | fromJson) "v" -}}
{{- $authType := index (include $get (dict "map" $storage "key" "authType" "default" "accesskey") | fromJson) "v" -}}
{{- $credentials := index (include $get (dict "map" $storage "key" "credentialsSecretRef" "default" dict) | fromJson) "v" -}}
{{- if and (eq $provider "aws") (eq $authType "accesskey") (not (index (include $get (dict "map" $credentials "key" "name" "default" "") | fromJson) "v")) -}}
{{- $missing := list -}}
{{- range $key := list "accessKey" "secretKey" -}}
{{- if not (index (include $get (dict "map" $storage "key" $key "default" "") | fromJson) "v") -}}
{{- $missing = append $missing (printf "storage.%s" $key) -}}
{{- end -}}
{{- end -}}
{{- if $missing -}}
{{- include "imagebuilder.fail" (list "IB217" "storage-accesskey-missing"
  (printf "storage.authType is accesskey but %s %s not set (nor storage.credentialsSecretRef.name), so the data plane cannot reach its bucket" (join " and " $missing) (ternary "is" "are" (eq (len $missing) 1)))
  "Set storage.credentialsSecretRef.name to a Secret holding the keys, or use storage.authType: iam with an IAM role.") -}}
{{- end -}}
{{- end -}}
{{- if and $ib.enabled (include "imagebuilder.singleNamespace" .) (eq $provider "gcs") -}}
{{- $gcp := index (include $get (dict "map" $storage "key" "gcp" "default" dict) | fromJson) "v" -}}
{{- if not (index (include $get (dict "map" $gcp "key" "projectId" "default" "") | fromJson) "v") -}}
{{- include "imagebuilder.fail" (list "IB230" "storage-gcs-project"
  "storage.provider is gcs but storage.gcp.projectId is empty; storage.yaml needs the bucket's project (the reference chart refuses to render)"
  "Set storage.gcp.projectId to the Google Cloud project that owns the bucket.") -}}
{{- end -}}
{{- end -}}
{{- /* global.AWS_ACCOUNT_ID feeds the derived ECR repository (storage.provider aws); Helm prints
an unquoted 12-digit number as 1.23456789012e+11. */ -}}
{{- $aws := eq $provider "aws" -}}
{{- if and $ib.enabled $aws (not (index $resolved.imageBuilder "defaultRepository")) -}}
{{- $global := index (include $get (dict "map" .Values "key" "global" "default" dict) | fromJson) "v" -}}
{{- $account := index (include $get (dict "map" $global "key" "AWS_ACCOUNT_ID" "default" "") | fromJson) "v" -}}
{{- if and (ne (toString $account) "") (not (and (kindIs "string" $account) (regexMatch `^[0-9]{12}$` $account))) -}}
{{- $message := printf "global.AWS_ACCOUNT_ID %q is not a 12-digit AWS account ID" (toString $account) -}}
{{- if or (kindIs "float64" $account) (kindIs "int64" $account) -}}
{{- $message = printf "global.AWS_ACCOUNT_ID is the unquoted number %d: Helm renders it as %v and a number loses leading zeros, so the derived ECR repository is wrong" (int64 $account) $account -}}
{{- end -}}
{{- include "imagebuilder.fail" (list "IB220" "aws-account-id" $message
  "Write the account ID as a quoted string of 12 digits: AWS_ACCOUNT_ID: \"012345678901\".") -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* ------------------------------------------------------------------------------------
The two files the ConfigMaps carry, byte for byte as chartgen writes them.
------------------------------------------------------------------------------------ */ -}}

{{- /* buildkitd.toml (chartgen/buildkitd.py): extraConfig, then chartgen's tables.
extraConfig goes first, verbatim (never split into lines: TOML breaks lines at LF and CRLF
only), so that a top-level key in it stays top-level (TOML gives a key to the table opened
last). The log level is [log] level, never the deprecated top-level debug. */ -}}
{{- define "imagebuilder.buildkitdToml" -}}
{{- $b := .Values.imageBuilder.buildkit -}}
{{- $lines := list -}}
{{- /* Only TOML whitespace and line breaks are trimmed from the end. */ -}}
{{- $extra := regexReplaceAll `[ \t\r\n]+$` $b.extraConfig "" -}}
{{- if $extra -}}
{{- $lines = list (printf "# extraConfig\n%s" $extra) "" -}}
{{- end -}}
{{- $level := $b.log.level | default (ternary "debug" "info" $b.log.debug) -}}
{{- $lines = concat $lines (list "[log]" (printf "  format = \"%s\"" $b.log.format) (printf "  level = \"%s\"" $level)) -}}
{{- $lines = concat $lines (list "" "[worker.oci]" "  enabled = true" "  snapshotter = \"auto\"" "  gc = true" (printf "  max-parallelism = %d" (int64 $b.oci.maxParallelism))) -}}
{{- $lines = concat $lines (list
  ""
  "  # Build contexts (COPY/ADD) and git checkouts unused for a day"
  "  [[worker.oci.gcpolicy]]"
  "    filters = [ \"type==source.local\", \"type==source.git.checkout\" ]"
  "    keepDuration = \"24h\""
  (printf "    reservedSpace = \"%s\"" $b.gc.reservedSpace)
  ""
  "  # Image layers unused for a day"
  "  [[worker.oci.gcpolicy]]"
  "    filters = [ \"type==regular\" ]"
  "    keepDuration = \"24h\""
  (printf "    reservedSpace = \"%s\"" $b.gc.reservedSpace)
  ""
  "  # Cache mounts (pip, apt, ...) unused for three days"
  "  [[worker.oci.gcpolicy]]"
  "    filters = [ \"type==exec.cachemount\" ]"
  "    keepDuration = \"72h\""
  (printf "    reservedSpace = \"%s\"" $b.gc.reservedSpace)
  ""
  "  # Everything else: the whole cache stays under maxUsedSpace"
  "  [[worker.oci.gcpolicy]]"
  "    all = true"
  (printf "    maxUsedSpace = \"%s\"" $b.gc.maxUsedSpace)
) -}}
{{- if $b.tls.enabled -}}
{{- $lines = concat $lines (list "" "[grpc.tls]" "  cert = \"/certs/tls.crt\"" "  key = \"/certs/tls.key\"" "  ca = \"/certs/ca.crt\"") -}}
{{- end -}}
{{- join "\n" $lines -}}{{- "\n" -}}
{{- end -}}

{{- /* storage.yaml of the build-image ConfigMap (chartgen/render/storage.py, after the current
reference chart's _storage.tpl, stow format): (dict "storage" RESOLVED-STORAGE). Keys the user
left out take the reference chart's defaults. With credentialsSecretRef.name no access keys are
written (the reference copies the Secret's keys at install time; chartgen never reads secrets). */ -}}
{{- define "imagebuilder.storageYaml" -}}
{{- $s := .storage -}}
{{- $get := "imagebuilder.get" -}}
{{- $provider := index (include $get (dict "map" $s "key" "provider" "default" "compat") | fromJson) "v" -}}
{{- $region := index (include $get (dict "map" $s "key" "region" "default" "us-east-1") | fromJson) "v" -}}
{{- $bucket := index (include $get (dict "map" $s "key" "bucketName" "default" "") | fromJson) "v" -}}
{{- $accessKey := index (include $get (dict "map" $s "key" "accessKey" "default" "") | fromJson) "v" -}}
{{- $secretKey := index (include $get (dict "map" $s "key" "secretKey" "default" "") | fromJson) "v" -}}
{{- $secretRef := index (include $get (dict "map" $s "key" "credentialsSecretRef" "default" dict) | fromJson) "v" -}}
{{- $fromSecret := index (include $get (dict "map" $secretRef "key" "name" "default" "") | fromJson) "v" -}}
{{- $disableSSL := index (include $get (dict "map" $s "key" "disableSSL" "default" false) | fromJson) "v" -}}
{{- $multi := index (include $get (dict "map" $s "key" "enableMultiContainer" "default" true) | fromJson) "v" -}}
{{- $limits := index (include $get (dict "map" $s "key" "limits" "default" dict) | fromJson) "v" -}}
{{- $maxDownload := index (include $get (dict "map" $limits "key" "maxDownloadMBs" "default" 1024) | fromJson) "v" -}}
{{- $cache := index (include $get (dict "map" $s "key" "cache" "default" dict) | fromJson) "v" -}}
{{- $cacheSize := index (include $get (dict "map" $cache "key" "maxSizeMBs" "default" 0) | fromJson) "v" -}}
{{- $cacheGC := index (include $get (dict "map" $cache "key" "targetGCPercent" "default" 70) | fromJson) "v" -}}
{{- $entry := "imagebuilder.yaml.entry" -}}
{{- $lines := list "storage:" -}}
{{- $tail := dict
  "enable-multicontainer" $multi
  "limits" (dict "maxDownloadMBs" $maxDownload)
  "cache" (dict "max_size_mbs" $cacheSize "target_gc_percent" $cacheGC)
-}}
{{- $tailOrder := list "enable-multicontainer" "limits" "cache" -}}
{{- if eq $provider "custom" -}}
{{- /* The user's stow configuration, its keys siblings of `container` and sorted (its own
`container`, if any, replaces the bucket); chartgen's own keys overwrite the user's in place (a
Python dict update keeps the position). */ -}}
{{- $custom := index (include $get (dict "map" $s "key" "custom" "default" dict) | fromJson) "v" -}}
{{- if not (hasKey $custom "container") -}}
{{- $lines = append $lines (include $entry (dict "key" "container" "value" $bucket "indent" 2)) -}}
{{- end -}}
{{- range $key, $value := $custom -}}
{{- $lines = append $lines (include $entry (dict "key" $key "value" (hasKey $tail $key | ternary (index $tail $key) $value) "indent" 2)) -}}
{{- end -}}
{{- $order := list -}}
{{- range $key := $tailOrder -}}
{{- if not (hasKey $custom $key) -}}{{- $order = append $order $key -}}{{- end -}}
{{- end -}}
{{- $tailOrder = $order -}}
{{- else -}}
{{- $lines = append $lines (include $entry (dict "key" "container" "value" $bucket "indent" 2)) -}}
{{- if or (eq $provider "compat") (eq $provider "oci") -}}
{{- $lines = concat $lines (list "  type: stow" "  stow:" "    kind: s3" "    config:" "      auth_type: accesskey") -}}
{{- if not $fromSecret -}}
{{- $lines = append $lines (include $entry (dict "key" "access_key_id" "value" $accessKey "indent" 6)) -}}
{{- $lines = append $lines (include $entry (dict "key" "secret_key" "value" $secretKey "indent" 6)) -}}
{{- end -}}
{{- $lines = append $lines (include $entry (dict "key" "disable_ssl" "value" $disableSSL "indent" 6)) -}}
{{- $lines = append $lines (include $entry (dict "key" "endpoint" "value" (index (include $get (dict "map" $s "key" "endpoint" "default" "") | fromJson) "v") "indent" 6)) -}}
{{- $lines = append $lines (include $entry (dict "key" "region" "value" $region "indent" 6)) -}}
{{- $signedURL := index (include $get (dict "map" $s "key" "fastRegistrationURL" "default" "") | fromJson) "v" -}}
{{- if $signedURL -}}
{{- $lines = concat $lines (list "  signedURL:" "    stowConfigOverride:" (include $entry (dict "key" "endpoint" "value" $signedURL "indent" 6))) -}}
{{- end -}}
{{- else if eq $provider "aws" -}}
{{- $authType := index (include $get (dict "map" $s "key" "authType" "default" "accesskey") | fromJson) "v" -}}
{{- $lines = concat $lines (list "  type: stow" "  stow:" "    kind: s3" "    config:" (include $entry (dict "key" "auth_type" "value" $authType "indent" 6)) (include $entry (dict "key" "region" "value" $region "indent" 6))) -}}
{{- if and (eq $authType "accesskey") (not $fromSecret) -}}
{{- $lines = concat $lines (list (include $entry (dict "key" "access_key_id" "value" $accessKey "indent" 6)) (include $entry (dict "key" "secret_key" "value" $secretKey "indent" 6))) -}}
{{- end -}}
{{- else if eq $provider "gcs" -}}
{{- $gcp := index (include $get (dict "map" $s "key" "gcp" "default" dict) | fromJson) "v" -}}
{{- $project := index (include $get (dict "map" $gcp "key" "projectId" "default" "") | fromJson) "v" -}}
{{- $lines = concat $lines (list "  type: stow" "  stow:" "    kind: google" "    config:" "      json: \"\"" (include $entry (dict "key" "project_id" "value" $project "indent" 6)) "      scopes: \"https://www.googleapis.com/auth/cloud-platform\"") -}}
{{- end -}}
{{- end -}}
{{- range $key := $tailOrder -}}
{{- $lines = append $lines (include $entry (dict "key" $key "value" (index $tail $key) "indent" 2)) -}}
{{- end -}}
{{- join "\n" $lines -}}{{- "\n" -}}
{{- end -}}

{{- /* ------------------------------------------------------------------------------------
Safe YAML text, a port of chartgen/render/yamltext.py, used for storage.yaml: the ConfigMap
carries that file as a string, which must be the same bytes whether chartgen or Helm wrote it.
------------------------------------------------------------------------------------ */ -}}

{{- /* What the object templates use, like chartgen's Jinja filters `q` and `to_yaml`:
"imagebuilder.q" writes one scalar (`{{ include "imagebuilder.q" $x }}`), "imagebuilder.text" a
string that may become a literal block ((dict "value" TEXT "indent" N)), "imagebuilder.block" a
structure as block lines ((dict "value" V "indent" N), on a line of its own). Helm's toYaml is
not used for values: it writes an empty string for text with DEL or U+FFFE and leaves NEL raw,
which YAML reads as a line break. */ -}}
{{- define "imagebuilder.q" -}}
{{- include "imagebuilder.yaml.scalar" (dict "value" . "manifest" true) -}}
{{- end -}}

{{- define "imagebuilder.text" -}}
{{- include "imagebuilder.yaml.scalar" (dict "value" .value "indent" .indent "manifest" true) -}}
{{- end -}}

{{- define "imagebuilder.block" -}}
{{- include "imagebuilder.yaml.lines" (dict "value" .value "indent" .indent "manifest" true) -}}
{{- end -}}

{{- /* One scalar: (dict "value" V), or (dict "value" V "indent" N) where a multi-line string
may become a literal block; "manifest" true when it goes into an object, not into a file. */ -}}
{{- define "imagebuilder.yaml.scalar" -}}
{{- $value := .value -}}
{{- if kindIs "invalid" $value -}}
null
{{- else if kindIs "bool" $value -}}
{{- ternary "true" "false" $value -}}
{{- else if kindIs "string" $value -}}
{{- $reserved := list "y" "n" "yes" "no" "true" "false" "on" "off" "null" -}}
{{- if and (regexMatch `^[A-Za-z_/][A-Za-z0-9_./-]*$` $value) (not (has (lower $value) $reserved)) -}}
{{- $value -}}
{{- else if and (index . "manifest") (contains "<no value>" $value) -}}
{{- /* Helm deletes the text "<no value>" from everything a template writes; in an object
it is written with the "<" escaped (not in storage.yaml, whose bytes must match chartgen's and
which reaches the object through this branch). */ -}}
{{- include "imagebuilder.yaml.quoted" $value | replace "<" "\\x3C" -}}
{{- else -}}
{{- $literal := "" -}}
{{- if hasKey . "indent" -}}
{{- $literal = include "imagebuilder.yaml.literal" . -}}
{{- end -}}
{{- if $literal -}}
{{- $literal -}}
{{- else -}}
{{- include "imagebuilder.yaml.quoted" $value -}}
{{- end -}}
{{- end -}}
{{- else if or (kindIs "float64" $value) (kindIs "int64" $value) (kindIs "int" $value) -}}
{{- /* Helm holds numbers from YAML and JSON as float64; whole numbers print as integers. */ -}}
{{- if eq (float64 $value) (floor $value) -}}
{{- printf "%d" (int64 $value) -}}
{{- else if lt (maxf $value (mulf -1 $value)) 0.0001 -}}
{{- printf "%v" $value -}}
{{- else -}}
{{- toJson $value -}}
{{- end -}}
{{- else -}}
{{- fail (printf "imagebuilder.yaml.scalar: cannot write a %s as a YAML scalar" (kindOf $value)) -}}
{{- end -}}
{{- end -}}

{{- /* A double-quoted scalar with YAML escapes (yamltext.double_quoted). */ -}}
{{- define "imagebuilder.yaml.quoted" -}}
{{- $escapes := dict
  "\x00" "\\0" "\x01" "\\x01" "\x02" "\\x02" "\x03" "\\x03" "\x04" "\\x04" "\x05" "\\x05"
  "\x06" "\\x06" "\x07" "\\x07" "\x08" "\\x08" "\x09" "\\t" "\x0a" "\\n" "\x0b" "\\x0B"
  "\x0c" "\\x0C" "\x0d" "\\r" "\x0e" "\\x0E" "\x0f" "\\x0F" "\x10" "\\x10" "\x11" "\\x11"
  "\x12" "\\x12" "\x13" "\\x13" "\x14" "\\x14" "\x15" "\\x15" "\x16" "\\x16" "\x17" "\\x17"
  "\x18" "\\x18" "\x19" "\\x19" "\x1a" "\\x1A" "\x1b" "\\x1B" "\x1c" "\\x1C" "\x1d" "\\x1D"
  "\x1e" "\\x1E" "\x1f" "\\x1F" "\"" "\\\"" "\\" "\\\\" "\x7f" "\\x7F" "\u0080" "\\x80"
  "\u0081" "\\x81" "\u0082" "\\x82" "\u0083" "\\x83" "\u0084" "\\x84" "\u0085" "\\x85" "\u0086" "\\x86"
  "\u0087" "\\x87" "\u0088" "\\x88" "\u0089" "\\x89" "\u008a" "\\x8A" "\u008b" "\\x8B" "\u008c" "\\x8C"
  "\u008d" "\\x8D" "\u008e" "\\x8E" "\u008f" "\\x8F" "\u0090" "\\x90" "\u0091" "\\x91" "\u0092" "\\x92"
  "\u0093" "\\x93" "\u0094" "\\x94" "\u0095" "\\x95" "\u0096" "\\x96" "\u0097" "\\x97" "\u0098" "\\x98"
  "\u0099" "\\x99" "\u009a" "\\x9A" "\u009b" "\\x9B" "\u009c" "\\x9C" "\u009d" "\\x9D" "\u009e" "\\x9E"
  "\u009f" "\\x9F" "\u2028" "\\u2028" "\u2029" "\\u2029" "\ufeff" "\\uFEFF" "\ufffe" "\\uFFFE" "\uffff" "\\uFFFF"
-}}
"{{- range $char := splitList "" . -}}
{{- if hasKey $escapes $char -}}{{- index $escapes $char -}}{{- else -}}{{- $char -}}{{- end -}}
{{- end -}}"
{{- end -}}

{{- /* A multi-line string as a literal block (yamltext._literal_block), or "" where a block
could lose data: (dict "value" TEXT "indent" N). */ -}}
{{- define "imagebuilder.yaml.literal" -}}
{{- $text := .value -}}
{{- /* Python's str.isspace() characters, and the characters YAML cannot carry raw. */ -}}
{{- $space := `[\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]` -}}
{{- $unprintable := `[\x00-\x1f\x7f-\x{9f}\x{2028}\x{2029}\x{feff}\x{fffe}\x{ffff}]` -}}
{{- if and (contains "\n" $text) (not (regexMatch (printf "^%s" $space) $text)) -}}
{{- $body := $text -}}
{{- if hasSuffix "\n" $text -}}{{- $body = trimSuffix "\n" $text -}}{{- end -}}
{{- if not (hasSuffix "\n" $body) -}}
{{- $ok := true -}}
{{- $lines := splitList "\n" $body -}}
{{- range $line := $lines -}}
{{- if or (regexMatch $unprintable $line) (hasSuffix " " $line) (and $line (regexMatch (printf "^%s+$" $space) $line)) -}}
{{- $ok = false -}}
{{- end -}}
{{- end -}}
{{- if $ok -}}
{{- ternary "|" "|-" (hasSuffix "\n" $text) -}}
{{- $pad := repeat (int .indent) " " -}}
{{- range $line := $lines -}}
{{- printf "\n" -}}{{- if $line -}}{{- $pad -}}{{- $line -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* What follows `key: ` or `- `: a scalar, {} or []. */ -}}
{{- define "imagebuilder.yaml.inline" -}}
{{- if kindIs "map" .value -}}
{}
{{- else if kindIs "slice" .value -}}
[]
{{- else -}}
{{- include "imagebuilder.yaml.scalar" . -}}
{{- end -}}
{{- end -}}

{{- /* One mapping entry as block lines: (dict "key" K "value" V "indent" N). */ -}}
{{- define "imagebuilder.yaml.entry" -}}
{{- $pad := repeat (int .indent) " " -}}
{{- $key := include "imagebuilder.yaml.scalar" (dict "value" (toString .key) "manifest" (index . "manifest")) -}}
{{- $lines := list -}}
{{- if gt (len (splitList "" $key)) 1000 -}}
{{- /* YAML limits implicit keys to 1024 characters; longer ones take the explicit form. */ -}}
{{- $lines = append $lines (printf "%s? %s" $pad $key) -}}
{{- $key = "" -}}
{{- end -}}
{{- if and (or (kindIs "map" .value) (kindIs "slice" .value)) (not (empty .value)) -}}
{{- $lines = append $lines (printf "%s%s:" $pad $key) -}}
{{- $lines = append $lines (include "imagebuilder.yaml.lines" (dict "value" .value "indent" (add .indent 2) "manifest" (index . "manifest"))) -}}
{{- else -}}
{{- $lines = append $lines (printf "%s%s: %s" $pad $key (include "imagebuilder.yaml.inline" (dict "value" .value "indent" (add .indent 2) "manifest" (index . "manifest")))) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}

{{- /* A value as block YAML lines at an indent, map keys sorted (yamltext.block_lines):
(dict "value" V "indent" N). */ -}}
{{- define "imagebuilder.yaml.lines" -}}
{{- $pad := repeat (int .indent) " " -}}
{{- $lines := list -}}
{{- if kindIs "map" .value -}}
{{- if empty .value -}}
{{- $lines = append $lines (print $pad "{}") -}}
{{- end -}}
{{- range $key, $item := .value -}}
{{- $lines = append $lines (include "imagebuilder.yaml.entry" (dict "key" $key "value" $item "indent" $.indent "manifest" (index $ "manifest"))) -}}
{{- end -}}
{{- else if kindIs "slice" .value -}}
{{- if empty .value -}}
{{- $lines = append $lines (print $pad "[]") -}}
{{- end -}}
{{- range $item := .value -}}
{{- if and (or (kindIs "map" $item) (kindIs "slice" $item)) (not (empty $item)) -}}
{{- $inner := include "imagebuilder.yaml.lines" (dict "value" $item "indent" (add $.indent 2) "manifest" (index $ "manifest")) -}}
{{- $lines = append $lines (printf "%s- %s" $pad (substr (int (add $.indent 2)) -1 $inner)) -}}
{{- else -}}
{{- $lines = append $lines (printf "%s- %s" $pad (include "imagebuilder.yaml.inline" (dict "value" $item "indent" (add $.indent 2) "manifest" (index $ "manifest")))) -}}
{{- end -}}
{{- end -}}
{{- else -}}
{{- $lines = append $lines (print $pad (include "imagebuilder.yaml.scalar" (dict "value" .value "indent" .indent "manifest" (index . "manifest")))) -}}
{{- end -}}
{{- join "\n" $lines -}}
{{- end -}}
