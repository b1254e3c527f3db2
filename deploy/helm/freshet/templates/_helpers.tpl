{{/* ------------------------------------------------------------------------------------------
Names and labels
------------------------------------------------------------------------------------------- */}}

{{/* Chart name. */}}
{{- define "freshet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name, at most 63 characters (a DNS label). */}}
{{- define "freshet.fullname" -}}
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

{{/* Chart name and version, as used by the chart label. */}}
{{- define "freshet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels common to every resource of the chart. */}}
{{- define "freshet.labels" -}}
helm.sh/chart: {{ include "freshet.chart" . }}
{{ include "freshet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: freshet
{{- end }}

{{/* Selector labels of the release (all components). */}}
{{- define "freshet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "freshet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Per component: called with (dict "root" $ "component" "inference-pipeline" ...).
*/}}
{{- define "freshet.componentFullname" -}}
{{- printf "%s-%s" (include "freshet.fullname" .root | trunc 40 | trimSuffix "-") .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "freshet.componentLabels" -}}
{{ include "freshet.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "freshet.componentSelectorLabels" -}}
{{ include "freshet.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The service account of the three services. */}}
{{- define "freshet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "freshet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image of a service: (dict "root" $ "image" .Values.x.image); tag defaults to the appVersion. */}}
{{- define "freshet.image" -}}
{{- $registry := .image.registry | default .root.Values.global.imageRegistry }}
{{- $tag := .image.tag | default .root.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{- define "freshet.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  {{- if kindIs "string" . }}
  - name: {{ . }}
  {{- else }}
  - {{ toYaml . | nindent 4 | trim }}
  {{- end }}
  {{- end }}
{{- end }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
Security: the restricted Pod Security Standard. Values may add settings; the restricted ones win.
------------------------------------------------------------------------------------------- */}}

{{- define "freshet.podSecurityContext" -}}
{{- $restricted := dict "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (merge $restricted (deepCopy .Values.podSecurityContext)) }}
{{- end }}

{{- define "freshet.containerSecurityContext" -}}
{{- $restricted := dict "allowPrivilegeEscalation" false "readOnlyRootFilesystem" true "runAsNonRoot" true "capabilities" (dict "drop" (list "ALL")) }}
{{- toYaml (merge $restricted (deepCopy .Values.containerSecurityContext)) }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
Dependencies: the name a bundled subchart gives its resources, computed as the subchart does
(kafka.fullname, minio.fullname, postgresql.fullname), so that the services find them.
Called with (dict "root" $ "chart" "kafka").
------------------------------------------------------------------------------------------- */}}
{{- define "freshet.dependencyFullname" -}}
{{- $values := index .root.Values .chart }}
{{- if $values.fullnameOverride }}
{{- $values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .chart $values.nameOverride }}
{{- if contains $name .root.Release.Name }}
{{- .root.Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .root.Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "freshet.dependencyHost" -}}
{{- printf "%s.%s.svc.%s" (include "freshet.dependencyFullname" .) .root.Release.Namespace .root.Values.global.clusterDomain }}
{{- end }}

{{/* Kafka */}}
{{- define "freshet.kafka.bootstrapServers" -}}
{{- if .Values.kafka.enabled }}
{{- printf "%s:%v" (include "freshet.dependencyHost" (dict "root" . "chart" "kafka")) .Values.kafka.service.port }}
{{- else }}
{{- .Values.externalKafka.bootstrapServers }}
{{- end }}
{{- end }}

{{/* The protocol to the brokers: PLAINTEXT with the bundled Kafka (it has no TLS nor SASL). */}}
{{- define "freshet.kafka.securityProtocol" -}}
{{- if .Values.kafka.enabled }}PLAINTEXT{{ else }}{{ .Values.externalKafka.securityProtocol | default "PLAINTEXT" }}{{ end }}
{{- end }}

{{/* "true" with SASL_PLAINTEXT or SASL_SSL. */}}
{{- define "freshet.kafka.sasl" -}}
{{- if hasPrefix "SASL_" (include "freshet.kafka.securityProtocol" .) }}true{{ end }}
{{- end }}

{{/* "true" when the brokers' CA certificate is mounted from externalKafka.tlsCaSecret (SSL, SASL_SSL). */}}
{{- define "freshet.kafka.tlsCa" -}}
{{- if and (hasSuffix "SSL" (include "freshet.kafka.securityProtocol" .)) .Values.externalKafka.tlsCaSecret.name }}true{{ end }}
{{- end }}

{{/* Where the CA certificate is mounted (a read-only volume: the root file system is read-only). */}}
{{- define "freshet.kafka.caDir" -}}/etc/freshet/kafka-tls{{- end }}

{{/* ------------------------------------------------------------------------------------------
Authentication of the training and inference APIs: API keys (a Secret of the user's), JWT (public key).
------------------------------------------------------------------------------------------- */}}

{{/* Where a public key given as PEM in values is mounted. */}}
{{- define "freshet.jwt.dir" -}}/etc/freshet/jwt{{- end }}

{{- define "freshet.jwt.configMapName" -}}
{{- printf "%s-jwt-public-key" (include "freshet.fullname" . | trunc 48 | trimSuffix "-") }}
{{- end }}

{{/* MP_JWT_VERIFY_PUBLICKEY_LOCATION: the mounted PEM, or the location given; "" for none. */}}
{{- define "freshet.jwt.publicKeyLocation" -}}
{{- if .Values.security.jwt.publicKeyPem }}
{{- printf "%s/public-key.pem" (include "freshet.jwt.dir" .) }}
{{- else }}
{{- .Values.security.jwt.publicKeyLocation }}
{{- end }}
{{- end }}

{{/* The ConfigMap with the issuer's public key, when given as PEM (not secret: a public key). */}}
{{- define "freshet.jwt.configMap" -}}
{{- if and .Values.security.jwt.publicKeyPem (or .Values.training.enabled .Values.inference.enabled) }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "freshet.jwt.configMapName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "freshet.labels" . | nindent 4 }}
data:
  public-key.pem: {{ .Values.security.jwt.publicKeyPem | quote }}
{{- end }}
{{- end }}

{{/* S3: the model registry */}}
{{- define "freshet.s3.endpoint" -}}
{{- if .Values.minio.enabled }}
{{- printf "http://%s:%v" (include "freshet.dependencyHost" (dict "root" . "chart" "minio")) .Values.minio.service.port }}
{{- else }}
{{- .Values.externalS3.endpoint }}
{{- end }}
{{- end }}

{{- define "freshet.s3.region" -}}
{{- if .Values.minio.enabled }}us-east-1{{ else }}{{ .Values.externalS3.region }}{{ end }}
{{- end }}

{{- define "freshet.s3.bucket" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.bucket }}{{ else }}{{ .Values.externalS3.bucket }}{{ end }}
{{- end }}

{{- define "freshet.s3.secretName" -}}
{{- if .Values.minio.enabled }}
{{- .Values.minio.auth.existingSecret | default (include "freshet.dependencyFullname" (dict "root" . "chart" "minio")) }}
{{- else if .Values.externalS3.existingSecret }}
{{- .Values.externalS3.existingSecret }}
{{- else }}
{{- printf "%s-s3" (include "freshet.fullname" .) }}
{{- end }}
{{- end }}

{{- define "freshet.s3.accessKeyKey" -}}
{{- if .Values.minio.enabled }}
{{- if .Values.minio.auth.existingSecret }}{{ .Values.minio.auth.existingSecretUserKey }}{{ else }}root-user{{ end }}
{{- else if .Values.externalS3.existingSecret }}
{{- .Values.externalS3.existingSecretAccessKeyKey }}
{{- else }}access-key
{{- end }}
{{- end }}

{{- define "freshet.s3.secretKeyKey" -}}
{{- if .Values.minio.enabled }}
{{- if .Values.minio.auth.existingSecret }}{{ .Values.minio.auth.existingSecretPasswordKey }}{{ else }}root-password{{ end }}
{{- else if .Values.externalS3.existingSecret }}
{{- .Values.externalS3.existingSecretSecretKeyKey }}
{{- else }}secret-key
{{- end }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
The credentials each service reaches S3 with, called with (dict "root" $ "role" "writer"|"reader"): the trainer
writes the registry, inference only reads it. Bundled MinIO: the users its bucket Job creates, each with a policy
limited to the bucket (inference's read-only). External S3: externalS3's for the trainer; externalS3.readOnly's for
inference when given, otherwise the same.
------------------------------------------------------------------------------------------- */}}
{{- define "freshet.s3.minioUsers" -}}
{{- if and .Values.minio.enabled (dig "bucketJob" "enabled" true .Values.minio) .Values.minio.bucket }}true{{ end }}
{{- end }}

{{- define "freshet.s3.readOnlyGiven" -}}
{{- with .Values.externalS3.readOnly }}{{ if or .existingSecret .accessKey }}true{{ end }}{{ end }}
{{- end }}

{{- define "freshet.s3.roleSecretName" -}}
{{- $root := .root }}
{{- if include "freshet.s3.minioUsers" $root }}
{{- printf "%s-users" (include "freshet.dependencyFullname" (dict "root" $root "chart" "minio")) }}
{{- else if and (eq .role "reader") (not $root.Values.minio.enabled) (include "freshet.s3.readOnlyGiven" $root) }}
{{- $root.Values.externalS3.readOnly.existingSecret | default (printf "%s-s3-read-only" (include "freshet.fullname" $root)) }}
{{- else }}
{{- include "freshet.s3.secretName" $root }}
{{- end }}
{{- end }}

{{- define "freshet.s3.roleKey" -}}
{{- $root := .root }}
{{- if include "freshet.s3.minioUsers" $root }}
{{- printf "%s-%s" .role .part }}
{{- else if and (eq .role "reader") (not $root.Values.minio.enabled) (include "freshet.s3.readOnlyGiven" $root) }}
{{- if $root.Values.externalS3.readOnly.existingSecret }}
{{- ternary $root.Values.externalS3.readOnly.existingSecretAccessKeyKey $root.Values.externalS3.readOnly.existingSecretSecretKeyKey (eq .part "access-key") }}
{{- else }}{{ .part }}{{ end }}
{{- else if eq .part "access-key" }}
{{- include "freshet.s3.accessKeyKey" $root }}
{{- else }}
{{- include "freshet.s3.secretKeyKey" $root }}
{{- end }}
{{- end }}

{{/* True ("true") when the chart itself keeps the S3 credentials in a Secret of its own. */}}
{{- define "freshet.s3.chartSecret" -}}
{{- if and (not .Values.minio.enabled) (not .Values.externalS3.existingSecret) (or .Values.training.enabled .Values.inference.enabled) }}true{{ end }}
{{- end }}

{{/* PostgreSQL: the feature store */}}
{{- define "freshet.db.jdbcUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- printf "jdbc:postgresql://%s:%v/%s" (include "freshet.dependencyHost" (dict "root" . "chart" "postgresql")) .Values.postgresql.service.port .Values.postgresql.auth.database }}
{{- else }}
{{- .Values.externalDatabase.jdbcUrl }}
{{- end }}
{{- end }}

{{- define "freshet.db.user" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.username }}{{ else }}{{ .Values.externalDatabase.user }}{{ end }}
{{- end }}

{{/* The Secret key holding the user, when the user comes from an existing Secret; "" otherwise. */}}
{{- define "freshet.db.userKey" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalDatabase.existingSecret .Values.externalDatabase.existingSecretUserKey }}
{{- .Values.externalDatabase.existingSecretUserKey }}
{{- end }}
{{- end }}

{{- define "freshet.db.secretName" -}}
{{- if .Values.postgresql.enabled }}
{{- .Values.postgresql.auth.existingSecret | default (include "freshet.dependencyFullname" (dict "root" . "chart" "postgresql")) }}
{{- else if .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecret }}
{{- else }}
{{- printf "%s-db" (include "freshet.fullname" .) }}
{{- end }}
{{- end }}

{{- define "freshet.db.passwordKey" -}}
{{- if .Values.postgresql.enabled }}
{{- if .Values.postgresql.auth.existingSecret }}{{ .Values.postgresql.auth.existingSecretPasswordKey }}{{ else }}password{{ end }}
{{- else if .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecretPasswordKey }}
{{- else }}password
{{- end }}
{{- end }}

{{- define "freshet.db.chartSecret" -}}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.existingSecret) (or .Values.featurePipeline.enabled .Values.training.enabled) }}true{{ end }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
The chart's own Secrets (external servers with credentials given in values).
------------------------------------------------------------------------------------------- */}}
{{- define "freshet.s3.secret" -}}
{{- if include "freshet.s3.chartSecret" . }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "freshet.s3.secretName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "freshet.labels" . | nindent 4 }}
type: Opaque
data:
  access-key: {{ .Values.externalS3.accessKey | b64enc | quote }}
  secret-key: {{ .Values.externalS3.secretKey | b64enc | quote }}
{{- end }}
{{- if and (not .Values.minio.enabled) .Values.inference.enabled .Values.externalS3.readOnly.accessKey (not .Values.externalS3.readOnly.existingSecret) }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ printf "%s-s3-read-only" (include "freshet.fullname" .) }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "freshet.labels" . | nindent 4 }}
type: Opaque
data:
  access-key: {{ .Values.externalS3.readOnly.accessKey | b64enc | quote }}
  secret-key: {{ .Values.externalS3.readOnly.secretKey | b64enc | quote }}
{{- end }}
{{- end }}

{{- define "freshet.db.secret" -}}
{{- if include "freshet.db.chartSecret" . }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "freshet.db.secretName" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "freshet.labels" . | nindent 4 }}
type: Opaque
data:
  password: {{ .Values.externalDatabase.password | b64enc | quote }}
{{- end }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
Checks that a schema cannot express. Rendered once (templates/validate.yaml).
------------------------------------------------------------------------------------------- */}}
{{- define "freshet.validate" -}}
{{- $fp := .Values.featurePipeline }}
{{- $usesKafka := or $fp.enabled .Values.training.enabled .Values.inference.enabled }}
{{- $usesS3 := or .Values.training.enabled .Values.inference.enabled }}
{{- $usesDb := or $fp.enabled .Values.training.enabled }}
{{- if and $fp.enabled $fp.source.enabled (ne (int $fp.replicaCount) 1) }}
{{- fail (printf "featurePipeline.source.enabled=true runs a source, which must run on exactly one replica: set featurePipeline.replicaCount=1 (it is %v), or disable the source to scale the sink." $fp.replicaCount) }}
{{- end }}
{{- if and $usesKafka (not .Values.kafka.enabled) (not .Values.externalKafka.bootstrapServers) }}
{{- fail "kafka.enabled=false: set externalKafka.bootstrapServers (host:port of your Kafka brokers), or enable the bundled Kafka." }}
{{- end }}
{{- if and $usesS3 (not .Values.minio.enabled) }}
{{- if not .Values.externalS3.endpoint }}
{{- fail "minio.enabled=false: set externalS3.endpoint (the model registry's S3 API), or enable the bundled MinIO." }}
{{- end }}
{{- if and (not .Values.externalS3.existingSecret) (or (not .Values.externalS3.accessKey) (not .Values.externalS3.secretKey)) }}
{{- fail "minio.enabled=false: give the S3 credentials, either externalS3.existingSecret (a Secret with keys externalS3.existingSecretAccessKeyKey and existingSecretSecretKeyKey) or both externalS3.accessKey and externalS3.secretKey. There are no default credentials." }}
{{- end }}
{{- with .Values.externalS3.readOnly }}
{{- if and (not .existingSecret) (or .accessKey .secretKey) (or (not .accessKey) (not .secretKey)) }}
{{- fail "externalS3.readOnly: give both accessKey and secretKey of inference's read-only key (or existingSecret). There are no default credentials." }}
{{- end }}
{{- end }}
{{- end }}
{{- if and $usesDb (not .Values.postgresql.enabled) }}
{{- if not .Values.externalDatabase.jdbcUrl }}
{{- fail "postgresql.enabled=false: set externalDatabase.jdbcUrl (jdbc:postgresql://host:5432/db, the feature store), or enable the bundled PostgreSQL." }}
{{- end }}
{{- if and (not .Values.externalDatabase.existingSecret) (not .Values.externalDatabase.password) }}
{{- fail "postgresql.enabled=false: give the database password, either externalDatabase.existingSecret (with key externalDatabase.existingSecretPasswordKey) or externalDatabase.password. There are no default credentials." }}
{{- end }}
{{- if and (not (include "freshet.db.userKey" .)) (not .Values.externalDatabase.user) }}
{{- fail "postgresql.enabled=false: set externalDatabase.user, or externalDatabase.existingSecretUserKey to read it from externalDatabase.existingSecret." }}
{{- end }}
{{- end }}
{{- $autoscaling := .Values.inference.autoscaling }}
{{- if and .Values.inference.enabled $autoscaling.enabled (lt (int $autoscaling.maxReplicas) (int $autoscaling.minReplicas)) }}
{{- fail (printf "inference.autoscaling.maxReplicas (%v) must be at least inference.autoscaling.minReplicas (%v)." $autoscaling.maxReplicas $autoscaling.minReplicas) }}
{{- end }}
{{- $k := .Values.externalKafka }}
{{- $protocol := $k.securityProtocol | default "PLAINTEXT" }}
{{- if and .Values.kafka.enabled (ne $protocol "PLAINTEXT") }}
{{- fail (printf "kafka.enabled=true: the bundled Kafka listens in PLAINTEXT only (no TLS, no SASL), so externalKafka.securityProtocol must stay PLAINTEXT (it is %s). To use %s, set kafka.enabled=false and externalKafka.bootstrapServers to your brokers." $protocol $protocol) }}
{{- end }}
{{- if hasPrefix "SASL_" $protocol }}
{{- if not $k.saslMechanism }}
{{- fail (printf "externalKafka.securityProtocol=%s: set externalKafka.saslMechanism (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)." $protocol) }}
{{- end }}
{{- if not $k.saslJaasConfigSecret.name }}
{{- fail (printf "externalKafka.securityProtocol=%s: set externalKafka.saslJaasConfigSecret.name, a Secret of yours with the JAAS line (under key externalKafka.saslJaasConfigSecret.key, %s). There are no default credentials." $protocol $k.saslJaasConfigSecret.key) }}
{{- end }}
{{- else }}
{{- if $k.saslJaasConfigSecret.name }}
{{- fail (printf "externalKafka.saslJaasConfigSecret.name is set but externalKafka.securityProtocol=%s uses no SASL: set externalKafka.securityProtocol to SASL_SSL (or SASL_PLAINTEXT), or leave saslJaasConfigSecret.name empty." $protocol) }}
{{- end }}
{{- if $k.saslMechanism }}
{{- fail (printf "externalKafka.saslMechanism is set but externalKafka.securityProtocol=%s uses no SASL: set externalKafka.securityProtocol to SASL_SSL (or SASL_PLAINTEXT), or leave saslMechanism empty." $protocol) }}
{{- end }}
{{- end }}
{{- if and $k.tlsCaSecret.name (not (hasSuffix "SSL" $protocol)) }}
{{- fail (printf "externalKafka.tlsCaSecret.name is set but externalKafka.securityProtocol=%s uses no TLS: set externalKafka.securityProtocol to SSL or SASL_SSL, or leave tlsCaSecret.name empty." $protocol) }}
{{- end }}
{{- $jwt := .Values.security.jwt }}
{{- if and $jwt.publicKeyLocation $jwt.publicKeyPem }}
{{- fail "security.jwt.publicKeyLocation and security.jwt.publicKeyPem are both set: give the issuer's public key one way only." }}
{{- end }}
{{- if contains "PRIVATE KEY" $jwt.publicKeyPem }}
{{- fail "security.jwt.publicKeyPem holds a private key: give the issuer's PUBLIC key only (it goes into a ConfigMap)." }}
{{- end }}
{{- if and (or $jwt.publicKeyLocation $jwt.publicKeyPem) (not $jwt.issuer) }}
{{- fail "security.jwt: a public key is set without security.jwt.issuer: set it to the iss claim the tokens carry (MP_JWT_VERIFY_ISSUER), so that only that issuer's tokens are accepted." }}
{{- end }}
{{- if and $jwt.issuer (not (or $jwt.publicKeyLocation $jwt.publicKeyPem)) }}
{{- fail "security.jwt.issuer is set without a key to verify tokens with: set security.jwt.publicKeyLocation (URL of the issuer's JWKS or public key) or security.jwt.publicKeyPem." }}
{{- end }}
{{- range $key := list "featurePipeline" "training" "inference" }}
{{- range $name, $value := (index $.Values $key).env }}
{{- if regexMatch "(?i)(PASSWORD|SECRET|ACCESS_KEY|API_KEY|TOKEN|CREDENTIAL|JAAS)" $name }}
{{- fail (printf "%s.env.%s looks like a secret, and env goes into a ConfigMap: pass it with %s.extraEnv and a secretKeyRef instead." $key $name $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* ------------------------------------------------------------------------------------------
A service: ConfigMap, Deployment, Service. Called with
(dict "root" $ "component" "training-pipeline" "values" .Values.training "db" true "s3" "writer" "auth" true);
"s3": the service's S3 role, writer or reader ("" for none);
"auth": the service authenticates callers (API keys, JWT).
------------------------------------------------------------------------------------------- */}}

{{/* Non-secret environment of a service, as ConfigMap data. Credentials never go here. */}}
{{- define "freshet.configData" -}}
{{- $root := .root }}
{{- $v := .values }}
HTTP_PORT: {{ $v.containerPort | quote }}
JAVA_OPTS: {{ $v.javaOpts | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ include "freshet.kafka.bootstrapServers" $root | quote }}
{{- $protocol := include "freshet.kafka.securityProtocol" $root }}
{{- if ne $protocol "PLAINTEXT" }}
KAFKA_SECURITY_PROTOCOL: {{ $protocol | quote }}
{{- end }}
{{- if include "freshet.kafka.sasl" $root }}
KAFKA_SASL_MECHANISM: {{ $root.Values.externalKafka.saslMechanism | quote }}
{{- end }}
{{- if include "freshet.kafka.tlsCa" $root }}
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "%s/ca.crt" (include "freshet.kafka.caDir" $root) | quote }}
{{- end }}
{{- if .auth }}
{{- with $root.Values.security.jwt.issuer }}
MP_JWT_VERIFY_ISSUER: {{ . | quote }}
{{- end }}
{{- with $root.Values.security.jwt.audience }}
MP_JWT_VERIFY_AUDIENCES: {{ . | quote }}
{{- end }}
{{- with (include "freshet.jwt.publicKeyLocation" $root) }}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .db }}
DB_JDBC_URL: {{ include "freshet.db.jdbcUrl" $root | quote }}
{{- if not (include "freshet.db.userKey" $root) }}
DB_USER: {{ include "freshet.db.user" $root | quote }}
{{- end }}
{{- end }}
{{- if .s3 }}
{{- /* The registry's S3 client is the quarkus-minio extension's; it takes the scheme from SECURE, not the URL. */}}
QUARKUS_MINIO_HOST: {{ include "freshet.s3.endpoint" $root | quote }}
QUARKUS_MINIO_SECURE: {{ hasPrefix "https://" (include "freshet.s3.endpoint" $root | lower) | quote }}
QUARKUS_MINIO_REGION: {{ include "freshet.s3.region" $root | quote }}
FRESHET_REGISTRY_BUCKET: {{ include "freshet.s3.bucket" $root | quote }}
{{- end }}
{{- if eq .component "feature-pipeline" }}
FRESHET_PIPELINE_SOURCE_ENABLED: {{ $v.source.enabled | quote }}
FRESHET_PIPELINE_SOURCE_KIND: {{ $v.source.kind | quote }}
FRESHET_PIPELINE_SOURCE_SEED: {{ $v.source.seed | quote }}
{{- if not (kindIs "invalid" $v.source.rate) }}
FRESHET_PIPELINE_SOURCE_RATE: {{ $v.source.rate | quote }}
{{- end }}
FRESHET_PIPELINE_SINK_ENABLED: {{ $v.sink.enabled | quote }}
FRESHET_PIPELINE_SINK_WRITERS: {{ $v.sink.writers | quote }}
FRESHET_PIPELINE_TOPICS_PARTITIONS: {{ $v.topics.partitions | quote }}
FRESHET_PIPELINE_TOPICS_REPLICATION_FACTOR: {{ $v.topics.replicationFactor | quote }}
{{- else if eq .component "training-pipeline" }}
FRESHET_TRAINING_FEATURE_SET: {{ $v.featureSet | quote }}
{{- with $v.models }}
FRESHET_TRAINING_TRAIN: {{ join "," . | quote }}
{{- end }}
{{- else if eq .component "inference-pipeline" }}
FRESHET_INFERENCE_MODELS: {{ join "," $v.models | quote }}
FRESHET_INFERENCE_ALIAS: {{ $v.alias | quote }}
FRESHET_INFERENCE_ABSTAIN_BELOW: {{ $v.abstainBelow | quote }}
FRESHET_SECURITY_PROTECT_PREDICTIONS: {{ $v.protectPredictions | default false | quote }}
{{- end }}
{{- range $name, $value := $v.env }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{- define "freshet.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "freshet.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "freshet.componentLabels" . | nindent 4 }}
data:
  {{- include "freshet.configData" . | trim | nindent 2 }}
{{- end }}

{{/* Credentials, from Secrets only. */}}
{{- define "freshet.secretEnv" -}}
{{- $root := .root }}
{{- if include "freshet.kafka.sasl" $root }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.externalKafka.saslJaasConfigSecret.name }}
      key: {{ $root.Values.externalKafka.saslJaasConfigSecret.key }}
{{- end }}
{{- if .auth }}
{{- with $root.Values.security.apiKeys.existingSecret }}
{{- $secret := . }}
{{- /* Each role optional: a Secret may hold only some of them. */}}
{{- range $role := list "admin" "operator" "reader" }}
- name: FRESHET_SECURITY_API_KEYS_{{ upper $role }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $role }}
      optional: true
{{- end }}
{{- end }}
{{- end }}
{{- if .db }}
{{- with (include "freshet.db.userKey" $root) }}
- name: DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "freshet.db.secretName" $root }}
      key: {{ . }}
{{- end }}
- name: DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "freshet.db.secretName" $root }}
      key: {{ include "freshet.db.passwordKey" $root }}
{{- end }}
{{- if .s3 }}
- name: QUARKUS_MINIO_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "freshet.s3.roleSecretName" (dict "root" $root "role" .s3) }}
      key: {{ include "freshet.s3.roleKey" (dict "root" $root "role" .s3 "part" "access-key") }}
