#!/usr/bin/env bash
# Installs what the real kube-apiserver conformance tier needs (test/DrainSafe.Conformance.Tests, Category=RealApiServer):
#   - etcd-server and etcd-client (etcd 3.4 from Debian bookworm),
#   - kube-apiserver v1.20.2, built from Debian bookworm's source package `kubernetes` with Debian's Go 1.19,
#     with the vendored modern-go/reflect2 1.0.1 replaced by Debian's 1.0.2 (1.0.1 crashes under Go 1.18+).
# Idempotent: the binary is cached outside the repository, keyed by version, and reused on later runs;
# apt-get runs only when something is missing. Needs root (apt-get) for a cold install.
#
# Environment:
#   DRAINSAFE_TOOLS_CACHE   cache directory (default /var/cache/drainsafe)
#   DRAINSAFE_BUILD_NICE    niceness of the build (default 19)
set -euo pipefail

readonly K8S_VERSION=v1.20.2
readonly DEB_SOURCE_VERSION=1.20.5+really1.20.2-1.1+deb12u1
readonly GO_PACKAGE=golang-1.19-go
readonly GO_ROOT=/usr/lib/go-1.19
readonly REFLECT2_PACKAGE=golang-github-modern-go-reflect2-dev
readonly REFLECT2_SOURCE=/usr/share/gocode/src/github.com/modern-go/reflect2

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$script_dir/env.sh" >/dev/null

cache_dir=$DRAINSAFE_TOOLS_CACHE
apiserver=$DRAINSAFE_KUBE_APISERVER
nice_level=${DRAINSAFE_BUILD_NICE:-19}
started=$(date +%s)

log() { printf '[real-apiserver] %s\n' "$*" >&2; }
fail() {
  log "ERROR: $*"
  log "The real kube-apiserver tier cannot run. Fix the cause above and rerun $0 (as root)."
  exit 1
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=false
apt_update_once() {
  if [ "$apt_updated" = false ]; then
    log "apt-get update"
    apt-get update -qq || fail "apt-get update failed"
    apt_updated=true
  fi
}

apt_install() {
  local missing=()
  local p
  for p in "$@"; do is_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "packages ${missing[*]} are missing and installing them needs root"
  apt_update_once
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
}

# apt-get source needs a deb-src entry for bookworm (and bookworm-security, which carries +deb12u1).
ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ \
     && apt-cache showsrc kubernetes 2>/dev/null | grep -q "^Version: .*really1.20.2"; then
    return 0
  fi
  local file=/etc/apt/sources.list.d/drainsafe-bookworm-src.sources
  if [ ! -f "$file" ]; then
    log "adding deb-src entries for bookworm in $file"
    cat >"$file" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt_updated=false
  fi
  apt_update_once
}

apiserver_is_usable() {
  [ -x "$apiserver" ] && "$apiserver" --version 2>/dev/null | grep -q "$K8S_VERSION"
}

build_apiserver() {
  [ "$(id -u)" -eq 0 ] || fail "kube-apiserver $K8S_VERSION is not in $cache_dir and building it needs root (apt-get)"
  apt_install "$GO_PACKAGE" "$REFLECT2_PACKAGE" rsync dpkg-dev make ca-certificates
  [ -x "$GO_ROOT/bin/go" ] || fail "$GO_PACKAGE installed but $GO_ROOT/bin/go is missing"
  [ -f "$REFLECT2_SOURCE/reflect2.go" ] || fail "$REFLECT2_PACKAGE installed but $REFLECT2_SOURCE is missing"
  ensure_deb_src

  local work=$cache_dir/build-$K8S_VERSION
  rm -rf "$work"
  mkdir -p "$work"
  log "fetching the Debian source package kubernetes ($DEB_SOURCE_VERSION) into $work"
  (cd "$work" && apt-get source -qq --only-source "kubernetes=$DEB_SOURCE_VERSION" >"$work/apt-source.log" 2>&1) \
    || { log "exact version unavailable, trying the newest bookworm kubernetes source"; \
         (cd "$work" && apt-get source -qq --only-source kubernetes >>"$work/apt-source.log" 2>&1); } \
    || { tail -20 "$work/apt-source.log" >&2; fail "apt-get source kubernetes failed"; }
  local src
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n 1)
  [ -n "$src" ] && [ -f "$src/Makefile" ] || fail "no unpacked kubernetes source with a Makefile in $work"

  # The vendored reflect2 1.0.1 reads runtime internals that moved in Go 1.18: use Debian's 1.0.2.
  local vendored=$src/vendor/github.com/modern-go/reflect2
  [ -d "$vendored" ] || fail "no vendored reflect2 at $vendored"
  log "replacing vendored modern-go/reflect2 with $(dpkg-query -W -f='${Version}' "$REFLECT2_PACKAGE")"
  rm -rf "$vendored"
  mkdir -p "$vendored"
  find -L "$REFLECT2_SOURCE" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' -o -name LICENSE \) ! -name '*_test.go' \
    -exec cp {} "$vendored/" \;

  log "building cmd/kube-apiserver (nice $nice_level, GOPATH mode, log: $work/build.log); takes ~8 min on 2 cores"
  (
    cd "$src"
    # The release tarball carries its version (hack/lib/version.sh), so no git checkout is needed.
    export PATH="$GO_ROOT/bin:$PATH" GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0 \
      GOCACHE="$work/gocache" HOME="$work"
    nice -n "$nice_level" make WHAT=cmd/kube-apiserver
  ) >"$work/build.log" 2>&1 || { tail -40 "$work/build.log" >&2; fail "building kube-apiserver failed (full log: $work/build.log)"; }

  local built
  built=$(find "$src/_output" -type f -name kube-apiserver -perm -u+x | head -n 1)
  [ -n "$built" ] || fail "the build finished but produced no kube-apiserver under $src/_output"
  install -D -m 0755 "$built" "$apiserver.tmp"
  mv -f "$apiserver.tmp" "$apiserver"
  apiserver_is_usable || fail "$apiserver was built but '--version' does not report $K8S_VERSION"
  rm -rf "$work"
}

mkdir -p "$cache_dir"
# One install at a time: a second caller waits for the first build instead of starting its own.
exec 9>"$cache_dir/.install.lock"
flock 9

apt_install etcd-server etcd-client openssl
command -v "$DRAINSAFE_ETCD" >/dev/null || fail "etcd-server installed but $DRAINSAFE_ETCD is missing"

if apiserver_is_usable; then
  log "reusing cached $apiserver"
else
  build_apiserver
fi

log "ready in $(( $(date +%s) - started )) s"
echo "kube-apiserver: $apiserver ($("$apiserver" --version))"
echo "etcd:           $DRAINSAFE_ETCD ($("$DRAINSAFE_ETCD" --version 2>/dev/null | head -n 1))"
echo "etcdctl:        $DRAINSAFE_ETCDCTL"
echo "kubectl:        $(command -v kubectl || echo 'not found (tests that shell out to kubectl are skipped)')"
