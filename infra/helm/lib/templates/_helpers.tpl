{{/* Name of the service: the chart name unless overridden. */}}
{{- define "repowiki-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name: "<release>-<chart>", or the chart name when the release already carries it. */}}
{{- define "repowiki-lib.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "repowiki-lib.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "repowiki-lib.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "repowiki-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "repowiki-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "repowiki-lib.labels" -}}
{{ include "repowiki-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: repowiki-tasks
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/*
The image: `image.repository` (or `<image.repositoryPrefix>/<chart>`), then `@digest` when
set, else `:tag` (the chart's appVersion by default).
*/}}
{{- define "repowiki-lib.image" -}}
{{- $repo := .Values.image.repository -}}
{{- with .Values.image.repositoryPrefix -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $.Chart.Name -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "repowiki-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "repowiki-lib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The chart's values with `global` laid over them: every key set under `global` (the umbrella
chart's shared NATS, database, image and monitoring settings) replaces the same key here.
A null under `global` changes nothing. Returned as YAML (`include … | fromYaml`).
*/}}
{{- define "repowiki-lib.values" -}}
{{- $values := deepCopy .Values -}}
{{- include "repowiki-lib.overlay" (dict "into" $values "from" (.Values.global | default dict)) -}}
{{- toYaml $values -}}
{{- end -}}

{{- define "repowiki-lib.overlay" -}}
{{- $into := .into -}}
{{- range $key, $value := .from -}}
{{- if kindIs "map" $value -}}
{{- if not (kindIs "map" (get $into $key)) -}}
{{- $_ := set $into $key (dict) -}}
{{- end -}}
{{- include "repowiki-lib.overlay" (dict "into" (get $into $key) "from" $value) -}}
{{- else if not (kindIs "invalid" $value) -}}
{{- $_ := set $into $key $value -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Every public template of this library renders with `.Values` replaced by
`repowiki-lib.values` (a template returns text, never an object, so each one opens with
`with set (omit . "Values") "Values" (include "repowiki-lib.values" . | fromYaml)`); a chart
only calls `include "repowiki-lib.<template>" .`.
*/}}

{{/* The queue of the chart (Chart.yaml annotation `repowiki.dev/queue`), "" for none. */}}
{{- define "repowiki-lib.queue" -}}
{{- index (.Chart.Annotations | default dict) "repowiki.dev/queue" | default "" -}}
{{- end -}}

{{/* The queue's stream (`TASKS_WAREHOUSE`, `STAGING_TASKS_WAREHOUSE` under a namespace). */}}
{{- define "repowiki-lib.taskStream" -}}
{{- $prefix := "" -}}
{{- with .Values.nats.namespace -}}
{{- $prefix = printf "%s_" (upper (replace "-" "_" .)) -}}
{{- end -}}
{{- printf "%sTASKS_%s" $prefix (upper (include "repowiki-lib.queue" .)) -}}
{{- end -}}

{{/*
The pod's grace period MUST exceed SHUTDOWN_GRACE_MS, or Kubernetes kills a replica that is
still finishing its in-flight tasks. Rendering fails instead of deploying that mistake.
*/}}
{{- define "repowiki-lib.checkGrace" -}}
{{- $graceMs := int .Values.shutdownGraceMs -}}
{{- $podSeconds := int .Values.terminationGracePeriodSeconds -}}
{{- if le (mul $podSeconds 1000) $graceMs -}}
{{- fail (printf "terminationGracePeriodSeconds (%d s) must exceed shutdownGraceMs (%d ms)" $podSeconds $graceMs) -}}
{{- end -}}
{{- end -}}

{{/* Environment shared by the Deployment and the migration Job. */}}
{{- define "repowiki-lib.env" -}}
- name: NODE_ENV
  value: production
- name: HTTP_HOST
  value: "0.0.0.0"
- name: HTTP_PORT
  value: {{ .Values.httpPort | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: NATS_URL
  value: {{ include "repowiki-lib.natsUrl" . | quote }}
- name: NATS_NAMESPACE
  value: {{ .Values.nats.namespace | quote }}
{{- include "repowiki-lib.natsAuthEnv" . }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ required "database.secretName is required" .Values.database.secretName }}
      key: {{ .Values.database.secretKey }}
- name: SHUTDOWN_GRACE_MS
  value: {{ .Values.shutdownGraceMs | quote }}
{{- include "repowiki-lib.streamEnv" . }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "repowiki-lib.volumeMounts" -}}
# The root filesystem is read-only; git, askpass scripts and temp files go here.
- name: tmp
  mountPath: /tmp
{{- include "repowiki-lib.natsVolumeMounts" . }}
{{- with .Values.volumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "repowiki-lib.volumes" -}}
- name: tmp
  emptyDir: {}
{{- include "repowiki-lib.natsVolumes" . }}
{{- with .Values.volumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}
