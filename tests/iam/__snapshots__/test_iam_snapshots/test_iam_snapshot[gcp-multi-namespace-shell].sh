#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (gcp).
# Repository: us-central1-docker.pkg.dev/union-dp/union-dataplane
# Build identities: the namespaces given with --build-namespace.

# user-gsa-writer: build tasks push the built image and pull layers
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member serviceAccount:union-user@union-dp.iam.gserviceaccount.com \
  --role roles/artifactregistry.writer \
  --condition=None

# node-sa-reader: nodes pull the built images
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member serviceAccount:123456789012-compute@developer.gserviceaccount.com \
  --role roles/artifactregistry.reader \
  --condition=None

# operator-proxy-gsa-reader: the operator-proxy checks which images exist
gcloud artifacts repositories add-iam-policy-binding \
  union-dataplane \
  --project union-dp \
  --location us-central1 \
  --member serviceAccount:union-operator-proxy@union-dp.iam.gserviceaccount.com \
  --role roles/artifactregistry.reader \
  --condition=None

# user-gsa-token-creator: build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)
gcloud iam service-accounts add-iam-policy-binding \
  union-user@union-dp.iam.gserviceaccount.com \
  --member serviceAccount:union-user@union-dp.iam.gserviceaccount.com \
  --role roles/iam.serviceAccountTokenCreator \
  --condition=None

# user-gsa-workload-identity-flytesnacks-development: Workload Identity:
# flytesnacks-development/default acts as the user GSA
gcloud iam service-accounts add-iam-policy-binding \
  union-user@union-dp.iam.gserviceaccount.com \
  --member 'serviceAccount:union-dp.svc.id.goog[flytesnacks-development/default]' \
  --role roles/iam.workloadIdentityUser \
  --condition=None

# user-gsa-workload-identity-flytesnacks-production: Workload Identity:
# flytesnacks-production/default acts as the user GSA
gcloud iam service-accounts add-iam-policy-binding \
  union-user@union-dp.iam.gserviceaccount.com \
  --member 'serviceAccount:union-dp.svc.id.goog[flytesnacks-production/default]' \
  --role roles/iam.workloadIdentityUser \
  --condition=None

# Set on the Kubernetes side (chartgen cannot apply it for you):
printf '%s\n' \
  'Set on the Kubernetes side (the service accounts build tasks run as map to the user GSA):' \
  'the data-plane values annotate the service accounts build tasks run as:' \
  '  userRoleAnnotationKey: iam.gke.io/gcp-service-account' \
  '  userRoleAnnotationValue: union-user@union-dp.iam.gserviceaccount.com' \
  'service accounts:' \
  '  flytesnacks-development/default' \
  '  flytesnacks-production/default'
