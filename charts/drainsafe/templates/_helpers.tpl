{{/* Labels on every object; the component ones match config/. */}}
{{- define "drainsafe.labels" -}}
app.kubernetes.io/part-of: drainsafe
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "drainsafe.operator.selector" -}}
app.kubernetes.io/name: drainsafe-operator
app.kubernetes.io/component: operator
{{- end }}

{{- define "drainsafe.agent.selector" -}}
app.kubernetes.io/name: drainsafe-agent
app.kubernetes.io/component: agent
{{- end }}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Call with (dict "image" .Values.x.image "root" .). */}}
{{- define "drainsafe.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/*
Environment variables for .NET configuration from a map of values: {drainLeadTime: "00:30:00"} under the prefix
DrainSafe gives DrainSafe__DrainLeadTime; nested maps nest (Operator__LeaderElection__Enabled). Null values are
left out, so the process default applies. Call with (dict "prefix" "DrainSafe" "values" .Values.operator.options).
*/}}
{{- define "drainsafe.env" -}}
{{- $prefix := .prefix }}
{{- range $key, $value := .values }}
{{- $name := printf "%s__%s" $prefix (title $key) }}
{{- if kindIs "map" $value }}
{{- include "drainsafe.env" (dict "prefix" $name "values" $value) }}
{{- else if not (kindIs "invalid" $value) }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* The container security context of both components. */}}
{{- define "drainsafe.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
