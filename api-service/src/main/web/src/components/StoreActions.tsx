import { useEffect, useRef, useState } from 'preact/hooks';
import { call, describe } from '../api';
import { useSession } from '../hooks';
import type { Engine, Plan, Revision, Store, StoreStatus } from '../types';

/** What the state machine allows (StoreStateMachine in common; docs/api.md): buttons are disabled otherwise. */
const DELETABLE: StoreStatus[] = ['QUEUED', 'PROVISIONING', 'READY', 'UPDATING', 'FAILED', 'RESTORING'];

interface Answer {
  ok: boolean;
  text: string;
}

/** Delete, Retry, Upgrade and Rollback, each showing what the API answered. */
export function StoreActions({ store, revisions, onChanged }: {
  store: Store;
  revisions: Revision[];
  onChanged: (store: Store) => void;
}) {
  const { catalog } = useSession();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [engine, setEngine] = useState<Engine | null>(null);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [version, setVersion] = useState(store.version);
  const [plan, setPlan] = useState(store.plan);
  const rollbackTargets = revisions.filter((r) => r.status === 'READY' && r.revision !== store.revision);
  const [target, setTarget] = useState<string>('');
  const [ttl, setTtl] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    catalog().then((c) => {
      setEngine(c.engines.find((e) => e.id === store.engine) ?? null);
      setPlans(c.plans);
    }).catch(() => {});
  }, [catalog, store.engine]);
  useEffect(() => { setVersion(store.version); setPlan(store.plan); }, [store.version, store.plan]);
  useEffect(() => {
    if (!rollbackTargets.some((r) => String(r.revision) === target)) setTarget(String(rollbackTargets[0]?.revision ?? ''));
  }, [revisions, store.revision]);

  const act = async (label: string, method: string, path: string, body?: unknown) => {
    setBusy(true);
    setAnswer(null);
    try {
      const changed = await call<Store>(method, path, body);
      setAnswer({ ok: true, text: `${label}: accepted; the store is ${changed.status}.` });
      onChanged(changed);
    } catch (error) {
      setAnswer({ ok: false, text: `${label} refused: ${describe(error)}` });
    } finally {
      setBusy(false);
    }
  };
  const base = `/api/v1/stores/${store.id}`;
  const ready = store.status === 'READY';
  const canDelete = DELETABLE.includes(store.status);
  // An expiry can be changed while the store lives (not once it is being deleted): a change of its own, no revision.
  const canExpire = canDelete;

  const upgrade = (event: Event) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    if (version !== store.version) body.version = version;
    if (plan !== store.plan) body.plan = plan;
    void act('Upgrade', 'PATCH', base, body);
  };

  return (
    <section class="card actions-card" aria-labelledby="actions-title" id="actions">
      <h2 id="actions-title">Actions</h2>
      <div class="actions">
        <button type="button" id="retry" disabled={busy || store.status !== 'FAILED'}
                title={store.status === 'FAILED' ? 'Provision it again' : 'Only a FAILED store can be retried'}
                onClick={() => void act('Retry', 'POST', `${base}/retry`)}>Retry</button>
        <button type="button" id="delete" class="danger" disabled={busy || !canDelete}
                title={canDelete ? 'Delete the store and everything in it' : `A ${store.status} store cannot be deleted`}
                onClick={() => dialog.current?.showModal()}>Delete…</button>
      </div>

      <form class="inline-form" onSubmit={upgrade} id="upgrade-form" aria-labelledby="upgrade-title">
        <h3 id="upgrade-title">Upgrade</h3>
        <div class="row">
          <div class="field">
            <label for="upgrade-version">Version</label>
            <select id="upgrade-version" value={version} disabled={!ready}
                    onChange={(e) => setVersion((e.target as HTMLSelectElement).value)}>
              {(engine?.versions.includes(store.version) ? engine.versions : [store.version, ...(engine?.versions ?? [])])
                .map((v) => <option value={v}>{v}{v === store.version ? ' (current)' : ''}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="upgrade-plan">Plan</label>
            <select id="upgrade-plan" value={plan} disabled={!ready}
                    onChange={(e) => setPlan((e.target as HTMLSelectElement).value)}>
              {(plans.some((p) => p.id === store.plan) ? plans.map((p) => p.id) : [store.plan, ...plans.map((p) => p.id)])
                .map((p) => <option value={p}>{p}{p === store.plan ? ' (current)' : ''}</option>)}
            </select>
          </div>
          <button type="submit" id="upgrade" disabled={busy || !ready || (version === store.version && plan === store.plan)}
                  title={ready ? 'Apply this version and plan as a new revision' : 'Only a READY store can be upgraded'}>
            Upgrade
          </button>
        </div>
      </form>

      <form class="inline-form" id="rollback-form" aria-labelledby="rollback-title"
            onSubmit={(e) => { e.preventDefault(); void act('Rollback', 'POST', `${base}/rollback`, { revision: Number(target) }); }}>
        <h3 id="rollback-title">Rollback</h3>
        <div class="row">
          <div class="field">
            <label for="rollback-revision">To revision</label>
            <select id="rollback-revision" value={target} disabled={!ready || rollbackTargets.length === 0}
                    onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
              {rollbackTargets.length === 0 && <option value="">no other revision served</option>}
              {rollbackTargets.map((r) => (
                <option value={r.revision}>{r.revision}: {r.version}, {r.plan}</option>
              ))}
            </select>
          </div>
          <button type="submit" id="rollback" disabled={busy || !ready || !target}
                  title={ready ? 'Apply that revision again' : 'Only a READY store can be rolled back'}>Rollback</button>
        </div>
      </form>

      <form class="inline-form" id="expiry-form" aria-labelledby="expiry-title"
            onSubmit={(e) => { e.preventDefault(); void act('Expiry', 'PATCH', base, { ttl: ttl.trim() }); }}>
        <h3 id="expiry-title">Expiry</h3>
        <div class="row">
          <div class="field">
            <label for="expiry-ttl">Expire in</label>
            <input id="expiry-ttl" value={ttl} placeholder="e.g. 72h" autocomplete="off" spellcheck={false}
                   disabled={!canExpire} onInput={(e) => setTtl((e.target as HTMLInputElement).value)} />
          </div>
          <button type="submit" id="set-expiry" disabled={busy || !canExpire || !ttl.trim()}
                  title={canExpire ? 'Delete the store this long from now' : `A ${store.status} store has no expiry`}>
            Set
          </button>
          <button type="button" id="clear-expiry" disabled={busy || !canExpire || !store.expiresAt}
                  title={store.expiresAt ? 'Keep the store until it is deleted by hand' : 'The store does not expire'}
                  onClick={() => void act('Expiry', 'PATCH', base, { expiresAt: null })}>Never expire</button>
        </div>
      </form>

      {answer && (
        <p class={answer.ok ? 'answer ok' : 'answer error'} role="status" id="action-answer">{answer.text}</p>
      )}

      <dialog ref={dialog} id="delete-dialog" aria-labelledby="delete-title">
        <form method="dialog" onSubmit={(e) => {
          if ((e.submitter as HTMLButtonElement | null)?.value === 'delete') void act('Delete', 'DELETE', base);
        }}>
          <h2 id="delete-title">Delete the store “{store.name}”?</h2>
          <p>Its namespace and everything in it — the database and its volume, the secrets, the app — are removed.
            This cannot be undone.</p>
          <div class="actions">
            <button type="submit" value="cancel" autofocus>Cancel</button>
            <button type="submit" value="delete" class="danger" id="confirm-delete">Delete {store.name}</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
