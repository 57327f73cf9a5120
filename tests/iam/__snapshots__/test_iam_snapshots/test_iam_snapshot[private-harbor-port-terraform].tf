# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: harbor.internal.example:8443/union/images
# For the unionai/unionai provider (the Union secret).
# harbor.internal.example:8443/union/images is on a self-hosted registry: builds push there with a
# registry credential kept in a Union image_pull secret, not with cloud IAM.
# harbor.internal.example:8443 is a self-hosted registry (Harbor and the like): log in as a robot
# or service account that may push to union/images: docker login harbor.internal.example:8443.
# buildkitd and the nodes must trust its TLS certificate.
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
  description = "The user name that logs in to harbor.internal.example:8443."
  type        = string
}

variable "registry_password" {
  description = "The password or access token that logs in to harbor.internal.example:8443 (push rights)."
  type        = string
  sensitive   = true
}

# image-pull-secret: after docker login harbor.internal.example:8443 on this machine: build tasks
# push with it, task pods pull with it (tenant-wide). No project or domain: tenant-wide.
resource "unionai_secret" "image_pull_secret" {
  name = "harbor-robot"
  type = "image_pull_secret"
  value = jsonencode({
    auths = {
      "harbor.internal.example:8443" = {
        username = var.registry_username
        password = var.registry_password
      }
    }
  })
}

output "image_definition" {
  description = "The image definition: the build pushes with the secret (registry= may be left out, defaultRepository names it)"
  value       = "image = flyte.Image.from_debian_base(\n    registry=\"harbor.internal.example:8443/union/images\",\n    name=\"my-image\",\n    registry_secret=\"harbor-robot\",\n)"
}

output "task_environment" {
  description = "The task environment: its pods pull the image with the same secret"
  value       = "env = flyte.TaskEnvironment(\n    name=\"my-env\",\n    image=image,\n    secrets=[\"harbor-robot\"],\n)"
}
