import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ErrorNote } from '../components/bits';
import { clock } from '../format';
import { navigate, useRoute, useSession, useTitle } from '../hooks';
import { templateContents } from '../templates';
import type { Engine, Plan, Store, Template } from '../types';

type Field = 'name' | 'engine' | 'version' | 'plan' | 'template' | 'ttl' | 'form';

/** Which field an API refusal is about, so it is shown next to that field. */
const FIELD_OF: Record<string, Field> = {
  INVALID_STORE_NAME: 'name',
  STORE_NAME_TAKEN: 'name',
  INVALID_ENGINE: 'engine',
  ENGINE_UNAVAILABLE: 'engine',
  INVALID_VERSION: 'version',
  INVALID_PLAN: 'plan',
  PLAN_NOT_ALLOWED: 'plan',
  QUOTA_EXCEEDED: 'plan',
  INVALID_EXPIRY: 'ttl',
  INVALID_TEMPLATE: 'template',
  BACKUP_NOT_FOUND: 'form',
  BACKUP_NOT_RESTORABLE: 'form',
};

interface Refusal {
  field: Field;
  text: string;
}

function refusal(error: unknown): Refusal {
  if (!(error instanceof ApiError)) return { field: 'form', text: String(error) };
  if (error.code === 'RATE_LIMITED' && error.retryAfter !== null) {
    const at = Date.now() + error.retryAfter * 1000;
    return { field: 'form', text: `${error.message} Try again at ${clock(at)} (in ${error.retryAfter} s).` };
  }
  return { field: FIELD_OF[error.code] ?? 'form', text: `${error.message} (${error.code})` };
}

/**
 * The create form: engines, versions, plans and templates from the API's catalog; the API's refusals next to their
 * field. Opened from a backup ({@code #/new?fromBackup=<id>&engine=<engine>}), it clones that store's data.
 */
