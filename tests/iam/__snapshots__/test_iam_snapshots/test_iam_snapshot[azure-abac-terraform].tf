# chartgen iam-policy: least-privilege IAM for the Image Builder (azure).
# Repository: uniondp.azurecr.io/builds
# For the hashicorp/azurerm provider 4.x (5.x replaces parent_id and resource_group_name of
# azurerm_federated_identity_credential with user_assigned_identity_id).
# ABAC-enabled registry: AcrPush/AcrPull are not honoured there; the repository-scoped roles are
# conditioned on the repository name (condition version 2.0).
# Build identities: the namespaces given with --build-namespace.
# An identity given by name is looked up in --resource-group; pass its resource ID if it lives
# elsewhere.

# the user identity, in subscription 11111111-2222-3333-4444-555555555555
data "azurerm_user_assigned_identity" "user" {
  name                = "union-user"
  resource_group_name = "union-rg"
}

# user-writer: Container Registry Repository Writer for the user identity: build tasks push the
# built image and pull layers
resource "azurerm_role_assignment" "user_writer" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/2a1e307c-b015-4ebd-883e-5b7698a07328"
  principal_id       = data.azurerm_user_assigned_identity.user.principal_id
  principal_type     = "ServicePrincipal"
  condition          = "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/write'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/write'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'builds' OR @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'builds/'))"
  condition_version  = "2.0"
}

# kubelet-reader: Container Registry Repository Reader for the kubelet identity: nodes pull the
# built images
resource "azurerm_role_assignment" "kubelet_reader" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac"
  principal_id       = "99999999-8888-7777-6666-555555555555"
  principal_type     = "ServicePrincipal"
  condition          = "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'builds' OR @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'builds/'))"
  condition_version  = "2.0"
}

# the operator-proxy identity, in subscription 11111111-2222-3333-4444-555555555555
data "azurerm_user_assigned_identity" "operator_proxy" {
  name                = "union-operator-proxy"
  resource_group_name = "union-rg"
}

# operator-proxy-reader: Container Registry Repository Reader for the operator-proxy identity: the
# operator-proxy checks which images exist
resource "azurerm_role_assignment" "operator_proxy_reader" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/b93aa761-3e63-49ed-ac28-beffa264f7ac"
  principal_id       = data.azurerm_user_assigned_identity.operator_proxy.principal_id
  principal_type     = "ServicePrincipal"
  condition          = "((!(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/content/read'}) AND !(ActionMatches{'Microsoft.ContainerRegistry/registries/repositories/metadata/read'})) OR (@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'builds' OR @Request[Microsoft.ContainerRegistry/registries/repositories:name] StringStartsWithIgnoreCase 'builds/'))"
  condition_version  = "2.0"
}

# user-federated-credential: Workload Identity: flytesnacks-development/default signs in as the
# user identity
resource "azurerm_federated_identity_credential" "user_federated_credential" {
  name                = "image-builder-flytesnacks-development-default"
  resource_group_name = "union-rg"
  parent_id           = data.azurerm_user_assigned_identity.user.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/abcdef/"
  subject             = "system:serviceaccount:flytesnacks-development:default"
}

output "user_workload" {
  description = "Set on the Kubernetes side: the service accounts build tasks run as sign in as the user identity."
  value = {
    service_accounts = [
      {
        namespace = "flytesnacks-development"
        name      = "default"
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
