#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: harbor.internal.example:8443/union/images
# harbor.internal.example:8443/union/images is on a self-hosted registry: builds push there with a
# registry credential kept in a Union image_pull secret, not with cloud IAM.
# harbor.internal.example:8443 is a self-hosted registry (Harbor and the like): log in as a robot
# or service account that may push to union/images: docker login harbor.internal.example:8443.
# buildkitd and the nodes must trust its TLS certificate.
# Scope: builds run in the project and domain of the run, and the push secret must be readable
# there. flyte creates image_pull secrets tenant-wide (it refuses --project and --domain for
# them), so every project and domain can use this one; a secret scoped to one project or domain
# (Terraform unionai_secret with project/domain) serves only builds of runs there.

# image-pull-secret: after docker login harbor.internal.example:8443 on this machine: build tasks
# push with it, task pods pull with it (tenant-wide)
flyte create secret \
  --type image_pull \
  --from-docker-config \
  --registries harbor.internal.example:8443 \
  harbor-robot

# The image definition: the build pushes with the secret (registry= may be left out,
# defaultRepository names it)
printf '%s\n' \
  'image = flyte.Image.from_debian_base(' \
  '    registry="harbor.internal.example:8443/union/images",' \
  '    name="my-image",' \
  '    registry_secret="harbor-robot",' \
  ')'

# The task environment: its pods pull the image with the same secret
printf '%s\n' \
  'env = flyte.TaskEnvironment(' \
  '    name="my-env",' \
  '    image=image,' \
  '    secrets=["harbor-robot"],' \
  ')'
