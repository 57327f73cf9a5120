# chartgen iam-policy: least-privilege IAM for the Image Builder (gcp).
# Repository: us-central1-docker.pkg.dev/union-dp/union-dataplane
# For the hashicorp/google provider.
# Build identities: the namespaces given with --build-namespace.

# user-gsa-writer: build tasks push the built image and pull layers
resource "google_artifact_registry_repository_iam_member" "user_gsa_writer" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:union-user@union-dp.iam.gserviceaccount.com"
}

# node-sa-reader: nodes pull the built images
resource "google_artifact_registry_repository_iam_member" "node_sa_reader" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:123456789012-compute@developer.gserviceaccount.com"
}

# operator-proxy-gsa-reader: the operator-proxy checks which images exist
resource "google_artifact_registry_repository_iam_member" "operator_proxy_gsa_reader" {
  project    = "union-dp"
  location   = "us-central1"
  repository = "union-dataplane"
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:union-operator-proxy@union-dp.iam.gserviceaccount.com"
}

# user-gsa-token-creator: build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)
resource "google_project_iam_member" "user_gsa_token_creator" {
  project = "union-dp"
  role    = "roles/iam.serviceAccountTokenCreator"
  member  = "serviceAccount:union-user@union-dp.iam.gserviceaccount.com"
}

# user-gsa-workload-identity: Workload Identity: flytesnacks-development/default acts as the user
# GSA
resource "google_service_account_iam_member" "user_gsa_workload_identity" {
  service_account_id = "projects/union-dp/serviceAccounts/union-user@union-dp.iam.gserviceaccount.com"
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:union-dp.svc.id.goog[flytesnacks-development/default]"
}

output "user_workload" {
  description = "Set on the Kubernetes side: the service accounts build tasks run as map to the user GSA."
  value = {
    service_accounts = [
      {
        namespace = "flytesnacks-development"
        name      = "default"
      },
    ]
    values = {
      userRoleAnnotationKey   = "iam.gke.io/gcp-service-account"
      userRoleAnnotationValue = "union-user@union-dp.iam.gserviceaccount.com"
    }
  }
}
