import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, call, describe, get, session as keyStore, whenUnauthenticated } from './api';
import { SessionContext, type Session, useRoute } from './hooks';
import { LiveFeed } from './live';
import { Layout } from './components/Layout';
import { SignIn } from './pages/SignIn';
import { StoresPage } from './pages/Stores';
import { CreatePage } from './pages/Create';
import { StorePage } from './pages/Store';
import { ActivityPage } from './pages/Activity';
import { MetricsPage } from './pages/Metrics';
import type { Engine, Items, Plan, Template, Tenant } from './types';
import './styles.css';

/**
 * Who the key belongs to: the tenant list answers the admin and refuses (403) a tenant's key, so one call tells
 * the role, checks the key, and gives the admin the tenant names.
 */
async function open(key: string, signOut: (why?: string) => void): Promise<Session> {
  let role: Session['role'] = 'admin';
  let tenants: Tenant[] = [];
  try {
    tenants = (await call<Items<Tenant>>('GET', '/api/v1/tenants', undefined, key)).items;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'FORBIDDEN') throw error;
    role = 'tenant';
  }
  const feed = new LiveFeed(key, () => signOut('The API no longer accepts this key. Sign in again.'));
  feed.start();
  let catalog: Promise<{ engines: Engine[]; plans: Plan[]; templates: Template[] }> | null = null;
  return {
    role,
    tenants: new Map(tenants.map((t) => [t.id, t])),
    feed,
    signOut,
    catalog: () => {
      catalog ??= Promise.all([get<Items<Engine>>('/api/v1/engines'), get<Items<Plan>>('/api/v1/plans'),
        get<Items<Template>>('/api/v1/templates')])
        .then(([engines, plans, templates]) => ({ engines: engines.items, plans: plans.items,
          templates: templates.items }))
        .catch((error) => {
          catalog = null;
          throw error;
        });
      return catalog;
    },
  };
}

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [resuming, setResuming] = useState(() => keyStore.key() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useMemo(() => (why?: string) => {
    keyStore.signOut();
    setSession((current) => {
      current?.feed.stop();
      return null;
    });
    setNotice(why ?? 'Signed out.');
  }, []);

  useEffect(() => whenUnauthenticated(() => signOut('The API no longer accepts this key. Sign in again.')), [signOut]);

  const signIn = async (key: string) => {
    const opened = await open(key, signOut);
    keyStore.signIn(key);
    setNotice(null);
    setSession(opened);
  };

  // A reload keeps the browser session's key: open it again without asking.
  useEffect(() => {
    const key = keyStore.key();
    if (!key) return;
    open(key, signOut)
      .then(setSession)
      .catch((error) => {
        keyStore.signOut();
        setNotice(describe(error));
      })
      .finally(() => setResuming(false));
  }, [signOut]);

  if (resuming) return <p class="muted center">Signing in…</p>;
  if (!session) return <SignIn onSignIn={signIn} notice={notice} />;
  return (
    <SessionContext.Provider value={session}>
      <Pages />
    </SessionContext.Provider>
  );
}

function Pages() {
  const route = useRoute();
  const store = route.path.match(/^\/stores\/([^/]+)$/);
  let page;
  if (store) page = <StorePage key={store[1]} id={decodeURIComponent(store[1])} />;
  else if (route.path === '/new') page = <CreatePage />;
  else if (route.path === '/activity') page = <ActivityPage />;
  else if (route.path === '/metrics') page = <MetricsPage />;
  else page = <StoresPage />;
  return <Layout path={route.path}>{page}</Layout>;
}

render(<App />, document.getElementById('app')!);
