#!/usr/bin/env bash
# Prints (or, when sourced, exports) where the real kube-apiserver tier finds its binaries.
# The conformance fixture reads the same variables and falls back to the same defaults.
#   eval "$(scripts/real-apiserver/env.sh)"    or    . scripts/real-apiserver/env.sh
export DRAINSAFE_TOOLS_CACHE="${DRAINSAFE_TOOLS_CACHE:-/var/cache/drainsafe}"
export DRAINSAFE_KUBE_APISERVER="${DRAINSAFE_KUBE_APISERVER:-$DRAINSAFE_TOOLS_CACHE/kube-apiserver-v1.20.2/kube-apiserver}"
export DRAINSAFE_ETCD="${DRAINSAFE_ETCD:-/usr/bin/etcd}"
export DRAINSAFE_ETCDCTL="${DRAINSAFE_ETCDCTL:-/usr/bin/etcdctl}"
for name in DRAINSAFE_TOOLS_CACHE DRAINSAFE_KUBE_APISERVER DRAINSAFE_ETCD DRAINSAFE_ETCDCTL; do
  printf 'export %s=%q\n' "$name" "${!name}"
done
