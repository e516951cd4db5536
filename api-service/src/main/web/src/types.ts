// The API's JSON shapes (docs/api.md). Fields a server may not send yet are optional.

export const STATUSES = ['QUEUED', 'PROVISIONING', 'READY', 'UPDATING', 'FAILED', 'DELETING', 'DELETED', 'RESTORING'] as const;
export type StoreStatus = (typeof STATUSES)[number];

export interface Failure {
  step: string;
  reason: string;
  message: string;
  at: string;
}

export interface Store {
  id: string;
  name: string;
  engine: string;
  plan: string;
  version: string;
  revision: number;
  status: StoreStatus;
  statusReason: string | null;
  failure: Failure | null;
  url: string;
  namespace: string;
  generation: number;
  createdAt: string;
  updatedAt: string;
  readyAt: string | null;
  /** null: created by the platform admin. */
  tenantId?: string | null;
  /** When the reaper deletes it (its ttl); null: never. */
  expiresAt?: string | null;
}

export interface StorePage {
  items: Store[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  time: string;
  step: string;
  type: string;
  message: string;
  generation: number;
  reason: string | null;
  durationMs: number | null;
  revision: number | null;
}

export interface Revision {
  revision: number;
  version: string;
  plan: string;
  status: 'PENDING' | 'READY' | 'FAILED' | 'SUPERSEDED';
  createdAt: string;
  reason: string | null;
  readyAt: string | null;
}

export interface Engine {
  id: string;
  name: string;
  versions: string[];
  defaultVersion: string | null;
  available: boolean;
}

export interface Plan {
  id: string;
  description: string;
  default: boolean;
  quota: { cpu: string; memory: string; pods: number; pvcs: number; storage: string };
  appReplicas: number;
  databaseVolumeSize: string;
}

export interface Tenant {
  id: string;
  name: string;
  maxStores: number;
  liveStores: number;
}

export interface AuditRow {
  time: string;
  action: string;
  storeId: string | null;
  storeName: string | null;
  tenantId: string | null;
  actor: string;
  sourceIp: string | null;
  detail: string | null;
}

export interface Percentiles {
  count: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface HourlyPercentiles extends Percentiles {
  hourStart: string;
}

export interface MetricsSummary {
  storesByStatus: Partial<Record<StoreStatus, number>>;
  liveStores: number;
  provisioning?: { count: number; avgSeconds: number | null; minSeconds: number | null; maxSeconds: number | null };
  recentFailures: { storeId: string; name: string; reason: string | null; failedAt: string }[];
  timeToReady?: { lastHour: Percentiles; lastDay: Percentiles; hourly: HourlyPercentiles[] };
  queue?: { commandsReady: number | null; deadLettered: number | null };
  workers?: { busy: number };
}

export interface Items<T> {
  items: T[];
}
