{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "so.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name every object starts with. */}}
{{- define "so.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "so.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "so.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Name of one component's objects: (dict "root" $ "component" "api") */}}
{{- define "so.componentName" -}}
{{- printf "%s-%s" (include "so.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "so.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: store-orchestrator
{{ include "so.selectorLabels" . }}
{{- end }}

{{/*
Selector labels. Note: the platform's own objects are managed by Helm; only store namespaces carry
app.kubernetes.io/managed-by=store-orchestrator, which is what the reaper selects on.
*/}}
{{- define "so.selectorLabels" -}}
app.kubernetes.io/name: {{ include "so.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "so.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .values.repository $tag }}
{{- end }}

{{- define "so.serviceAccountName" -}}
{{- if .values.serviceAccount.create }}
{{- default (include "so.componentName" .) .values.serviceAccount.name }}
{{- else }}
{{- default "default" .values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the credentials: the operator's, or the chart's own. */}}
{{- define "so.databaseSecretName" -}}
{{- default (printf "%s-credentials" (include "so.fullname" .)) .Values.database.existingSecret }}
{{- end }}
{{- define "so.rabbitmqSecretName" -}}
{{- default (printf "%s-credentials" (include "so.fullname" .)) .Values.rabbitmq.existingSecret }}
{{- end }}

{{- define "so.leaseNamespace" -}}
{{- default .Release.Namespace .Values.reaper.lease.namespace }}
{{- end }}

{{/*
Environment shared by every service: database and broker coordinates (ConfigMap) and passwords (Secret).
*/}}
{{- define "so.commonEnv" -}}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "so.databaseSecretName" . }}
      key: {{ .Values.database.existingSecretPasswordKey }}
- name: RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "so.rabbitmqSecretName" . }}
      key: {{ .Values.rabbitmq.existingSecretPasswordKey }}
{{- end }}

{{/* Pod-level scheduling and security settings of one component. */}}
{{- define "so.podSpecCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir: {}
{{- end }}

{{/* The part of a service container that is the same for every component. */}}
{{- define "so.containerCommon" -}}
image: {{ include "so.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: {{ .values.port }}
    protocol: TCP
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
startupProbe:
  httpGet:
    path: {{ .root.Values.probes.livenessPath }}
    port: http
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: {{ .root.Values.probes.livenessPath }}
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: {{ .root.Values.probes.readinessPath }}
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
resources:
  {{- toYaml .values.resources | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{/* Pod annotations: a checksum of the configuration so pods roll on change, plus optional scrape hints. */}}
{{- define "so.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmaps.yaml") .root | sha256sum }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .values.port | quote }}
prometheus.io/path: /prometheus
{{- end }}
{{- with .values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Database and broker coordinates every component reads (passwords come from the Secret). */}}
{{- define "so.commonConfig" -}}
DATABASE_URL: {{ .Values.database.url | quote }}
DATABASE_USER: {{ .Values.database.user | quote }}
RABBITMQ_HOST: {{ .Values.rabbitmq.host | quote }}
RABBITMQ_PORT: {{ .Values.rabbitmq.port | quote }}
RABBITMQ_USERNAME: {{ .Values.rabbitmq.username | quote }}
RABBITMQ_VHOST: {{ .Values.rabbitmq.vhost | quote }}
RABBITMQ_TOPOLOGY_PREFIX: {{ .Values.rabbitmq.topologyPrefix | quote }}
RABBITMQ_CONFIRM_TIMEOUT: {{ .Values.rabbitmq.confirmTimeout | quote }}
{{- end }}
