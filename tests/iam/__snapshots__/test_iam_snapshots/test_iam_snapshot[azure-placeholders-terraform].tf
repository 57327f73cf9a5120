# chartgen iam-policy: least-privilege IAM for the Image Builder (azure).
# Repository: uniondp.azurecr.io
# For the hashicorp/azurerm provider 4.x (5.x replaces parent_id and resource_group_name of
# azurerm_federated_identity_credential with user_assigned_identity_id).
# Build identities: single-namespace mode: build tasks run in the release namespace union as the
# union service account.
# An identity given by name is looked up in --resource-group; pass its resource ID if it lives
# elsewhere.

variable "subscription_id" {
  description = "The Azure subscription ID of the registry."
  type        = string
}

variable "resource_group" {
  description = "The resource group of the registry."
  type        = string
}

variable "user_identity" {
  description = "The name of the user-assigned managed identity build tasks use."
  type        = string
}

variable "kubelet_identity_object_id" {
  description = "The object ID of the AKS kubelet identity, from az aks show --query identityProfile.kubeletidentity.objectId."
  type        = string
}

variable "operator_proxy_identity" {
  description = "The name of the operator-proxy user-assigned managed identity."
  type        = string
}

variable "oidc_issuer" {
  description = "The cluster OIDC issuer URL, from az aks show --query oidcIssuerProfile.issuerUrl."
  type        = string
}

# the user identity, in subscription var.subscription_id
data "azurerm_user_assigned_identity" "user" {
  name                = var.user_identity
  resource_group_name = var.resource_group
}

# user-acrpush: AcrPush for the user identity: build tasks push the built image and pull layers
resource "azurerm_role_assignment" "user_acrpush" {
  scope              = "/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec"
  principal_id       = data.azurerm_user_assigned_identity.user.principal_id
  principal_type     = "ServicePrincipal"
}

# kubelet-acrpull: AcrPull for the kubelet identity: nodes pull the built images
resource "azurerm_role_assignment" "kubelet_acrpull" {
  scope              = "/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"
  principal_id       = var.kubelet_identity_object_id
  principal_type     = "ServicePrincipal"
}

# the operator-proxy identity, in subscription var.subscription_id
data "azurerm_user_assigned_identity" "operator_proxy" {
  name                = var.operator_proxy_identity
  resource_group_name = var.resource_group
}

# operator-proxy-acrpull: AcrPull for the operator-proxy identity: the operator-proxy checks which
# images exist
resource "azurerm_role_assignment" "operator_proxy_acrpull" {
  scope              = "/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"
  principal_id       = data.azurerm_user_assigned_identity.operator_proxy.principal_id
  principal_type     = "ServicePrincipal"
}

# user-federated-credential: Workload Identity: union/union signs in as the user identity
resource "azurerm_federated_identity_credential" "user_federated_credential" {
  name                = "image-builder-union-union"
  resource_group_name = var.resource_group
  parent_id           = data.azurerm_user_assigned_identity.user.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = var.oidc_issuer
  subject             = "system:serviceaccount:union:union"
}

output "user_workload" {
  description = "Set on the Kubernetes side: the service accounts build tasks run as sign in as the user identity."
  value = {
    service_accounts = [
      {
        namespace = "union"
        name      = "union"
      },
    ]
    values = {
      userRoleAnnotationKey   = "azure.workload.identity/client-id"
      userRoleAnnotationValue = data.azurerm_user_assigned_identity.user.client_id
    }
    pod_labels = {
      "azure.workload.identity/use" = "true"
    }
  }
}
