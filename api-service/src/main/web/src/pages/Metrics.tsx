import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { Card, ErrorNote, StatusBadge } from '../components/bits';
import { HourlyChart } from '../components/HourlyChart';
import { clock, dateTime, duration } from '../format';
import { useCoalesced, useLive, useSession, useTitle } from '../hooks';
import { STATUSES, type MetricsSummary, type Percentiles } from '../types';

/** The API's metrics summary (GET /api/v1/metrics), read again after live changes, at most every few seconds. */
export function MetricsPage() {
  useTitle('Metrics');
  const { feed } = useSession();
  const [metrics, setMetrics] = useState<MetricsSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [at, setAt] = useState<number | null>(null);
  const loadedLive = useRef(false);

  const load = () => {
    loadedLive.current = feed.state === 'live';
    get<MetricsSummary>('/api/v1/metrics').then((m) => {
      setMetrics(m);
      setAt(Date.now());
      setError(null);
    }).catch(setError);
  };
  useEffect(load, []);
  const refresh = useCoalesced(load, 1000, 5000);
  useLive((event) => {
    if (event.kind === 'store' || event.kind === 'reset'
      || (event.kind === 'open' && !event.resumed && !loadedLive.current)) refresh();
  });

  if (!metrics) return error ? <ErrorNote error={error} /> : <p class="muted">Loading the metrics…</p>;
  const total = STATUSES.reduce((n, s) => n + (s === 'DELETED' ? 0 : metrics.storesByStatus[s] ?? 0), 0);
  const ttr = metrics.timeToReady;
  return (
    <>
      <div class="page-head">
        <h1>Metrics</h1>
        <span class="muted small">{at && `as of ${clock(at)}`}</span>
      </div>
      <ErrorNote error={error} />
      <div class="grid tiles" id="metric-tiles">
        <Tile label="Live stores" value={String(metrics.liveStores)} id="tile-live" />
        <Tile label="Provisioning now" value={String((metrics.storesByStatus.QUEUED ?? 0) + (metrics.storesByStatus.PROVISIONING ?? 0))} />
        <Tile label="Workers busy" value={metrics.workers ? String(metrics.workers.busy) : '—'} id="tile-workers"
              hint="stores whose steps a worker is executing right now" />
        <Tile label="Commands queued" value={count(metrics.queue?.commandsReady)} id="tile-queue"
              hint="ready messages on the commands queue" />
        <Tile label="Dead-lettered" value={count(metrics.queue?.deadLettered)} warn={(metrics.queue?.deadLettered ?? 0) > 0} />
      </div>
      <Card title="Stores by status" id="by-status">
        <div class="stack-bar" role="img" aria-label="Share of live stores by status">
          <svg viewBox="0 0 1000 16" preserveAspectRatio="none" aria-hidden="true">
            {(() => {
              let x = 0;
              return STATUSES.filter((s) => s !== 'DELETED').map((s) => {
                const w = total ? ((metrics.storesByStatus[s] ?? 0) / total) * 1000 : 0;
                const rect = <rect x={x} width={w} height={16} class={`fill-${s.toLowerCase()}`} />;
                x += w;
                return rect;
              });
            })()}
          </svg>
        </div>
        <ul class="status-counts">
          {STATUSES.map((s) => (
            <li data-status={s}><StatusBadge status={s} /> <strong>{metrics.storesByStatus[s] ?? 0}</strong></li>
          ))}
        </ul>
      </Card>
      <Card title="Time to ready" id="time-to-ready">
        {ttr ? (
          <>
            <div class="grid tiles">
              <Percentile label="Last hour" p={ttr.lastHour} />
              <Percentile label="Last 24 hours" p={ttr.lastDay} />
            </div>
            <HourlyChart hours={ttr.hourly} />
          </>
        ) : metrics.provisioning ? (
          <p>All time: {metrics.provisioning.count} stores, average {duration(metrics.provisioning.avgSeconds)},
            fastest {duration(metrics.provisioning.minSeconds)}, slowest {duration(metrics.provisioning.maxSeconds)}.</p>
        ) : <p class="muted">Not reported by this API.</p>}
      </Card>
      <Card title="Recent failures" id="recent-failures">
        {metrics.recentFailures.length === 0 ? <p class="muted">No store is FAILED.</p> : (
          <div class="table-wrap">
            <table class="responsive">
              <thead><tr><th scope="col">Store</th><th scope="col">Why</th><th scope="col">When</th></tr></thead>
              <tbody>
                {metrics.recentFailures.map((f) => (
                  <tr>
                    <th scope="row" data-label="Store"><a href={`#/stores/${f.storeId}`}>{f.name}</a></th>
                    <td data-label="Why">{f.reason ?? '—'}</td>
                    <td data-label="When">{dateTime(f.failedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function count(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : String(n);
}

function Tile({ label, value, hint, id, warn }: { label: string; value: string; hint?: string; id?: string; warn?: boolean }) {
  return (
    <div class={`tile${warn ? ' warn' : ''}`} id={id} title={hint}>
      <span class="tile-value">{value}</span>
      <span class="tile-label">{label}</span>
    </div>
  );
}

function Percentile({ label, p }: { label: string; p: Percentiles }) {
  return (
    <div class="tile wide">
      <span class="tile-label">{label} · {p.count} {p.count === 1 ? 'store' : 'stores'} became ready</span>
      <span class="tile-value">p50 {duration(p.p50Seconds)} <span class="muted">·</span> p95 {duration(p.p95Seconds)}</span>
    </div>
  );
}
