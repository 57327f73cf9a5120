#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: docker.io/acme/union-images
# docker.io/acme/union-images is on Docker Hub: builds push there with a registry credential kept
# in a Union image_pull secret, not with cloud IAM.
# Docker Hub: docker login stores the credential under https://index.docker.io/v1/, so that is the
# name --registries takes (docker.io finds nothing).
# Docker Hub pull limits: unauthenticated pulls are limited to 10 per hour per IPv4 address (or
# IPv6 /64), a free Personal account to 100 per hour. Nodes and buildkitd behind one NAT address
# exhaust the anonymous limit quickly: mount the secret on every task environment (secrets=[...])
# so their pulls authenticate, and give buildkitd's own image a pull secret
# (imageBuilder.buildkit.serviceAccount.imagePullSecret).
# Docker Hub repositories: every image name is a repository of its own
# (docker.io/NAMESPACE/IMAGE), and a free Personal account may hold only one private repository.
# Scope: builds run in the project and domain of the run, and the push secret must be readable
# there. flyte creates image_pull secrets tenant-wide (it refuses --project and --domain for
# them), so every project and domain can use this one; a secret scoped to one project or domain
# (Terraform unionai_secret with project/domain) serves only builds of runs there.

# image-pull-secret: after docker login docker.io on this machine: build tasks push with it, task
# pods pull with it (tenant-wide)
flyte create secret \
  --type image_pull \
  --from-docker-config \
  --registries https://index.docker.io/v1/ \
  docker-hub

# The image definition: the build pushes with the secret (registry= may be left out,
# defaultRepository names it)
printf '%s\n' \
  'image = flyte.Image.from_debian_base(' \
  '    registry="docker.io/acme/union-images",' \
  '    name="my-image",' \
  '    registry_secret="docker-hub",' \
  ')'

# The task environment: its pods pull the image with the same secret
printf '%s\n' \
  'env = flyte.TaskEnvironment(' \
  '    name="my-env",' \
  '    image=image,' \
  '    secrets=["docker-hub"],' \
  ')'
