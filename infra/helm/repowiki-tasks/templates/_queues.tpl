{{/* The queue each service consumes (scheduler-svc: none), as in packages/contracts. */}}
{{- define "repowiki-tasks.queues" -}}
warehouse-svc: warehouse
stats-svc: statistics
accesslog-svc: accesslog
minimap-svc: minimap
migration-svc: migration
{{- end -}}
