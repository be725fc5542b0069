{{/* Names, labels and the pieces every workload shares. */}}

{{- define "kubedeploy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object name prefix, at most 63 characters minus room for the longest suffix ("-reconciler-releases"). */}}
{{- define "kubedeploy.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 42 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 42 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kubedeploy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; call with (dict "ctx" $ "component" "api"). */}}
{{- define "kubedeploy.labels" -}}
helm.sh/chart: {{ include "kubedeploy.chart" .ctx }}
{{ include "kubedeploy.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: kubedeploy
{{- end }}

{{- define "kubedeploy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubedeploy.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "kubedeploy.apiServiceAccountName" -}}
{{- if .Values.api.serviceAccount.create }}
{{- default (printf "%s-api" (include "kubedeploy.fullname" .)) .Values.api.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.api.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kubedeploy.reconcilerServiceAccountName" -}}
{{- if .Values.reconciler.serviceAccount.create }}
{{- default (printf "%s-reconciler" (include "kubedeploy.fullname" .)) .Values.reconciler.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.reconciler.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The ClusterRole for objects inside release namespaces (bound cluster wide or per namespace). */}}
{{- define "kubedeploy.releaseRoleName" -}}
{{- printf "%s-reconciler-releases" (include "kubedeploy.fullname" .) }}
{{- end }}

{{/* The ServiceAccount Helm acts as in every deployment namespace (ReleaseIdentity.NAME). */}}
{{- define "kubedeploy.releaseServiceAccountName" -}}kubedeploy-release{{- end }}

{{- define "kubedeploy.databaseSecretName" -}}
{{- default (printf "%s-database" (include "kubedeploy.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{/* Where the api-service reads its JWT verification key: a mounted Secret file or a URL. */}}
{{- define "kubedeploy.jwtKeyFromSecret" -}}
{{- if or .Values.api.jwt.publicKey .Values.api.jwt.existingSecret }}true{{ end }}
{{- end }}

{{- define "kubedeploy.jwtSecretName" -}}
{{- default (printf "%s-jwt" (include "kubedeploy.fullname" .)) .Values.api.jwt.existingSecret }}
{{- end }}

{{- define "kubedeploy.jwtSecretKey" -}}
{{- if .Values.api.jwt.existingSecret }}{{ .Values.api.jwt.existingSecretKey }}{{ else }}public-key{{ end }}
{{- end }}

{{- define "kubedeploy.jwtMountPath" -}}/etc/kubedeploy/jwt{{- end }}

{{/* Fails the render with the list of values a working installation cannot do without. */}}
{{- define "kubedeploy.validate" -}}
{{- $missing := list }}
{{- if and (not .Values.database.existingSecret) (not .Values.database.url) }}
{{- $missing = append $missing "database.url (or database.existingSecret)" }}
{{- end }}
{{- if not .Values.api.jwt.issuer }}
{{- $missing = append $missing "api.jwt.issuer" }}
{{- end }}
{{- if not .Values.api.jwt.audience }}
{{- $missing = append $missing "api.jwt.audience" }}
{{- end }}
{{- if not (or .Values.api.jwt.publicKey .Values.api.jwt.existingSecret .Values.api.jwt.publicKeyLocation) }}
{{- $missing = append $missing "api.jwt.publicKey, api.jwt.existingSecret or api.jwt.publicKeyLocation" }}
{{- end }}
{{- if $missing }}
{{- fail (printf "kubedeploy: set %s (docs/operations.md, \"Install\")" (join "; " $missing)) }}
{{- end }}
{{- if .Values.reconciler.rbac.anyKind }}
{{- fail "kubedeploy: reconciler.rbac.anyKind was removed: a release role with every kind could delete its own namespace's quota and network policy; list the kinds charts need in reconciler.rbac.releaseRules (docs/security.md)" }}
{{- end }}
{{- if and .Values.reconciler.rbac.releaseBinding (ne .Values.reconciler.rbac.releaseBinding "namespace") }}
{{- fail "kubedeploy: reconciler.rbac.releaseBinding was removed: the release role is always bound per namespace to a ServiceAccount Helm impersonates (docs/security.md)" }}
{{- end }}
{{- end }}

{{/* Image reference; call with (dict "ctx" $ "image" .Values.api.image). */}}
{{- define "kubedeploy.image" -}}
{{- $v := .ctx.Values.image }}
{{- $repository := .image.repository }}
{{- if $v.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $v.registry) .image.repository }}
{{- end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repository .image.digest }}
{{- else }}
{{- $defaultTag := .ctx.Chart.AppVersion }}
{{- if eq $v.flavor "jvm" }}
{{- $defaultTag = printf "%s-jvm" .ctx.Chart.AppVersion }}
{{- end }}
{{- printf "%s:%s" $repository (.image.tag | default $v.tag | default $defaultTag) }}
{{- end }}
{{- end }}

{{/*
JVM options of the jvm flavor (only), read by the image's run-java.sh (Dockerfile.jvm); call with
(dict "ctx" $ "extra" "-D..."). Native executables take -D flags as arguments instead.
*/}}
{{- define "kubedeploy.jvmOptionsEnv" -}}
- name: JAVA_OPTS_APPEND
  value: {{ list "-Djava.util.logging.manager=org.jboss.logmanager.LogManager" .ctx.Values.image.jvmOptions (.extra | default "") | compact | join " " | quote }}
{{- end }}

{{/* Database URL and credentials from the database Secret (the chart's or an existing one). */}}
{{- define "kubedeploy.databaseEnv" -}}
{{- $secret := .secretName | default (include "kubedeploy.databaseSecretName" .ctx) }}
{{- $keys := .ctx.Values.database.secretKeys }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.url }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.username }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $keys.password }}
{{- end }}

{{/*
The api-service's environment configuration (its ConfigMap): the keys the chart derives from
its values, overridden by api.config. Sorted by key.
*/}}
{{- define "kubedeploy.apiConfig" -}}
{{- $data := dict "QUARKUS_HTTP_PORT" "8080" "MP_JWT_VERIFY_ISSUER" .Values.api.jwt.issuer "MP_JWT_VERIFY_AUDIENCES" .Values.api.jwt.audience }}
{{- if include "kubedeploy.jwtKeyFromSecret" . }}
{{- $_ := set $data "MP_JWT_VERIFY_PUBLICKEY_LOCATION" (printf "file:%s/%s" (include "kubedeploy.jwtMountPath" .) (include "kubedeploy.jwtSecretKey" .)) }}
{{- else }}
{{- $_ := set $data "MP_JWT_VERIFY_PUBLICKEY_LOCATION" .Values.api.jwt.publicKeyLocation }}
{{- end }}
{{- $_ := set $data "APP_AUTH_AUTO_PROVISION_ENABLED" .Values.api.auth.autoProvisionEnabled }}
{{- with .Values.api.auth.bootstrapAdminSubject }}
{{- $_ := set $data "APP_AUTH_BOOTSTRAP_ADMIN_SUBJECT" . }}
{{- end }}
{{- include "kubedeploy.otelConfig" (dict "ctx" . "data" $data) }}
{{- include "kubedeploy.envMap" (mergeOverwrite $data .Values.api.config) }}
{{- end }}

{{/* The reconciler's environment configuration: derived keys overridden by reconciler.config. */}}
{{- define "kubedeploy.reconcilerConfig" -}}
{{- $data := dict "QUARKUS_HTTP_PORT" "8081" "APP_HELM_WORK_DIR" (printf "%s/helm" .Values.reconciler.workDir.mountPath) }}
{{- $_ := set $data "APP_KUBE_RELEASE_CLUSTER_ROLE" (include "kubedeploy.releaseRoleName" .) }}
{{- $network := .Values.reconciler.networkPolicy }}
{{- with $network.ingressNamespace }}
{{- $_ := set $data "APP_KUBE_INGRESS_NAMESPACE" . }}
{{- end }}
{{- $_ := set $data "APP_KUBE_EGRESS_DENIED_NAMESPACES" (prepend $network.egressDeniedNamespaces .Release.Namespace | uniq | join ",") }}
{{- with $network.egressDeniedCidrs }}
{{- $_ := set $data "APP_KUBE_EGRESS_DENIED_CIDRS" (join "," .) }}
{{- end }}
{{- include "kubedeploy.otelConfig" (dict "ctx" . "data" $data) }}
{{- include "kubedeploy.envMap" (mergeOverwrite $data .Values.reconciler.config) }}
{{- end }}

{{/* Tracing on, towards otel.endpoint, when it is set; call with (dict "ctx" . "data" $data). */}}
{{- define "kubedeploy.otelConfig" -}}
{{- with .ctx.Values.otel.endpoint }}
{{- $_ := set $.data "QUARKUS_OTEL_SDK_DISABLED" "false" }}
{{- $_ := set $.data "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT" . }}
{{- end }}
{{- end }}

{{/* A map of environment variable names to values, as quoted YAML strings. */}}
{{- define "kubedeploy.envMap" -}}
{{- range $key, $value := . }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Probes on the Quarkus health endpoints; call with (dict "probes" .Values.api.probes). */}}
{{- define "kubedeploy.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  {{- toYaml .probes.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  {{- toYaml .probes.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  {{- toYaml .probes.readiness | nindent 2 }}
{{- end }}


{{/* A PodDisruptionBudget spec body from (dict "pdb" .Values.api.podDisruptionBudget). */}}
{{- define "kubedeploy.pdbLimits" -}}
{{- if hasKey .pdb "minAvailable" }}
minAvailable: {{ .pdb.minAvailable }}
{{- else }}
maxUnavailable: {{ .pdb.maxUnavailable }}
{{- end }}
{{- end }}

{{/*
A container of the migration Job: the api-service image run once with `flags` (the native
executable takes -D flags as arguments; the JVM image gets them as JVM options), the database of
`secret` and the api's own configuration keys (datasource tuning, Liquibase schema...); the JWT
settings are left out: it serves no requests.
*/}}
{{- define "kubedeploy.migrationContainer" -}}
{{- $ctx := .ctx -}}
- name: {{ .name }}
  image: {{ include "kubedeploy.image" (dict "ctx" $ctx "image" $ctx.Values.api.image) }}
  imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
  {{- if eq $ctx.Values.image.flavor "native" }}
  args:
    {{- toYaml (splitList " " .flags) | nindent 4 }}
  {{- end }}
  env:
    {{- range $key, $value := $ctx.Values.api.config }}
    - name: {{ $key }}
      value: {{ $value | toString | quote }}
    {{- end }}
    {{- include "kubedeploy.databaseEnv" (dict "ctx" $ctx "secretName" .secret) | trim | nindent 4 }}
    {{- if eq $ctx.Values.image.flavor "jvm" }}
    {{- include "kubedeploy.jvmOptionsEnv" (dict "ctx" $ctx "extra" .flags) | trim | nindent 4 }}
    {{- end }}
    {{- with $ctx.Values.migration.extraEnv }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  resources:
    {{- toYaml $ctx.Values.migration.resources | nindent 4 }}
  securityContext:
    {{- toYaml $ctx.Values.securityContext | nindent 4 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end }}

{{/* One egress rule of networkPolicy.egress: a TCP port, to the given peers or, with none, anywhere. */}}
{{- define "kubedeploy.egressRule" }}
    - ports:
        - port: {{ .port }}
          protocol: TCP
      {{- with .to }}
      to:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
