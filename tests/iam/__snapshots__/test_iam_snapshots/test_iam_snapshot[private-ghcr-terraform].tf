# chartgen iam-policy: authenticationType noop uses no cloud IAM for the Image Builder.
# Repository: ghcr.io/acme/union-images
# For the unionai/unionai provider (the Union secret).
# ghcr.io/acme/union-images is on GitHub Container Registry: builds push there with a registry
# credential kept in a Union image_pull secret, not with cloud IAM.
# GitHub Container Registry: log in with a personal access token (classic) that has the
# write:packages scope: docker login ghcr.io -u YOUR_GITHUB_USER.
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

variable "image_pull_secret" {
  description = "The name of the Union image_pull secret that holds the registry credential."
  type        = string
}

variable "registry_username" {
  description = "The user name that logs in to ghcr.io."
  type        = string
}

variable "registry_password" {
  description = "The password or access token that logs in to ghcr.io (push rights)."
  type        = string
  sensitive   = true
}

# image-pull-secret: after docker login ghcr.io on this machine: build tasks push with it, task
# pods pull with it (tenant-wide). No project or domain: tenant-wide.
resource "unionai_secret" "image_pull_secret" {
  name = var.image_pull_secret
  type = "image_pull_secret"
  value = jsonencode({
    auths = {
      "ghcr.io" = {
        username = var.registry_username
        password = var.registry_password
      }
    }
  })
}

output "image_definition" {
  description = "The image definition: the build pushes with the secret (registry= may be left out, defaultRepository names it)"
  value       = "image = flyte.Image.from_debian_base(\n    registry=\"ghcr.io/acme/union-images\",\n    name=\"my-image\",\n    registry_secret=\"${var.image_pull_secret}\",\n)"
}

output "task_environment" {
  description = "The task environment: its pods pull the image with the same secret"
  value       = "env = flyte.TaskEnvironment(\n    name=\"my-env\",\n    image=image,\n    secrets=[\"${var.image_pull_secret}\"],\n)"
}
