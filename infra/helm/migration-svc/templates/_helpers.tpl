{{/*
BACKUP_SIGNING_KEY from its Secret. In production the service and its migrate Job refuse to
start without it: backups are signed with it and restore verifies the signature.
*/}}
{{- define "migration-svc.signingKeyEnv" -}}
name: BACKUP_SIGNING_KEY
valueFrom:
  secretKeyRef:
    name: {{ required "backup.signingKeySecret is required (a Secret holding BACKUP_SIGNING_KEY)" .Values.backup.signingKeySecret }}
    key: {{ .Values.backup.signingKeySecretKey }}
{{- end -}}

{{/* The claim that holds /data (backups, the generated admin password). */}}
{{- define "migration-svc.claimName" -}}
{{- .Values.persistence.existingClaim | default (printf "%s-data" (include "repowiki-lib.fullname" .)) -}}
{{- end -}}

{{/*
The library templates over a copy of the values with what this chart adds: the signing key
for both the Deployment and the Job, and, with `withData`, the /data volume. The values
themselves are never changed (Helm shares them between templates).
*/}}
{{- define "migration-svc.context" -}}
{{- $values := deepCopy .root.Values -}}
{{- $_ := set $values "extraEnv" (prepend ($values.extraEnv | default list) (include "migration-svc.signingKeyEnv" .root | fromYaml)) -}}
{{- if .withData -}}
{{- $volume := dict "name" "data" "emptyDir" (dict) -}}
{{- if .root.Values.persistence.enabled -}}
{{- $volume = dict "name" "data" "persistentVolumeClaim" (dict "claimName" (include "migration-svc.claimName" .root)) -}}
{{- end -}}
{{- $_ := set $values "volumes" (prepend ($values.volumes | default list) $volume) -}}
{{- $_ := set $values "volumeMounts" (prepend ($values.volumeMounts | default list) (dict "name" "data" "mountPath" "/data")) -}}
{{- end -}}
{{- toYaml $values -}}
{{- end -}}
