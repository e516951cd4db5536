import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from '../api';
import { ErrorNote, TenantName } from '../components/bits';
import { dateTime, words } from '../format';
import { useCoalesced, useLive, useSession, useTitle } from '../hooks';
import type { AuditRow, Items } from '../types';

/**
 * The audit log, newest first: who did what to which store, when, from where. Every store change that the live feed
 * brings has an audit row, so a change reads the log again (once a burst of changes settles): no polling.
 */
export function ActivityPage() {
  useTitle('Activity');
  const { role, tenants, feed } = useSession();
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const seen = useRef<Set<string> | null>(null);
  const loadedLive = useRef(false);

  const load = () => {
    loadedLive.current = feed.state === 'live';
    get<Items<AuditRow>>(`/api/v1/audit${query({ limit: 100, tenant })}`).then((audit) => {
      const keys = audit.items.map(rowKey);
      // Rows that arrived since the last look are highlighted for a moment.
      setFresh(seen.current ? new Set(keys.filter((k) => !seen.current!.has(k))) : new Set());
      seen.current = new Set(keys);
      setRows(audit.items);
      setError(null);
    }).catch(setError);
  };
  useEffect(() => {
    seen.current = null;
    load();
  }, [tenant]);
  const refresh = useCoalesced(load, 500, 2000);
  useLive((event) => {
    if (event.kind === 'store' || event.kind === 'reset'
      || (event.kind === 'open' && !event.resumed && !loadedLive.current)) refresh();
  });

  const admin = role === 'admin';
  return (
    <>
      <div class="page-head">
        <h1>Activity</h1>
        <button type="button" onClick={load}>Refresh</button>
      </div>
      {admin && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="activity-tenant">Tenant</label>
            <select id="activity-tenant" value={tenant} onChange={(e) => setTenant((e.target as HTMLSelectElement).value)}>
              <option value="">All tenants</option>
              {[...tenants.values()].map((t) => <option value={t.id}>{t.name}</option>)}
            </select>
          </div>
        </form>
      )}
      <ErrorNote error={error} />
      {rows === null ? !error && <p class="muted">Loading the activity…</p> : rows.length === 0 ? (
        <p class="empty">Nothing has happened yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive" id="activity-table">
            <caption class="sr-only">The audit log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th><th scope="col">What</th><th scope="col">Store</th>
                {admin && <th scope="col">Tenant</th>}
                <th scope="col">Who</th><th scope="col">From</th><th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)} class={fresh.has(rowKey(row)) ? 'fresh' : undefined} data-action={row.action}
                    data-store-name={row.storeName ?? undefined}>
                  <td data-label="When"><time dateTime={row.time}>{dateTime(row.time)}</time></td>
                  <td data-label="What"><span class={`action action-${row.action.toLowerCase()}`}>{words(row.action)}</span></td>
                  <td data-label="Store">
                    {row.storeId ? <a href={`#/stores/${row.storeId}`}>{row.storeName ?? row.storeId}</a> : <span class="muted">—</span>}
                  </td>
                  {admin && <td data-label="Tenant"><TenantName id={row.tenantId} /></td>}
                  <td data-label="Who"><code>{row.actor}</code></td>
                  <td data-label="From">{row.sourceIp ?? '—'}</td>
                  <td data-label="Detail">{row.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function rowKey(row: AuditRow): string {
  return `${row.time}|${row.action}|${row.storeId ?? ''}|${row.actor}|${row.detail ?? ''}`;
}
