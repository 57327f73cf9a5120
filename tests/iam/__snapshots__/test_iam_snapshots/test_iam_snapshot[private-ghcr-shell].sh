#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: ghcr.io/acme/union-images
# ghcr.io/acme/union-images is on GitHub Container Registry: builds push there with a registry
# credential kept in a Union image_pull secret, not with cloud IAM.
# GitHub Container Registry: log in with a personal access token (classic) that has the
# write:packages scope: docker login ghcr.io -u YOUR_GITHUB_USER.
# Scope: builds run in the project and domain of the run, and the push secret must be readable
# there. flyte creates image_pull secrets tenant-wide (it refuses --project and --domain for
# them), so every project and domain can use this one; a secret scoped to one project or domain
# (Terraform unionai_secret with project/domain) serves only builds of runs there.

# Placeholders: set each before running, or the script stops.
: "${IMAGE_PULL_SECRET:?set IMAGE_PULL_SECRET to the name of the Union image_pull secret that holds the registry credential}"

# image-pull-secret: after docker login ghcr.io on this machine: build tasks push with it, task
# pods pull with it (tenant-wide)
flyte create secret \
  --type image_pull \
  --from-docker-config \
  --registries ghcr.io \
  "${IMAGE_PULL_SECRET}"

# The image definition: the build pushes with the secret (registry= may be left out,
# defaultRepository names it)
printf '%s\n' \
  'image = flyte.Image.from_debian_base(' \
  '    registry="ghcr.io/acme/union-images",' \
  '    name="my-image",' \
  "    registry_secret=\"${IMAGE_PULL_SECRET}\"," \
  ')'

# The task environment: its pods pull the image with the same secret
printf '%s\n' \
  'env = flyte.TaskEnvironment(' \
  '    name="my-env",' \
  '    image=image,' \
  "    secrets=[\"${IMAGE_PULL_SECRET}\"]," \
  ')'