- name: QUARKUS_MINIO_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "freshet.s3.roleSecretName" (dict "root" $root "role" .s3) }}
      key: {{ include "freshet.s3.roleKey" (dict "root" $root "role" .s3 "part" "secret-key") }}
{{- end }}
{{- end }}

{{/* Checksum of the chart-made Secrets a service reads (external credentials given in values). */}}
{{- define "freshet.secretChecksum" -}}
{{- $secrets := "" }}
{{- if .db }}{{ $secrets = print $secrets (include "freshet.db.secret" .root) }}{{ end }}
{{- if .s3 }}{{ $secrets = print $secrets (include "freshet.s3.secret" .root) }}{{ end }}
{{- $secrets | sha256sum }}
{{- end }}

{{- define "freshet.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
periodSeconds: {{ .settings.periodSeconds }}
timeoutSeconds: {{ .settings.timeoutSeconds }}
failureThreshold: {{ .settings.failureThreshold }}
{{- end }}

{{- define "freshet.deployment" -}}
{{- $root := .root }}
{{- $v := .values }}
{{- $autoscaled := and (hasKey $v "autoscaling") $v.autoscaling.enabled }}
{{- $singleWriter := or (eq .component "training-pipeline") (and (hasKey $v "source") $v.source.enabled) }}
{{- $config := include "freshet.configMap" . }}
{{- if .auth }}{{ $config = print $config (include "freshet.jwt.configMap" $root) }}{{ end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "freshet.componentFullname" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "freshet.componentLabels" . | nindent 4 }}
spec:
  {{- if not $autoscaled }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  {{- if $singleWriter }}
  # One writer: the old pod stops before the new one starts.
  strategy:
    type: Recreate
  {{- else }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  {{- end }}
  selector:
    matchLabels:
      {{- include "freshet.componentSelectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        # Pods roll when the chart's configuration or credentials change.
        checksum/config: {{ $config | sha256sum }}
        checksum/secret: {{ include "freshet.secretChecksum" . }}
        {{- if $root.Values.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $v.containerPort | quote }}
        prometheus.io/path: /q/metrics
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "freshet.componentLabels" . | nindent 8 }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with (include "freshet.imagePullSecrets" $root) }}
      {{- . | trim | nindent 6 }}
      {{- end }}
      serviceAccountName: {{ include "freshet.serviceAccountName" $root }}
      automountServiceAccountToken: false
      securityContext:
        {{- include "freshet.podSecurityContext" $root | nindent 8 }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "freshet.image" (dict "root" $root "image" $v.image) }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          securityContext:
            {{- include "freshet.containerSecurityContext" $root | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $v.containerPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "freshet.componentFullname" . }}
          {{- $env := include "freshet.secretEnv" . | trim }}
          {{- if or $env $v.extraEnv }}
          env:
            {{- with $env }}
            {{- . | nindent 12 }}
            {{- end }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
          startupProbe:
            {{- include "freshet.probe" (dict "path" "/q/health/started" "settings" $v.probes.startup) | nindent 12 }}
          livenessProbe:
            {{- include "freshet.probe" (dict "path" "/q/health/live" "settings" $v.probes.liveness) | nindent 12 }}
          readinessProbe:
            {{- include "freshet.probe" (dict "path" "/q/health/ready" "settings" $v.probes.readiness) | nindent 12 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if include "freshet.kafka.tlsCa" $root }}
            - name: kafka-tls-ca
              mountPath: {{ include "freshet.kafka.caDir" $root }}
              readOnly: true
            {{- end }}
            {{- if and .auth $root.Values.security.jwt.publicKeyPem }}
            - name: jwt-public-key
              mountPath: {{ include "freshet.jwt.dir" $root }}
              readOnly: true
            {{- end }}
            {{- with $v.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        # The only writable place: java.io.tmpdir, Vert.x' file cache.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
        {{- if include "freshet.kafka.tlsCa" $root }}
        # The Kafka brokers' CA certificate: the truststore (KAFKA_SSL_TRUSTSTORE_LOCATION).
        - name: kafka-tls-ca
          secret:
            secretName: {{ $root.Values.externalKafka.tlsCaSecret.name }}
            items:
              - key: {{ $root.Values.externalKafka.tlsCaSecret.key }}
                path: ca.crt
        {{- end }}
        {{- if and .auth $root.Values.security.jwt.publicKeyPem }}
        # The JWT issuer's public key (MP_JWT_VERIFY_PUBLICKEY_LOCATION).
        - name: jwt-public-key
          configMap:
            name: {{ include "freshet.jwt.configMapName" $root }}
            items:
              - key: public-key.pem
                path: public-key.pem
        {{- end }}
        {{- with $v.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{- define "freshet.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "freshet.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "freshet.componentLabels" . | nindent 4 }}
spec:
  type: {{ .values.service.type }}
  ports:
    - name: http
      port: {{ .values.service.port }}
      targetPort: http
      protocol: TCP
  selector:
    {{- include "freshet.componentSelectorLabels" . | nindent 4 }}
{{- end }}

{{- define "freshet.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "freshet.componentFullname" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "freshet.componentLabels" . | nindent 4 }}
spec:
  minAvailable: {{ .values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "freshet.componentSelectorLabels" . | nindent 6 }}
{{- end }}

{{/* In-cluster URL of a service, for NOTES and the test pod. */}}
{{- define "freshet.serviceUrl" -}}
{{- printf "http://%s.%s.svc.%s:%v" (include "freshet.componentFullname" .) .root.Release.Namespace .root.Values.global.clusterDomain .values.service.port }}
{{- end }}
