#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json).
#
#   scripts/mutation.sh [decisions|sdk|queue|election|finalizers|sandbox|all]     (default: decisions)
#
#   decisions  the operator's pure decision code (lifecycle step, approval, cordon admissions, pod filters, label
#              selector, deadlines, retry delay, options validation) against test/DrainSafe.Operator.Tests/Unit only
#   sdk        the runtime's work queue, leader election and finalizer path against test/DrainSafe.Operator.Sdk.Tests
#   queue      the work queue and its backoff alone (a part of sdk), against the Queue unit tests only
#   election   leader election alone (a part of sdk), against the LeaderElection unit tests only (fake clocks, no
#              cluster; the integration LeaderElectionTests stay in sdk)
#   finalizers the finalizer path alone (a part of sdk)
#   sandbox    the sandbox's eviction rules against test/DrainSafe.Sandbox.Tests
#
# Reports (html, json, markdown) go to artifacts/mutation/<target>/ (gitignored); MUTATION_OUTPUT overrides the root.
# It runs niced with concurrency 1 (MUTATION_CONCURRENCY overrides): the machine is shared.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
output_root="${MUTATION_OUTPUT:-$root/artifacts/mutation}"
concurrency="${MUTATION_CONCURRENCY:-1}"
target="${1:-decisions}"

cd "$root"
dotnet tool restore >/dev/null

run() {
    local name="$1" test_project="$2" project="$3" filter="$4"
    shift 4
    local mutate=()
    for glob in "$@"; do
        mutate+=(--mutate "$glob")
    done
    local out="$output_root/$name"
    rm -rf "$out"
    mkdir -p "$out"
    local filter_args=()
    if [[ -n "$filter" ]]; then
        filter_args=(--test-case-filter "$filter")
    fi
    echo "mutation: $name: stryker on $project, tests $test_project ${filter:+($filter)}, concurrency $concurrency"
    local start=$SECONDS
    (cd "$root/$test_project" && nice -n 15 dotnet dotnet-stryker \
        --project "$project" \
        --concurrency "$concurrency" \
        --output "$out" \
        --reporter Progress --reporter ClearText --reporter Html --reporter Json --reporter Markdown \
        --skip-version-check \
        "${filter_args[@]}" \
        "${mutate[@]}")
    echo "mutation: $name: $((SECONDS - start)) s; reports in $out/reports"
}

decisions() {
    run decisions test/DrainSafe.Operator.Tests DrainSafe.Operator.csproj \
        'FullyQualifiedName~DrainSafe.Operator.Tests.Unit' \
        '**/Lifecycle/MaintenanceLifecycle.cs' \
        '**/Lifecycle/ApprovableEvents.cs' \
        '**/Lifecycle/CordonAdmissions.cs' \
        '**/Lifecycle/PeerMaintenance.cs' \
        '**/Lifecycle/MaintenanceConditions.cs' \
        '**/Drain/PodFilters.cs' \
        '**/Drain/PodLabelSelector.cs' \
        '**/Drain/DrainDeadline.cs' \
        '**/Drain/RetryDelay.cs' \
        '**/Drain/DrainPolicy.cs' \
        '**/Options/DrainSafeOptions.cs' \
        '**/Options/DrainSafeOptionsValidator.cs' \
        '**/Options/ConcurrencyLimit.cs' \
        '**/Options/FluentValidateOptions.cs'
}

# The finalizer path is the part of the reconciler from ReconcileLivingAsync (attach) to the end of FinalizeAsync (run,
# detach); the rest of the reconciler is out of scope here. Stryker's span suffix {first..last} counts characters, not
# lines, so the span is found in the file as it is now: from ReconcileLivingAsync to the first logging declaration.
finalizer_path_span() {
    local file="$root/DrainSafe.Operator.Sdk/Reconcile/EntityReconciler{TEntity}.cs"
    local first last
    first=$(grep -bo 'private async Task<ReconcileOutcome> ReconcileLivingAsync' "$file" | head -1 | cut -d: -f1)
    last=$(grep -bo '\[LoggerMessage' "$file" | head -1 | cut -d: -f1)
    if [[ -z "$first" || -z "$last" || "$first" -ge "$last" ]]; then
        echo "mutation: cannot find the finalizer path in $file" >&2
        exit 2
    fi
    echo "{$first..$((last - 1))}"
}

sdk() {
    run sdk test/DrainSafe.Operator.Sdk.Tests DrainSafe.Operator.Sdk.csproj \
        'FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Queue|FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection|FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Finalizers|FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Integration.FinalizerTests|FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Integration.LeaderElectionTests' \
        '**/Queue/*.cs' \
        '**/LeaderElection/*.cs' \
        '**/Finalizers/*.cs' \
        "**/Reconcile/EntityReconciler*.cs$(finalizer_path_span)"
}

# The work queue alone (part of sdk), for a quick look after a change there.
queue() {
    run queue test/DrainSafe.Operator.Sdk.Tests DrainSafe.Operator.Sdk.csproj \
        'FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Queue' \
        '**/Queue/*.cs'
}

# Leader election alone (part of sdk), for a quick look after a change there.
election() {
    run election test/DrainSafe.Operator.Sdk.Tests DrainSafe.Operator.Sdk.csproj \
        'FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.LeaderElection' \
        '**/LeaderElection/*.cs'
}

# The finalizer path alone (part of sdk), for a quick look after a change there.
finalizers() {
    run finalizers test/DrainSafe.Operator.Sdk.Tests DrainSafe.Operator.Sdk.csproj \
        'FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Finalizers|FullyQualifiedName~DrainSafe.Operator.Sdk.Tests.Runtime.Integration.FinalizerTests' \
        '**/Finalizers/*.cs' \
        "**/Reconcile/EntityReconciler*.cs$(finalizer_path_span)"
}

sandbox() {
    run sandbox test/DrainSafe.Sandbox.Tests DrainSafe.Sandbox.csproj \
        'FullyQualifiedName~DrainSafe.Sandbox.Tests.World.EvictionPolicyTests|FullyQualifiedName~DrainSafe.Sandbox.Tests.World.PdbStatusCalculatorTests' \
        '**/World/Disruption/DisruptionBudgetEvictionPolicy.cs' \
        '**/World/Disruption/PdbStatusCalculator.cs'
}

case "$target" in
    decisions) decisions ;;
    sdk) sdk ;;
    queue) queue ;;
    election) election ;;
    finalizers) finalizers ;;
    sandbox) sandbox ;;
    all) decisions; sdk; sandbox ;;
    *) echo "usage: scripts/mutation.sh [decisions|sdk|queue|election|finalizers|sandbox|all]" >&2; exit 2 ;;
esac
