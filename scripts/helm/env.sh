#!/usr/bin/env bash
# Prints (or, when sourced, exports) where the packaging tests find helm; the tests read the same variable
# and fall back to the same default, then to helm on PATH.
#   eval "$(scripts/helm/env.sh)"    or    . scripts/helm/env.sh
export DRAINSAFE_TOOLS_CACHE="${DRAINSAFE_TOOLS_CACHE:-/var/cache/drainsafe}"
export DRAINSAFE_HELM="${DRAINSAFE_HELM:-$DRAINSAFE_TOOLS_CACHE/helm/v3.18.0/helm}"
printf 'export %s=%q\n' DRAINSAFE_HELM "$DRAINSAFE_HELM"
