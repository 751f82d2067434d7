{{/*
How a service reaches NATS: its own user (infra/nats/accounts.conf) and TLS, both on by
default. Credentials and certificates only ever come from Secrets: the password through a
secretKeyRef, files (creds, nkey seed, CA, client certificate) as read-only secret volumes.
*/}}

{{/* The NATS URL; one with credentials in it is refused (they belong in a Secret). */}}
{{- define "repowiki-lib.natsUrl" -}}
{{- $url := required "nats.url is required" .Values.nats.url -}}
{{- if contains "@" $url -}}
{{- fail "nats.url must not hold credentials (user:password@ or token@): use nats.auth and a Secret" -}}
{{- end -}}
{{- $url -}}
{{- end -}}

{{- define "repowiki-lib.natsAuthMode" -}}
{{- $mode := .Values.nats.auth.mode -}}
{{- if not (has $mode (list "user" "creds" "nkey" "none")) -}}
{{- fail (printf "nats.auth.mode must be user, creds, nkey or none (got %q)" $mode) -}}
{{- end -}}
{{- if and (ne $mode "none") (not .Values.nats.auth.secretName) -}}
{{- fail (printf "nats.auth.secretName is required with nats.auth.mode=%s" $mode) -}}
{{- end -}}
{{- $mode -}}
{{- end -}}

{{/* NATS_* variables of the credentials and TLS. */}}
{{- define "repowiki-lib.natsAuthEnv" -}}
{{- $auth := .Values.nats.auth -}}
{{- $mode := include "repowiki-lib.natsAuthMode" . -}}
{{- if eq $mode "user" }}
- name: NATS_USER
  value: {{ required "nats.auth.user is required with nats.auth.mode=user" $auth.user | quote }}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $auth.secretName }}
      key: {{ $auth.passwordKey }}
{{- else if eq $mode "creds" }}
- name: NATS_CREDS_FILE
  value: /etc/nats/creds/{{ $auth.credsKey }}
{{- else if eq $mode "nkey" }}
- name: NATS_NKEY_SEED_FILE
  value: /etc/nats/creds/{{ $auth.nkeyKey }}
{{- end }}
{{- if .Values.nats.tls.enabled }}
- name: NATS_TLS
  value: "true"
{{- if .Values.nats.tls.caSecret }}
- name: NATS_TLS_CA
  value: /etc/nats/tls-ca/{{ .Values.nats.tls.caKey }}
{{- end }}
{{- if .Values.nats.tls.clientCertSecret }}
- name: NATS_TLS_CERT
  value: /etc/nats/tls-client/tls.crt
- name: NATS_TLS_KEY
  value: /etc/nats/tls-client/tls.key
{{- end }}
{{- end }}
{{- end -}}

{{- define "repowiki-lib.natsVolumeMounts" -}}
{{- $mode := include "repowiki-lib.natsAuthMode" . -}}
{{- if or (eq $mode "creds") (eq $mode "nkey") }}
- name: nats-creds
  mountPath: /etc/nats/creds
  readOnly: true
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.caSecret }}
- name: nats-tls-ca
  mountPath: /etc/nats/tls-ca
  readOnly: true
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.clientCertSecret }}
- name: nats-tls-client
  mountPath: /etc/nats/tls-client
  readOnly: true
{{- end }}
{{- end -}}

{{/* Secret volumes: readable by the pod's user and fsGroup only (mode 0440 = 288). */}}
{{- define "repowiki-lib.natsVolumes" -}}
{{- $mode := include "repowiki-lib.natsAuthMode" . -}}
{{- if or (eq $mode "creds") (eq $mode "nkey") }}
- name: nats-creds
  secret:
    secretName: {{ .Values.nats.auth.secretName }}
    defaultMode: 288 # 0440: owner and group (fsGroup) read only
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.caSecret }}
- name: nats-tls-ca
  secret:
    secretName: {{ .Values.nats.tls.caSecret }}
    defaultMode: 288 # 0440: owner and group (fsGroup) read only
{{- end }}
{{- if and .Values.nats.tls.enabled .Values.nats.tls.clientCertSecret }}
- name: nats-tls-client
  secret:
    secretName: {{ .Values.nats.tls.clientCertSecret }}
    defaultMode: 288 # 0440: owner and group (fsGroup) read only
{{- end }}
{{- end -}}

{{/*
NATS_STREAM_* and the EVENTS/DLQ limits from nats.streams, applied by the services at start-up
(created, or updated in place: R1 → R3 keeps the messages). A null value sets no variable,
and the streams keep what they have.
*/}}
{{- define "repowiki-lib.streamEnv" -}}
{{- $streams := .Values.nats.streams | default dict -}}
{{- range $key, $name := dict "replicas" "NATS_STREAM_REPLICAS" "storage" "NATS_STREAM_STORAGE" "eventsMaxAgeMs" "NATS_EVENTS_MAX_AGE_MS" "eventsMaxBytes" "NATS_EVENTS_MAX_BYTES" "dlqMaxAgeMs" "NATS_DLQ_MAX_AGE_MS" "dlqMaxBytes" "NATS_DLQ_MAX_BYTES" }}
{{- $value := get $streams $key -}}
{{- if not (kindIs "invalid" $value) }}
- name: {{ $name }}
  value: {{ (kindIs "string" $value) | ternary $value (int64 $value | toString) | quote }}
{{- end }}
{{- end }}
{{- end -}}
