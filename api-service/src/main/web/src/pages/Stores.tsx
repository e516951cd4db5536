import { useEffect, useRef, useState } from 'preact/hooks';
import { get, query } from '../api';
import { StatusBadge, TenantName, ErrorNote } from '../components/bits';
import { age, duration, secondsBetween } from '../format';
import { useCoalesced, useLive, useNow, useSession, useTitle } from '../hooks';
import { applyChange, type StoreFilter } from '../storeList';
import { STATUSES, type Store, type StorePage, type StoreStatus } from '../types';

const PAGE_SIZES = [20, 50, 100];

/**
 * The stores table: the caller's stores (the admin's: every tenant's, with a tenant column and filter), filtered by
 * status and name, a page at a time with the API's cursor, kept current by the live feed.
 */
export function StoresPage() {
  useTitle('Stores');
  const { role, tenants, feed } = useSession();
  const now = useNow();
  const [filter, setFilter] = useState<StoreFilter>({ status: '', name: '', tenant: '' });
  const [nameInput, setNameInput] = useState('');
  const [limit, setLimit] = useState(20);
  /** The cursors of the pages before this one, and this one's ({@code null}: the first page). */
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [stores, setStores] = useState<Store[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const loadedLive = useRef(false);
  const request = useRef(0);
  const cursor = cursors[cursors.length - 1];

  const load = () => {
    const mine = ++request.current;
    loadedLive.current = feed.state === 'live';
    setLoading(true);
    get<StorePage>(`/api/v1/stores${query({ status: filter.status, name: filter.name, tenant: filter.tenant, limit, cursor })}`)
      .then((page) => {
        if (mine !== request.current) return;
        setStores(page.items);
        setNext(page.nextCursor);
        setError(null);
      })
      .catch((failure) => mine === request.current && setError(failure))
      .finally(() => mine === request.current && setLoading(false));
  };
  useEffect(load, [filter, limit, cursor]);

  // Typing in the search box asks the server once the typing pauses.
  const search = useCoalesced(() => {
    setFilter((f) => ({ ...f, name: nameInput.trim() }));
    setCursors([null]);
  }, 300);
  useEffect(() => {
    if (nameInput.trim() !== filter.name) search();
  }, [nameInput]);

  const reload = useCoalesced(load, 200);
  useLive((event) => {
    if (event.kind === 'store') {
      setStores((page) => page && applyChange(page, event.store, filter, cursors.length === 1));
    } else if (event.kind === 'reset' || (event.kind === 'open' && !event.resumed && !loadedLive.current)) {
      reload();
    }
  });

  const change = (patch: Partial<StoreFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setCursors([null]);
  };
  const admin = role === 'admin';

  return (
    <>
      <div class="page-head">
        <h1>Stores</h1>
        <a class="button primary" href="#/new">New store</a>
      </div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="filter-name">Search by name</label>
          <input id="filter-name" type="search" value={nameInput} placeholder="my-shop"
                 onInput={(e) => setNameInput((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={filter.status}
                  onChange={(e) => change({ status: (e.target as HTMLSelectElement).value as StoreStatus | '' })}>
            <option value="">All but deleted</option>
            {STATUSES.map((s) => <option value={s}>{s}</option>)}
          </select>
        </div>
        {admin && (
          <div class="field">
            <label for="filter-tenant">Tenant</label>
            <select id="filter-tenant" value={filter.tenant}
                    onChange={(e) => change({ tenant: (e.target as HTMLSelectElement).value })}>
              <option value="">All tenants</option>
              {[...tenants.values()].sort((a, b) => a.name.localeCompare(b.name))
                .map((t) => <option value={t.id}>{t.name}</option>)}
            </select>
          </div>
        )}
        <div class="field">
          <label for="page-size">Per page</label>
          <select id="page-size" value={limit}
                  onChange={(e) => { setLimit(Number((e.target as HTMLSelectElement).value)); setCursors([null]); }}>
            {PAGE_SIZES.map((n) => <option value={n}>{n}</option>)}
          </select>
        </div>
      </form>
      <ErrorNote error={error} />
      {stores === null ? (
        !error && <p class="muted">Loading stores…</p>
      ) : stores.length === 0 ? (
        <p class="empty" id="no-stores">
          {filter.status || filter.name || filter.tenant ? 'No store matches these filters.' : 'No stores yet. '}
          {!filter.status && !filter.name && !filter.tenant && <a href="#/new">Create the first one</a>}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="stores responsive" aria-busy={loading ? 'true' : 'false'} id="stores-table">
            <caption class="sr-only">Stores, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {admin && <th scope="col">Tenant</th>}
                <th scope="col">Engine</th>
                <th scope="col">Plan</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Age</th>
                <th scope="col">Time to ready</th>
                <th scope="col">URL</th>
              </tr>
            </thead>
            <tbody>
              {stores.map((store) => (
                <tr key={store.id} data-store-id={store.id} data-store-name={store.name}>
                  <th scope="row" data-label="Name"><a href={`#/stores/${store.id}`}>{store.name}</a></th>
                  {admin && <td data-label="Tenant"><TenantName id={store.tenantId} /></td>}
                  <td data-label="Engine">{store.engine}</td>
                  <td data-label="Plan">{store.plan}</td>
                  <td data-label="Version">{store.version}</td>
                  <td data-label="Status">
                    <StatusBadge status={store.status} />
                    {store.status === 'FAILED' && store.failure && (
                      <span class="reason" title={store.statusReason ?? undefined}>{store.failure.reason}</span>
                    )}
                  </td>
                  <td data-label="Age"><time dateTime={store.createdAt} title={store.createdAt}>{age(store.createdAt, now)}</time></td>
                  <td data-label="Time to ready">{store.readyAt ? duration(secondsBetween(store.createdAt, store.readyAt)) : '—'}</td>
                  <td data-label="URL">
                    {store.status === 'READY' || store.status === 'UPDATING'
                      ? <a href={store.url} target="_blank" rel="noopener noreferrer">{store.url.replace(/^https?:\/\//, '')}</a>
                      : <span class="muted">{store.url.replace(/^https?:\/\//, '')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors([null])}>First</button>
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
        <span class="muted">Page {cursors.length}</span>
        <button type="button" disabled={!next} onClick={() => setCursors((c) => [...c, next])}>Next</button>
      </nav>
    </>
  );
}
