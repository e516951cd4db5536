import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { Card, ErrorNote, StatusBadge, TenantName } from '../components/bits';
import { Backups } from '../components/Backups';
import { Domains } from '../components/Domains';
import { StoreActions } from '../components/StoreActions';
import { StepChart } from '../components/StepChart';
import { clock, dateTime, duration, millis, secondsBetween, fromNow } from '../format';
import { useCoalesced, useLive, useSession, useTitle } from '../hooks';
import type { Items, Revision, Store, TimelineEntry } from '../types';

/** One store: its details, its failure, its live timeline with step durations, its revisions and its actions. */
export function StorePage({ id }: { id: string }) {
  const { role } = useSession();
  const [store, setStore] = useState<Store | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [error, setError] = useState<unknown>(null);
  const loadedLive = useRef(false);
  const { feed } = useSession();
  useTitle(store ? store.name : 'Store');

  const loadHistory = () => {
    Promise.all([
      get<Items<TimelineEntry>>(`/api/v1/stores/${encodeURIComponent(id)}/events`),
      get<Items<Revision>>(`/api/v1/stores/${encodeURIComponent(id)}/revisions`),
    ]).then(([events, revs]) => {
      setTimeline(events.items);
      setRevisions(revs.items);
    }).catch(setError);
  };
  const load = () => {
    loadedLive.current = feed.state === 'live';
    get<Store>(`/api/v1/stores/${encodeURIComponent(id)}`)
      .then((s) => { setStore(s); setError(null); loadHistory(); })
      .catch(setError);
  };
  useEffect(load, [id]);

  // A change of the store brings new timeline entries: read them once a burst of changes settles.
  const refreshHistory = useCoalesced(loadHistory, 400, 1000);
  const reload = useCoalesced(load, 200);
  useLive((event) => {
    if (event.kind === 'store' && event.store.id === id) {
      setStore(event.store);
      refreshHistory();
    } else if (event.kind === 'reset' || (event.kind === 'open' && !event.resumed && !loadedLive.current)) {
      reload();
    }
  });

  if (!store) {
    return error instanceof ApiError && error.status === 404
      ? <><h1>Store not found</h1><p>No store with id <code>{id}</code> is visible to this key. <a href="#/">All stores</a></p></>
      : error ? <ErrorNote error={error} /> : <p class="muted">Loading the store…</p>;
  }

  return (
    <>
      <p class="crumbs"><a href="#/">Stores</a> / {store.name}</p>
      <div class="page-head">
        <h1 id="store-name-heading">{store.name}</h1>
        <StatusBadge status={store.status} />
      </div>
      <ErrorNote error={error} />
      {store.status === 'FAILED' && store.failure && (
        <section class="failure card" aria-labelledby="failure-title" id="failure">
          <h2 id="failure-title">Why it failed</h2>
          <dl class="facts">
            <dt>Step</dt><dd id="failure-step"><code>{store.failure.step}</code></dd>
            <dt>Reason</dt><dd id="failure-reason"><strong>{store.failure.reason}</strong></dd>
            <dt>Message</dt><dd id="failure-message">{store.failure.message}</dd>
            <dt>At</dt><dd>{dateTime(store.failure.at)}</dd>
          </dl>
          <p class="muted small">Fix the cause, then Retry: the store is provisioned again from where it stands.</p>
        </section>
      )}
      {store.status !== 'FAILED' && store.statusReason && (
        <p class="notice" id="status-reason">{store.statusReason}</p>
      )}
      <div class="grid two">
        <Card title="Details" id="details">
          <dl class="facts">
            <dt>URL</dt>
            <dd>{store.status === 'DELETED' ? <span class="muted">{store.url}</span>
              : <a href={store.url} target="_blank" rel="noopener noreferrer">{store.url}</a>}</dd>
            <dt>Engine</dt><dd>{store.engine} {store.version}</dd>
            <dt>Plan</dt><dd>{store.plan}</dd>
            {store.template && <><dt>Template</dt><dd id="store-template">{store.template}</dd></>}
            <dt>Revision</dt><dd>{store.revision}</dd>
            {role === 'admin' && <><dt>Tenant</dt><dd><TenantName id={store.tenantId} /></dd></>}
            <dt>Namespace</dt><dd><code>{store.namespace}</code></dd>
            <dt>Created</dt><dd>{dateTime(store.createdAt)}</dd>
            <dt>Ready</dt>
            <dd>{store.readyAt ? `${dateTime(store.readyAt)} (after ${duration(secondsBetween(store.createdAt, store.readyAt))})` : '—'}</dd>
            <dt>Updated</dt><dd>{dateTime(store.updatedAt)}</dd>
            <dt>Expires</dt>
            <dd id="store-expires">{store.expiresAt ? `${dateTime(store.expiresAt)} (${fromNow(store.expiresAt, Date.now())})` : 'never'}</dd>
            <dt>Generation</dt><dd>{store.generation}</dd>
            <dt>Id</dt><dd><code>{store.id}</code></dd>
          </dl>
        </Card>
        <StoreActions store={store} revisions={revisions} onChanged={(s) => { setStore(s); refreshHistory(); }} />
      </div>
      {store.status !== 'DELETED' && (
        <div class="grid two">
          <Backups store={store} onChanged={(s) => { setStore(s); refreshHistory(); }} />
          <Domains store={store} />
        </div>
      )}
      <Card title="Step durations" id="steps">
        <StepChart timeline={timeline} generation={store.generation} />
      </Card>
      <Card title="Timeline" id="timeline">
        <Timeline entries={timeline} />
      </Card>
      <Card title="Revisions" id="revisions">
        <Revisions revisions={revisions} serving={store.revision} />
      </Card>
    </>
  );
}

