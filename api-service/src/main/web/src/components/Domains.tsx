import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, describe, get } from '../api';
import { dateTime } from '../format';
import type { Domain, Items, Store } from '../types';

/** The store's live states in which its domains can change (docs/api.md, "Custom domains"). */
const CHANGEABLE = ['QUEUED', 'PROVISIONING', 'READY', 'UPDATING', 'RESTORING', 'FAILED'];

/**
 * A store's custom domains: add one (the API answers with the TXT record to publish), see each one's state and what
 * the last look at DNS found, remove one.
 */
export function Domains({ store }: { store: Store }) {
  const [domains, setDomains] = useState<Domain[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [host, setHost] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/stores/${store.id}/domains`;

  const load = () => {
    get<Items<Domain>>(base).then((list) => { setDomains(list.items); setError(null); }).catch(setError);
  };
  // A domain's verification and activation are store events: they move updatedAt.
  useEffect(load, [store.id, store.updatedAt]);

  const add = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setNote(null);
    try {
      const added = await call<Domain>('POST', base, { host: host.trim() });
      setHost('');
      setNote(`Publish the TXT record below for ${added.host}; it is served once the record is found.`);
      load();
    } catch (e) {
      setProblem(e instanceof ApiError ? `${e.message} (${e.code})` : describe(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (domain: Domain) => {
    setBusy(true);
    setNote(null);
    try {
      await call('DELETE', `${base}/${encodeURIComponent(domain.host)}`);
      setNote(`${domain.host} is being removed from the store.`);
      load();
    } catch (e) {
      setNote(`Removing ${domain.host} refused: ${describe(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const changeable = CHANGEABLE.includes(store.status);
  return (
    <section class="card" id="domains" aria-labelledby="domains-title">
      <h2 id="domains-title">Custom domains</h2>
      <form class="inline-form" id="domain-form" onSubmit={add} novalidate>
        <div class="row">
          <div class="field">
            <label for="domain-host">Host</label>
            <input id="domain-host" value={host} placeholder="shop.example.com" autocomplete="off" spellcheck={false}
                   autocapitalize="off" disabled={!changeable} aria-invalid={problem ? 'true' : undefined}
                   aria-describedby={problem ? 'domain-error' : undefined}
                   onInput={(e) => setHost((e.target as HTMLInputElement).value)} />
          </div>
          <button type="submit" id="add-domain" disabled={busy || !changeable || !host.trim()}
                  title={changeable ? 'Verify the host through DNS, then serve the store at it with its own certificate'
                    : `A ${store.status} store takes no new domain`}>Add</button>
        </div>
        {problem && <p class="error field-error" role="alert" id="domain-error">{problem}</p>}
      </form>
      {note && <p class="answer ok" role="status" id="domain-answer">{note}</p>}
      {error ? <p class="error" role="alert">{describe(error)}</p> : null}
      {domains !== null && domains.length === 0 && <p class="muted" id="no-domains">Only {store.url}.</p>}
      {domains !== null && domains.length > 0 && (
        <ul class="plain" id="domain-list">
          {domains.map((d) => (
            <li data-host={d.host} data-state={d.state}>
              <strong>{d.host}</strong> <span class={`badge badge-${d.state.toLowerCase()}`}>{d.state}</span>
              {' '}<button type="button" class="link" disabled={busy} onClick={() => void remove(d)}>Remove</button>
              {d.state === 'PENDING_VERIFICATION' && (
                <div class="txt-record small">
                  <span>Publish, before {dateTime(d.verifyDeadline)}:</span>
                  <code>{d.txtRecord.name} {d.txtRecord.type} "{d.txtRecord.value}"</code>
                </div>
              )}
              {d.reason && <p class="small muted">{d.reason}</p>}
              {d.activeAt && <p class="small muted">Served since {dateTime(d.activeAt)}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
