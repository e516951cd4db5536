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

{{/* The service a component runs (its container name, and the `service` label of its metrics). */}}
{{- define "so.serviceName" -}}
{{- get (dict "api" "api-service" "worker" "provisioner-worker" "reaper" "reaper-service") .component }}
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
{{- if include "so.readsCatalog" . }}
  - name: catalog
    configMap:
      name: {{ include "so.catalogName" .root }}
{{- end }}
{{- end }}

{{/* The part of a service container that is the same for every component. */}}
{{- define "so.containerCommon" -}}
image: {{ include "so.image" . }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
ports:
  - name: http
    containerPort: {{ .values.port }}
    protocol: TCP
  # /health and /prometheus only: never routed by the Ingress.
  - name: management
    containerPort: {{ .root.Values.management.port }}
    protocol: TCP
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
startupProbe:
  httpGet:
    path: {{ .root.Values.probes.livenessPath }}
    port: management
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: {{ .root.Values.probes.livenessPath }}
    port: management
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: {{ .root.Values.probes.readinessPath }}
    port: management
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
resources:
  {{- toYaml .values.resources | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- if include "so.readsCatalog" . }}
  - name: catalog
    mountPath: {{ include "so.catalogDir" . }}
    readOnly: true
{{- end }}
{{- end }}

{{/*
The store catalog (plans and engine versions): the chart's `catalog` values as the file STORE_CATALOG_FILE names.
Read by the API (it validates plan and version), the worker (it builds stores from them) and the reaper (the plans'
backup schedules).
*/}}
{{- define "so.readsCatalog" -}}
{{- if has .component (list "api" "worker" "reaper") }}true{{ end }}
{{- end }}
{{- define "so.catalogName" -}}
{{- printf "%s-catalog" (include "so.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "so.catalogDir" -}}
/etc/store-orchestrator/catalog
{{- end }}
{{- define "so.catalogFile" -}}
{{ toYaml .Values.catalog }}
{{- end }}

{{/*
Pod annotations. checksum/config is the component's own ConfigMap data, so changing a worker setting rolls the
workers only; checksum/catalog (API, worker and reaper) is the catalog, so a
plan or version change rolls the pods that read it; checksum/secret covers the chart's credentials Secret and which Secrets and keys the pods read, so a
new password (or another existingSecret) rolls every component. A Secret managed outside the chart is not seen:
after rotating one, `kubectl rollout restart` the Deployments (or run a reloader). Plus optional scrape hints.
*/}}
{{- define "so.podAnnotations" -}}
checksum/config: {{ include "so.configData" . | sha256sum }}
{{- if include "so.readsCatalog" . }}
checksum/catalog: {{ include "so.catalogFile" .root | sha256sum }}
{{- end }}
checksum/secret: {{ printf "%s\n%s\n%s" (include (print .root.Template.BasePath "/secret.yaml") .root) (include "so.commonEnv" .root) .root.Values.rabbitmq.existingSecretAmqpUrlKey | sha256sum }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .root.Values.management.port | quote }}
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

{{/* Kubernetes client settings (common's KubernetesSettings) of a component that calls the API server. */}}
{{- define "so.kubernetesClientConfig" -}}
KUBERNETES_CONNECT_TIMEOUT: {{ .kubernetesClient.connectTimeout | quote }}
KUBERNETES_REQUEST_TIMEOUT: {{ .kubernetesClient.requestTimeout | quote }}
KUBERNETES_QPS: {{ .kubernetesClient.qps | quote }}
KUBERNETES_BURST: {{ .kubernetesClient.burst | quote }}
{{- end }}

{{/*
The data of one component's ConfigMap: (dict "root" $ "component" "api"). Keys are exactly the environment variable
names the service reads (deploy-tests checks them against the services' application.yml).
*/}}
{{- define "so.configData" -}}
{{- $v := .root.Values -}}
{{- include "so.commonConfig" .root }}
MANAGEMENT_PORT: {{ $v.management.port | quote }}
{{- if eq .component "api" }}
SERVER_PORT: {{ $v.api.port | quote }}
DATABASE_MAX_POOL_SIZE: {{ $v.api.databaseMaxPoolSize | quote }}
STORE_BASE_DOMAIN: {{ $v.api.storeBaseDomain | quote }}
STORE_URL_SCHEME: {{ $v.api.storeUrlScheme | quote }}
API_MAX_LIVE_STORES: {{ $v.api.maxLiveStores | quote }}
PROVISIONING_TIMEOUT: {{ $v.api.provisioningTimeout | quote }}
OUTBOX_POLL_INTERVAL: {{ $v.api.outboxPollInterval | quote }}
OUTBOX_BATCH_SIZE: {{ $v.api.outboxBatchSize | quote }}
API_TRUST_FORWARDED_FOR: {{ $v.api.trustForwardedFor | quote }}
API_STREAM_HEARTBEAT: {{ $v.api.stream.heartbeat | quote }}
API_STREAM_RETENTION: {{ $v.api.stream.retention | quote }}
API_STREAM_MAX_CLIENTS: {{ $v.api.stream.maxClients | quote }}
API_STREAM_CLIENT_BUFFER: {{ $v.api.stream.clientBuffer | quote }}
API_STREAM_REPLAY_MAX: {{ $v.api.stream.replayMax | quote }}
API_STORE_DEFAULT_TTL: {{ $v.api.storeDefaultTtl | quote }}
DOMAIN_TXT_PREFIX: {{ $v.api.domains.txtPrefix | quote }}
DOMAIN_MAX_PER_STORE: {{ $v.api.domains.maxPerStore | quote }}
DOMAIN_VERIFY_INTERVAL: {{ $v.api.domains.verifyInterval | quote }}
DOMAIN_VERIFY_MAX_INTERVAL: {{ $v.api.domains.verifyMaxInterval | quote }}
DOMAIN_VERIFY_TIMEOUT: {{ $v.api.domains.verifyTimeout | quote }}
DOMAIN_VERIFY_POLL: {{ $v.api.domains.verifyPoll | quote }}
DOMAIN_DNS_SERVER: {{ $v.api.domains.dnsServer | quote }}
DOMAIN_DNS_TIMEOUT: {{ $v.api.domains.dnsTimeout | quote }}
API_BACKUPS_ENABLED: {{ ne $v.backups.s3.bucket "" | quote }}
STORE_CATALOG_FILE: {{ printf "%s/catalog.yml" (include "so.catalogDir" .) | quote }}
{{ include "so.accessConfig" .root }}
JAVA_OPTS: {{ $v.api.javaOpts | quote }}
{{- else if eq .component "worker" }}
{{- $w := $v.worker }}
SERVER_PORT: {{ $w.port | quote }}
DATABASE_MAX_POOL_SIZE: {{ $w.databaseMaxPoolSize | quote }}
{{ include "so.kubernetesClientConfig" $w }}
WORKER_CONCURRENCY: {{ $w.concurrency | quote }}
WORKER_RECHECK_INTERVAL: {{ $w.recheckInterval | quote }}
WORKER_LEASE_DURATION: {{ $w.leaseDuration | quote }}
WORKER_BUSY_RETRY_DELAY: {{ $w.busyRetryDelay | quote }}
WORKER_WATCH_ENABLED: {{ $w.watchEnabled | quote }}
WORKER_UNSCHEDULABLE_GRACE: {{ $w.unschedulableGrace | quote }}
WORKER_NAMESPACE_DELETE_TIMEOUT: {{ $w.namespaceDeleteTimeout | quote }}
WORKER_INGRESS_CLASS: {{ $w.ingressClass | quote }}
WORKER_INGRESS_CONTROLLER_NAMESPACE: {{ $w.ingressControllerNamespace | quote }}
WORKER_TLS_CLUSTER_ISSUER: {{ $w.tlsClusterIssuer | quote }}
WORKER_STORAGE_CLASS: {{ $w.storageClass | quote }}
WORKER_CONTENT_STORAGE_CLASS: {{ $w.contentStorageClass | quote }}
WORKER_CONTENT_ACCESS_MODE: {{ $w.contentAccessMode | quote }}
WORKER_DRIFT_CHECK_INTERVAL: {{ $w.driftCheckInterval | quote }}
WORKER_DRIFT_CORRECTION_ENABLED: {{ $w.driftCorrectionEnabled | quote }}
WORKER_RECOVERY_TIMEOUT: {{ $w.recoveryTimeout | quote }}
DOMAIN_CERT_ISSUER: {{ $w.domainCertIssuer | quote }}
DOMAIN_CERT_ISSUER_KIND: {{ $w.domainCertIssuerKind | quote }}
STORE_CATALOG_FILE: {{ printf "%s/catalog.yml" (include "so.catalogDir" .) | quote }}
WORKER_KUBERNETES_RETRY_ATTEMPTS: {{ $w.kubernetesRetry.attempts | quote }}
WORKER_KUBERNETES_RETRY_BACKOFF: {{ $w.kubernetesRetry.backoff | quote }}
{{- $b := $v.backups }}
BACKUP_S3_ENDPOINT: {{ $b.s3.endpoint | quote }}
BACKUP_S3_BUCKET: {{ $b.s3.bucket | quote }}
BACKUP_S3_REGION: {{ $b.s3.region | quote }}
BACKUP_S3_PATH_STYLE: {{ $b.s3.pathStyle | quote }}
BACKUP_S3_PREFIX: {{ $b.s3.prefix | quote }}
BACKUP_UPLOADER_IMAGE: {{ $b.uploaderImage | quote }}
BACKUP_JOB_DEADLINE: {{ $b.jobDeadline | quote }}
JAVA_OPTS: {{ $w.javaOpts | quote }}
{{- else if eq .component "reaper" }}
{{- $r := $v.reaper }}
SERVER_PORT: {{ $r.port | quote }}
DATABASE_MAX_POOL_SIZE: {{ $r.databaseMaxPoolSize | quote }}
{{ include "so.kubernetesClientConfig" $r }}
REAPER_INTERVAL: {{ $r.interval | quote }}
REAPER_DEADLINE_GRACE: {{ $r.deadlineGrace | quote }}
REAPER_STUCK_DELETING_AFTER: {{ $r.stuckDeletingAfter | quote }}
REAPER_ORPHAN_GRACE: {{ $r.orphanGrace | quote }}
REAPER_DRY_RUN: {{ $r.dryRun | quote }}
REAPER_ORPHAN_MAX_PER_SWEEP: {{ $r.orphans.maxPerSweep | quote }}
REAPER_ORPHAN_MAX_PER_SECOND: {{ $r.orphans.maxPerSecond | quote }}
REAPER_ORPHAN_PARALLELISM: {{ $r.orphans.parallelism | quote }}
REAPER_ORPHAN_PAGE_SIZE: {{ $r.orphans.pageSize | quote }}
REAPER_ORPHAN_MAX_SHARE: {{ $r.orphans.maxShare | quote }}
REAPER_ORPHAN_GUARD_FLOOR: {{ $r.orphans.guardFloor | quote }}
REAPER_ORPHAN_GUARD_OVERRIDE: {{ $r.orphans.guardOverride | quote }}
REAPER_EXPIRY_NOTICE: {{ $r.expiryNotice | quote }}
REAPER_FAILED_RETENTION: {{ $r.retention.failed | quote }}
REAPER_DELETED_RETENTION: {{ $r.retention.deleted | quote }}
REAPER_STORE_MAX_PER_SWEEP: {{ $r.retention.maxPerSweep | quote }}
REAPER_BACKUPS_ENABLED: {{ ne $v.backups.s3.bucket "" | quote }}
STORE_CATALOG_FILE: {{ printf "%s/catalog.yml" (include "so.catalogDir" .) | quote }}
REAPER_LEASE_NAME: {{ $r.lease.name | quote }}
REAPER_LEASE_NAMESPACE: {{ include "so.leaseNamespace" .root | quote }}
REAPER_LEASE_DURATION: {{ $r.lease.duration | quote }}
REAPER_LEASE_RENEW_DEADLINE: {{ $r.lease.renewDeadline | quote }}
REAPER_LEASE_RETRY_PERIOD: {{ $r.lease.retryPeriod | quote }}
JAVA_OPTS: {{ $r.javaOpts | quote }}
{{- end }}
{{- end }}
