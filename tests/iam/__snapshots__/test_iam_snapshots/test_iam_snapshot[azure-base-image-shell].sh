#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: least-privilege IAM for the Image Builder (azure).
# Repository: uniondp.azurecr.io
# Build identities: the namespaces given with --build-namespace.
# An identity given by name is looked up in --resource-group; pass its resource ID if it lives
# elsewhere.

# Placeholders: set each before running, or the script stops.
: "${BASE_REGISTRY_SUBSCRIPTION_ID:?set BASE_REGISTRY_SUBSCRIPTION_ID to the subscription ID of the base image registry}"
: "${BASE_REGISTRY_RESOURCE_GROUP:?set BASE_REGISTRY_RESOURCE_GROUP to the resource group of the base image registry}"

# The principalId of the user identity.
USER_IDENTITY_PRINCIPAL_ID="$(az identity show --name union-user --resource-group union-rg --subscription 11111111-2222-3333-4444-555555555555 --query principalId --output tsv)"

# user-acrpush: build tasks push the built image and pull layers
az role assignment create \
  --assignee-object-id "${USER_IDENTITY_PRINCIPAL_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 8311e382-0749-4cb8-b61a-304f252e45ec \
  --scope /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp

# kubelet-acrpull: nodes pull the built images
az role assignment create \
  --assignee-object-id 99999999-8888-7777-6666-555555555555 \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp

# The principalId of the operator-proxy identity.
OPERATOR_PROXY_IDENTITY_PRINCIPAL_ID="$(az identity show --name union-operator-proxy --resource-group union-rg --subscription 11111111-2222-3333-4444-555555555555 --query principalId --output tsv)"

# operator-proxy-acrpull: the operator-proxy checks which images exist
az role assignment create \
  --assignee-object-id "${OPERATOR_PROXY_IDENTITY_PRINCIPAL_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/union-rg/providers/Microsoft.ContainerRegistry/registries/uniondp

# user-base-image-acrpull: pull the private base image
az role assignment create \
  --assignee-object-id "${USER_IDENTITY_PRINCIPAL_ID}" \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope "/subscriptions/${BASE_REGISTRY_SUBSCRIPTION_ID}/resourceGroups/${BASE_REGISTRY_RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/baseimages"

# kubelet-base-image-acrpull: pull the private base image
az role assignment create \
  --assignee-object-id 99999999-8888-7777-6666-555555555555 \
  --assignee-principal-type ServicePrincipal \
  --role 7f951dda-4ed3-4680-a7ca-43fe172d538d \
  --scope "/subscriptions/${BASE_REGISTRY_SUBSCRIPTION_ID}/resourceGroups/${BASE_REGISTRY_RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/baseimages"

# user-federated-credential: Workload Identity: flytesnacks-development/default signs in as the
# user identity
az identity federated-credential create \
  --name image-builder-flytesnacks-development-default \
  --identity-name union-user \
  --resource-group union-rg \
  --subscription 11111111-2222-3333-4444-555555555555 \
  --issuer https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/abcdef/ \
  --subject system:serviceaccount:flytesnacks-development:default \
  --audiences api://AzureADTokenExchange

# The clientId of the user identity.
USER_IDENTITY_CLIENT_ID="$(az identity show --name union-user --resource-group union-rg --subscription 11111111-2222-3333-4444-555555555555 --query clientId --output tsv)"

# Set on the Kubernetes side (chartgen cannot apply it for you):
printf '%s\n' \
  'Set on the Kubernetes side (the service accounts build tasks run as sign in as the user identity):' \
  'the data-plane values annotate the service accounts build tasks run as:' \
  '  userRoleAnnotationKey: azure.workload.identity/client-id' \
  "  userRoleAnnotationValue: ${USER_IDENTITY_CLIENT_ID}" \
  'service accounts:' \
  '  flytesnacks-development/default' \
  'labels of the pods that use them:' \
  '  azure.workload.identity/use: "true"'
