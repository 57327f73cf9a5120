#!/usr/bin/env bash
set -euo pipefail
# chartgen iam-policy: authenticationType basic uses no cloud IAM for the Image Builder.
# Repository: 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane
# authenticationType basic: build tasks sign in to
# 111111111111.dkr.ecr.us-east-1.amazonaws.com/union-dataplane as x-token with the password in the
# secret DEPOT_TOKEN.
# That registry credential, not a cloud identity, must be allowed to push to and pull from the
# repository: nothing to grant in cloud IAM.
