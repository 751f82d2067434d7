{{/*
The library's values plus the console's tokens from a Secret: CONSOLE_TOKEN (operators,
required: the console does not start in production without it) and, when
tokens.viewerTokenKey is set, CONSOLE_VIEWER_TOKEN (read-only). Never a value of the chart.
The values themselves are never changed (Helm shares them between templates).
*/}}
{{- define "console.values" -}}
{{- $values := deepCopy .Values -}}
{{- $tokens := .Values.tokens -}}
{{- $secret := required "tokens.secretName is required (a Secret holding CONSOLE_TOKEN; the console refuses to start in production without it)" $tokens.secretName -}}
{{- $env := list (dict "name" "CONSOLE_TOKEN" "valueFrom" (dict "secretKeyRef" (dict "name" $secret "key" $tokens.tokenKey))) -}}
{{- with $tokens.viewerTokenKey -}}
{{- $env = append $env (dict "name" "CONSOLE_VIEWER_TOKEN" "valueFrom" (dict "secretKeyRef" (dict "name" $secret "key" .))) -}}
{{- end -}}
{{- $_ := set $values "extraEnv" (concat $env ($values.extraEnv | default list)) -}}
{{- toYaml $values -}}
{{- end -}}
