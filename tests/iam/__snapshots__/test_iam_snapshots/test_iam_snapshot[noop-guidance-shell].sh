#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# authenticationType noop: build tasks and the operator-proxy do not authenticate to the registry
# (no repository is configured), so there is no workload identity to grant anything to.
# Pushes and pulls work only if the registry accepts them anonymously or through the node's own
# identity (EKS node role, GKE node service account, AKS kubelet identity), which must then be
# allowed to push to and pull from it.
