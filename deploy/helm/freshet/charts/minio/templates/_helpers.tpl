{{/* Chart name. */}}
{{- define "minio.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name, at most 63 characters. The parent chart computes the same name to point the
services at this server: keep both in step (freshet.dependencyFullname).
*/}}
{{- define "minio.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "minio.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "minio.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: freshet
{{- end }}

{{- define "minio.selectorLabels" -}}
app.kubernetes.io/name: {{ include "minio.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: object-store
{{- end }}

{{- define "minio.image" -}}
{{- if .Values.image.registry -}}
{{ printf "%s/%s:%s" .Values.image.registry .Values.image.repository .Values.image.tag }}
{{- else -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag }}
{{- end -}}
{{- end }}

{{- define "minio.clusterDomain" -}}
{{- dig "clusterDomain" "cluster.local" (.Values.global | default dict) }}
{{- end }}

{{/* Pod security context: restricted settings always win over values. */}}
{{- define "minio.podSecurityContext" -}}
{{- $restricted := dict "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (merge $restricted (deepCopy .Values.podSecurityContext)) }}
{{- end }}

{{- define "minio.containerSecurityContext" -}}
{{- $restricted := dict "allowPrivilegeEscalation" false "readOnlyRootFilesystem" true "runAsNonRoot" true "capabilities" (dict "drop" (list "ALL")) }}
{{- toYaml (merge $restricted (deepCopy .Values.containerSecurityContext)) }}
{{- end }}

{{- define "minio.secretName" -}}
{{- .Values.auth.existingSecret | default (include "minio.fullname" .) }}
{{- end }}

{{- define "minio.secretUserKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretUserKey }}{{ else }}root-user{{ end }}
{{- end }}

{{- define "minio.secretPasswordKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretPasswordKey }}{{ else }}root-password{{ end }}
{{- end }}

{{/* The Secret of the registry's users: a writer (the trainer) and a reader (inference), each limited to the bucket. */}}
{{- define "minio.usersSecretName" -}}
{{- printf "%s-users" (include "minio.fullname" .) }}
{{- end }}

{{- define "minio.jobImage" -}}
{{- $image := .Values.bucketJob.image }}
{{- $registry := ternary $image.registry .Values.image.registry (ne $image.repository "") }}
{{- $repository := $image.repository | default .Values.image.repository }}
{{- $tag := ternary $image.tag .Values.image.tag (ne $image.repository "") | default .Values.image.tag }}
{{- if $registry }}{{ printf "%s/%s:%s" $registry $repository $tag }}{{ else }}{{ printf "%s:%s" $repository $tag }}{{ end }}
{{- end }}

{{- define "minio.endpoint" -}}
{{- printf "http://%s.%s.svc.%s:%v" (include "minio.fullname" .) .Release.Namespace (include "minio.clusterDomain" .) .Values.service.port }}
{{- end }}

{{/* Pull secrets from global.imagePullSecrets: names, or objects with a name. */}}
{{- define "minio.imagePullSecrets" -}}
{{- with (dig "imagePullSecrets" list (.Values.global | default dict)) }}
imagePullSecrets:
  {{- range . }}
  - name: {{ if kindIs "string" . }}{{ . }}{{ else }}{{ .name }}{{ end }}
  {{- end }}
{{- end }}
{{- end }}