const TIMELINE_SHOWN = 40;

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const [all, setAll] = useState(false);
  if (entries.length === 0) return <p class="muted">Nothing yet.</p>;
  // Newest first: what is happening now is at the top.
  const newest = entries.slice().reverse();
  const rows = all ? newest : newest.slice(0, TIMELINE_SHOWN);
  return (
    <>
      <ol class="timeline" id="timeline-list" aria-live="polite">
        {rows.map((e) => (
          <li class={`tl tl-${e.type.toLowerCase()}`} data-type={e.type} data-step={e.step}>
            <time dateTime={e.time} title={dateTime(e.time)}>{clock(e.time)}</time>
            <span class="tl-type">{e.type}</span>
            <code class="tl-step">{e.step}</code>
            <span class="tl-message">
              {e.reason && <strong>{e.reason}: </strong>}{e.message}
              {e.revision !== null && <span class="muted"> · revision {e.revision}</span>}
            </span>
            <span class="tl-duration">{e.durationMs !== null ? millis(e.durationMs) : ''}</span>
          </li>
        ))}
      </ol>
      {newest.length > TIMELINE_SHOWN && (
        <button type="button" class="link more" onClick={() => setAll(!all)}>
          {all ? `Show the latest ${TIMELINE_SHOWN}` : `Show all ${newest.length} entries`}
        </button>
      )}
    </>
  );
}

function Revisions({ revisions, serving }: { revisions: Revision[]; serving: number }) {
  if (revisions.length === 0) return <p class="muted">No revisions yet.</p>;
  return (
    <div class="table-wrap">
      <table class="responsive" id="revisions-table">
        <thead>
          <tr><th scope="col">Revision</th><th scope="col">Version</th><th scope="col">Plan</th><th scope="col">Status</th>
            <th scope="col">Created</th><th scope="col">Ready</th><th scope="col">Why</th></tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr data-revision={r.revision}>
              <th scope="row" data-label="Revision">{r.revision}{r.revision === serving && <span class="tag">serving</span>}</th>
              <td data-label="Version">{r.version}</td>
              <td data-label="Plan">{r.plan}</td>
              <td data-label="Status"><span class={`badge badge-rev-${r.status.toLowerCase()}`}>{r.status}</span></td>
              <td data-label="Created">{dateTime(r.createdAt)}</td>
              <td data-label="Ready">{dateTime(r.readyAt)}</td>
              <td data-label="Why">{r.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

