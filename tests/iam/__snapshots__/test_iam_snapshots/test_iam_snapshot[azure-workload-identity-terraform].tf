# chartgen iam-policy: least-privilege IAM for the Image Builder (azure).
# Repository: uniondp.azurecr.io
# For the hashicorp/azurerm provider 4.x (5.x replaces parent_id and resource_group_name of
# azurerm_federated_identity_credential with user_assigned_identity_id).
# Build identities: the namespaces given with --build-namespace.
# An identity given by name is looked up in --resource-group; pass its resource ID if it lives
# elsewhere.

# the user identity, in subscription 11111111-2222-3333-4444-555555555555
data "azurerm_user_assigned_identity" "user" {
  name                = "union-user"
  resource_group_name = "union-rg"
}

# user-acrpush: AcrPush for the user identity: build tasks push the built image and pull layers
resource "azurerm_role_assignment" "user_acrpush" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/8311e382-0749-4cb8-b61a-304f252e45ec"
  principal_id       = data.azurerm_user_assigned_identity.user.principal_id
  principal_type     = "ServicePrincipal"
}

# kubelet-acrpull: AcrPull for the kubelet identity: nodes pull the built images
resource "azurerm_role_assignment" "kubelet_acrpull" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"
  principal_id       = "99999999-8888-7777-6666-555555555555"
  principal_type     = "ServicePrincipal"
}

# the operator-proxy identity, in subscription 11111111-2222-3333-4444-555555555555
data "azurerm_user_assigned_identity" "operator_proxy" {
  name                = "union-operator-proxy"
  resource_group_name = "union-rg"
}

# operator-proxy-acrpull: AcrPull for the operator-proxy identity: the operator-proxy checks which
# images exist
resource "azurerm_role_assignment" "operator_proxy_acrpull" {
  scope              = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp"
  role_definition_id = "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d"
  principal_id       = data.azurerm_user_assigned_identity.operator_proxy.principal_id
  principal_type     = "ServicePrincipal"
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
