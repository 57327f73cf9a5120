#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (gcp).
# Repository: us-central1-docker.pkg.dev/union-dp/union-dataplane
# Build identities: single-namespace mode: build tasks run in the release namespace union as the
# union service account.

# Placeholders: set each before running, or the script stops.
: "${USER_GSA:?set USER_GSA to the e-mail of the Google service account build tasks run as}"
: "${NODE_SA:?set NODE_SA to the e-mail of the GKE node service account}"
: "${OPERATOR_PROXY_GSA:?set OPERATOR_PROXY_GSA to the e-mail of the operator-proxy Google service account}"

# user-gsa-writer: build tasks push the built image and pull layers
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member "serviceAccount:${USER_GSA}" \
  --role roles/artifactregistry.writer \
  --condition=None

# node-sa-reader: nodes pull the built images
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member "serviceAccount:${NODE_SA}" \
  --role roles/artifactregistry.reader \
  --condition=None

# operator-proxy-gsa-reader: the operator-proxy checks which images exist
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member "serviceAccount:${OPERATOR_PROXY_GSA}" \
  --role roles/artifactregistry.reader \
  --condition=None

# user-gsa-token-creator: build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)
gcloud iam service-accounts add-iam-policy-binding \
  "${USER_GSA}" \
  --member "serviceAccount:${USER_GSA}" \
  --role roles/iam.serviceAccountTokenCreator \
  --condition=None

# user-gsa-workload-identity: Workload Identity: union/union acts as the user GSA
gcloud iam service-accounts add-iam-policy-binding \
  "${USER_GSA}" \
  --member 'serviceAccount:union-dp.svc.id.goog[union/union]' \
  --role roles/iam.workloadIdentityUser \
  --condition=None

# Set on the Kubernetes side (chartgen cannot apply it for you):
printf '%s\n' \
  'Set on the Kubernetes side (the service accounts build tasks run as map to the user GSA):' \
  'the data-plane values annotate the service accounts build tasks run as:' \
  '  userRoleAnnotationKey: iam.gke.io/gcp-service-account' \
  "  userRoleAnnotationValue: ${USER_GSA}" \
  'service accounts:' \
  '  union/union'
