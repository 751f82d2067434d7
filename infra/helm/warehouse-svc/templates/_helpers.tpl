{{/*
The library's values plus, when gitCredentials.secretName is set, the Secret with the
git-credential-store lines mounted read-only at /etc/repowiki/git and GIT_CREDENTIALS_FILE
naming it. The values themselves are never changed (Helm shares them between templates).
*/}}
{{- define "warehouse-svc.values" -}}
{{- $values := deepCopy .Values -}}
{{- with .Values.gitCredentials.secretName -}}
{{- $file := printf "/etc/repowiki/git/%s" $.Values.gitCredentials.credentialsKey -}}
{{- $_ := set $values "extraEnv" (append ($values.extraEnv | default list) (dict "name" "GIT_CREDENTIALS_FILE" "value" $file)) -}}
{{- $volume := dict "name" "git-credentials" "secret" (dict "secretName" . "defaultMode" 288) -}}
{{- $_ := set $values "volumes" (append ($values.volumes | default list) $volume) -}}
{{- $mount := dict "name" "git-credentials" "mountPath" "/etc/repowiki/git" "readOnly" true -}}
{{- $_ := set $values "volumeMounts" (append ($values.volumeMounts | default list) $mount) -}}
{{- end -}}
{{- toYaml $values -}}
{{- end -}}
