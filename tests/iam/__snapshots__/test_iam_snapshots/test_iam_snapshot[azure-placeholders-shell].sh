#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (azure).
# Repository: uniondp.azurecr.io
# Build identities: single-namespace mode: build tasks run in the release namespace union as the
# union service account.
# An identity given by name is looked up in --resource-group; pass its resource ID if it lives
# elsewhere.

# Placeholders: set each before running, or the script stops.
: "${USER_IDENTITY:?set USER_IDENTITY to the name of the user-assigned managed identity build tasks use}"
: "${RESOURCE_GROUP:?set RESOURCE_GROUP to the resource group of the registry}"
: "${SUBSCRIPTION_ID:?set SUBSCRIPTION_ID to the Azure subscription ID of the registry}"
: "${KUBELET_IDENTITY_OBJECT_ID:?set KUBELET_IDENTITY_OBJECT_ID to the object ID of the AKS kubelet identity, from az aks show --query identityProfile.kubeletidentity.objectId}"
: "${OPERATOR_PROXY_IDENTITY:?set OPERATOR_PROXY_IDENTITY to the name of the operator-proxy user-assigned managed identity}"
: "${OIDC_ISSUER:?set OIDC_ISSUER to the cluster OIDC issuer URL, from az aks show --query oidcIssuerProfile.issuerUrl}"

# The principalId of the user identity.
USER_IDENTITY_PRINCIPAL_ID="$(az identity show --name "${USER_IDENTITY}" --resource-group "${RESOURCE_GROUP}" --subscription "${SUBSCRIPTION_ID}" --query principalId --output tsv)"

# user-acrpush: build tasks push the built image and pull layers
az role assignment create \
  --assignee-object-id "${USER_IDENTITY_PRINCIPAL_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 8311e382-0749-4cb8-b61a-304f252e45ec \
  --scope "/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/uniondp"

# kubelet-acrpull: nodes pull the built images
az role assignment create \
  --assignee-object-id "${KUBELET_IDENTITY_OBJECT_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope "/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/uniondp"

# The principalId of the operator-proxy identity.
OPERATOR_PROXY_IDENTITY_PRINCIPAL_ID="$(az identity show --name "${OPERATOR_PROXY_IDENTITY}" --resource-group "${RESOURCE_GROUP}" --subscription "${SUBSCRIPTION_ID}" --query principalId --output tsv)"

# operator-proxy-acrpull: the operator-proxy checks which images exist
az role assignment create \
  --assignee-object-id "${OPERATOR_PROXY_IDENTITY_PRINCIPAL_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope "/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/uniondp"

# user-federated-credential: Workload Identity: union/union signs in as the user identity
az identity federated-credential create \
  --name image-builder-union-union \
  --identity-name "${USER_IDENTITY}" \
  --resource-group "${RESOURCE_GROUP}" \
  --subscription "${SUBSCRIPTION_ID}" \
  --issuer "${OIDC_ISSUER}" \
  --subject system:serviceaccount:union:union \
  --audiences api://AzureADTokenExchange

# The clientId of the user identity.
USER_IDENTITY_CLIENT_ID="$(az identity show --name "${USER_IDENTITY}" --resource-group "${RESOURCE_GROUP}" --subscription "${SUBSCRIPTION_ID}" --query clientId --output tsv)"

# Set on the Kubernetes side (chartgen cannot apply it for you):
printf '%s\n' \
  'Set on the Kubernetes side (the service accounts build tasks run as sign in as the user identity):' \
  'the data-plane values annotate the service accounts build tasks run as:' \
  '  userRoleAnnotationKey: azure.workload.identity/client-id' \
  "  userRoleAnnotationValue: ${USER_IDENTITY_CLIENT_ID}" \
  'service accounts:' \
  '  union/union' \
  'labels of the pods that use them:' \
  '  azure.workload.identity/use: "true"'