export function CreatePage() {
  useTitle('New store');
  const { catalog } = useSession();
  const { params } = useRoute();
  const fromBackup = params.get('fromBackup');
  const [engines, setEngines] = useState<Engine[] | null>(null);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [templates, setTemplates] = useState<Template[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [engine, setEngine] = useState('');
  const [version, setVersion] = useState('');
  const [plan, setPlan] = useState('');
  const [template, setTemplate] = useState('');
  const [ttl, setTtl] = useState('');
  const [problem, setProblem] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    catalog().then(({ engines, plans, templates }) => {
      setEngines(engines);
      setPlans(plans);
      setTemplates(templates);
      const wanted = params.get('engine');
      const first = engines.find((e) => e.available && (!wanted || e.id === wanted));
      setEngine(first?.id ?? '');
      setVersion(first?.defaultVersion ?? '');
      setPlan(plans.find((p) => p.default)?.id ?? plans[0]?.id ?? '');
    }).catch(setLoadError);
  }, [catalog]);

  const chosen = engines?.find((e) => e.id === engine);
  const chosenPlan = plans.find((p) => p.id === plan);
  const engineTemplates = templates.filter((t) => t.engine === engine);
  const chosenTemplate = engineTemplates.find((t) => t.id === template);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body: Record<string, string> = { name: name.trim(), engine, plan, version };
      // Empty: the tenant's or the installation's default expiry applies (usually none).
      if (ttl.trim()) body.ttl = ttl.trim();
      if (template) body.template = template;
      if (fromBackup) body.fromBackup = fromBackup;
      const store = await call<Store>('POST', '/api/v1/stores', body);
      navigate(`/stores/${store.id}`);
    } catch (error) {
      const found = refusal(error);
      setProblem(found);
      if (found.field === 'name') nameInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: Field) => problem && problem.field === field
    ? <p class="error field-error" role="alert" id={`${field}-error`} data-field={field}>{problem.text}</p>
    : null;
  const describedBy = (field: Field, help?: string) =>
    [problem?.field === field ? `${field}-error` : null, help].filter(Boolean).join(' ') || undefined;

  return (
    <>
      <div class="page-head"><h1>New store</h1></div>
      {fromBackup && (
        <p class="notice" id="from-backup">Starts with the data of backup <code>{fromBackup.slice(0, 8)}</code>: its
          database and uploads are loaded before the app starts.</p>
      )}
      <ErrorNote error={loadError} />
      <form class="card create" onSubmit={submit} id="create-form" method="post" action="#" novalidate>
        <div class="field">
          <label for="store-name">Name</label>
          <input id="store-name" ref={nameInput} value={name} required autocomplete="off" spellcheck={false}
                 autocapitalize="off" aria-invalid={problem?.field === 'name' ? 'true' : undefined}
                 aria-describedby={describedBy('name', 'name-help')}
                 onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <p class="help" id="name-help">3–30 lowercase letters, digits and dashes, starting with a letter. It becomes
            the store's address: <code>{name.trim() || 'name'}.&lt;base domain&gt;</code></p>
          {errorFor('name')}
        </div>
        <div class="field">
          <label for="store-engine">Engine</label>
          <select id="store-engine" value={engine} disabled={!engines} aria-describedby={describedBy('engine')}
                  onChange={(e) => {
                    const id = (e.target as HTMLSelectElement).value;
                    setEngine(id);
                    setVersion(engines?.find((x) => x.id === id)?.defaultVersion ?? '');
                    setTemplate(''); // templates are per engine
                  }}>
            {engines?.map((e) => (
              <option value={e.id} disabled={!e.available}>{e.name}{e.available ? '' : ' (not offered here)'}</option>
            ))}
          </select>
          {errorFor('engine')}
        </div>
        <div class="field">
          <label for="store-version">Version</label>
          <select id="store-version" value={version} disabled={!chosen} aria-describedby={describedBy('version')}
                  onChange={(e) => setVersion((e.target as HTMLSelectElement).value)}>
            {chosen?.versions.map((v) => (
              <option value={v}>{v}{v === chosen.defaultVersion ? ' (default)' : ''}</option>
            ))}
          </select>
          {errorFor('version')}
        </div>
        <div class="field">
          <label for="store-plan">Plan</label>
          <select id="store-plan" value={plan} aria-describedby={describedBy('plan', 'plan-help')}
                  onChange={(e) => setPlan((e.target as HTMLSelectElement).value)}>
            {plans.map((p) => <option value={p.id}>{p.id}{p.default ? ' (default)' : ''}</option>)}
          </select>
          {chosenPlan && (
            <p class="help" id="plan-help">{chosenPlan.description}. Quota {chosenPlan.quota.cpu} CPU,
              {' '}{chosenPlan.quota.memory} memory, {chosenPlan.quota.storage} storage; {chosenPlan.appReplicas} app
              {chosenPlan.appReplicas === 1 ? ' replica' : ' replicas'}.</p>
          )}
          {errorFor('plan')}
        </div>
        {engineTemplates.length > 0 && (
          <div class="field">
            <label for="store-template">Template <span class="optional">(optional)</span></label>
            <select id="store-template" value={template} aria-describedby={describedBy('template', 'template-help')}
                    onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
              <option value="">None</option>
              {engineTemplates.map((t) => <option value={t.id}>{t.id}</option>)}
            </select>
            <p class="help" id="template-help">{chosenTemplate ? `${chosenTemplate.description}${
              chosenTemplate.description ? '. ' : ''}${templateContents(chosenTemplate)}` : 'Nothing but the engine.'}
              {' '}Installed once, after the store first serves, before it is ready.</p>
            {errorFor('template')}
          </div>
        )}
        <div class="field">
          <label for="store-ttl">Expires after <span class="optional">(optional)</span></label>
          <input id="store-ttl" value={ttl} autocomplete="off" spellcheck={false} autocapitalize="off"
                 placeholder="e.g. 72h" aria-invalid={problem?.field === 'ttl' ? 'true' : undefined}
                 aria-describedby={describedBy('ttl', 'ttl-help')}
                 onInput={(e) => setTtl((e.target as HTMLInputElement).value)} />
          <p class="help" id="ttl-help">A time to live such as <code>30m</code>, <code>72h</code> or
            <code>720h</code>: the store is deleted then, with a notice an hour before. Empty: your default (usually
            never).</p>
          {errorFor('ttl')}
        </div>
        {errorFor('form')}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !engines}>{busy ? 'Creating…' : 'Create store'}</button>
          <a class="button" href="#/">Cancel</a>
        </div>
      </form>
    </>
  );
}

