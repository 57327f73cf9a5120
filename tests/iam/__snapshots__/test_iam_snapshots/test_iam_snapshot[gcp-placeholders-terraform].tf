# chartgen iam-policy: least-privilege IAM for the Image Builder (gcp).
# Repository: us-central1-docker.pkg.dev/union-dp/union-dataplane
# For the hashicorp/google provider.
# Build identities: single-namespace mode: build tasks run in the release namespace union as the
# union service account.

variable "user_gsa" {
  description = "The e-mail of the Google service account build tasks run as."
  type        = string
}

variable "node_sa" {
  description = "The e-mail of the GKE node service account."
  type        = string
}

variable "operator_proxy_gsa" {
  description = "The e-mail of the operator-proxy Google service account."
  type        = string
}

# user-gsa-writer: build tasks push the built image and pull layers
resource "google_artifact_registry_repository_iam_member" "user_gsa_writer" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${var.user_gsa}"
}

# node-sa-reader: nodes pull the built images
resource "google_artifact_registry_repository_iam_member" "node_sa_reader" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${var.node_sa}"
}

# operator-proxy-gsa-reader: the operator-proxy checks which images exist
resource "google_artifact_registry_repository_iam_member" "operator_proxy_gsa_reader" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${var.operator_proxy_gsa}"
}

# user-gsa-token-creator: build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)
resource "google_service_account_iam_member" "user_gsa_token_creator" {
  service_account_id = "projects/-/serviceAccounts/${var.user_gsa}"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${var.user_gsa}"
}

# user-gsa-workload-identity: Workload Identity: union/union acts as the user GSA
resource "google_service_account_iam_member" "user_gsa_workload_identity" {
  service_account_id = "projects/-/serviceAccounts/${var.user_gsa}"
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:union-dp.svc.id.goog[union/union]"
}

output "user_workload" {
  description = "Set on the Kubernetes side: the service accounts build tasks run as map to the user GSA."
  value = {
    service_accounts = [
      {
        namespace = "union"
        name      = "union"
      },
    ]
    values = {
      userRoleAnnotationKey   = "iam.gke.io/gcp-service-account"
      userRoleAnnotationValue = var.user_gsa
    }
  }
}
