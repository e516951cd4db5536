{{/*
Security and tenancy settings of the api-service (its AccessConfig), from the `access` values. Keys are exactly the
environment variable names the service reads. The bootstrap admin key is not here: it comes from a Secret.
*/}}
{{- define "so.accessConfig" -}}
{{- $a := .Values.access -}}
API_RATE_LIMIT_ENABLED: {{ $a.rateLimit.enabled | quote }}
API_RATE_LIMIT_REQUESTS_PER_MINUTE: {{ $a.rateLimit.requestsPerMinute | quote }}
API_RATE_LIMIT_CREATES_PER_MINUTE: {{ $a.rateLimit.createsPerMinute | quote }}
API_IDEMPOTENCY_TTL: {{ $a.idempotencyTtl | quote }}
API_OIDC_JWKS_URL: {{ $a.oidc.jwksUrl | quote }}
API_OIDC_ISSUER: {{ $a.oidc.issuer | quote }}
API_OIDC_AUDIENCE: {{ $a.oidc.audience | quote }}
API_OIDC_TENANT_CLAIM: {{ $a.oidc.tenantClaim | quote }}
API_OIDC_ADMIN_TENANT: {{ $a.oidc.adminTenant | quote }}
{{- end }}

{{/* The Secret holding API_BOOTSTRAP_ADMIN_KEY: the operator's, or the one the chart generates. */}}
{{- define "so.adminKeySecretName" -}}
{{- default (printf "%s-admin-key" (include "so.fullname" .)) .Values.access.bootstrapAdminKey.existingSecret }}
{{- end }}

{{/* The platform's service accounts, as the API server names them in requests. */}}
{{- define "so.platformUsernames" -}}
{{- $worker := dict "root" . "component" "worker" "values" .Values.worker -}}
{{- $reaper := dict "root" . "component" "reaper" "values" .Values.reaper -}}
['system:serviceaccount:{{ .Release.Namespace }}:{{ include "so.serviceAccountName" $worker }}', 'system:serviceaccount:{{ .Release.Namespace }}:{{ include "so.serviceAccountName" $reaper }}']
{{- end }}
