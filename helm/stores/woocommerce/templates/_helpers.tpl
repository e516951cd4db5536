{{/*
Labels every object of a store carries (StoreLabels.forStore in common), plus the component.
*/}}
{{- define "store.labels" -}}
app.kubernetes.io/managed-by: store-orchestrator
app.kubernetes.io/part-of: store-orchestrator
store-orchestrator.io/store-id: {{ required "store.id is required" .root.Values.store.id | quote }}
store-orchestrator.io/store-name: {{ required "store.name is required" .root.Values.store.name | quote }}
store-orchestrator.io/engine: {{ .root.Values.engine | quote }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* Selects the pods of one component of this store. */}}
{{- define "store.selector" -}}
store-orchestrator.io/store-id: {{ .root.Values.store.id | quote }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "store.host" -}}
{{- default (printf "%s.%s" .Values.store.name .Values.baseDomain) .Values.store.host }}
{{- end }}

{{/* env entries: plain values, then values from the store's Secret. */}}
{{- define "store.env" -}}
{{- range $name, $value := .plain }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $name, $key := .secret }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: store-credentials
      key: {{ $key }}
{{- end }}
{{- end }}
