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

{{- define "repowiki-lib.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
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
