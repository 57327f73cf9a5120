# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: docker.io/acme/union-images
# For the unionai/unionai provider (the Union secret).
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

terraform {
  required_providers {
    unionai = {
      source = "unionai/unionai"
    }
  }
}

variable "registry_username" {
  description = "The user name that logs in to docker.io."
  type        = string
}

variable "registry_password" {
  description = "The password or access token that logs in to docker.io (push rights)."
  type        = string
  sensitive   = true
}

# image-pull-secret: after docker login docker.io on this machine: build tasks push with it, task
# pods pull with it (tenant-wide). No project or domain: tenant-wide.
resource "unionai_secret" "image_pull_secret" {
  name = "docker-hub"
  type = "image_pull_secret"
  value = jsonencode({
    auths = {
      "https://index.docker.io/v1/" = {
        username = var.registry_username
        password = var.registry_password
      }
    }
  })
}

output "image_definition" {
  description = "The image definition: the build pushes with the secret (registry= may be left out, defaultRepository names it)"
  value       = "image = flyte.Image.from_debian_base(\n    registry=\"docker.io/acme/union-images\",\n    name=\"my-image\",\n    registry_secret=\"docker-hub\",\n)"
}

output "task_environment" {
  description = "The task environment: its pods pull the image with the same secret"
  value       = "env = flyte.TaskEnvironment(\n    name=\"my-env\",\n    image=image,\n    secrets=[\"docker-hub\"],\n)"
}
