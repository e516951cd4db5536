// Small hooks shared by the pages: the hash route, the live feed, coalesced refreshes, a ticking clock.

import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { LiveEvent, LiveFeed } from './live';
import type { Engine, Plan, Template, Tenant } from './types';

export interface Session {
  role: 'admin' | 'tenant';
  /** Tenant names by id (the admin's only: tenants cannot list them). */
  tenants: Map<string, Tenant>;
  feed: LiveFeed;
  signOut: (why?: string) => void;
  catalog: () => Promise<{ engines: Engine[]; plans: Plan[]; templates: Template[] }>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}

export interface Route {
  path: string;
  params: URLSearchParams;
}

function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?', 2);
  return { path: path || '/', params: new URLSearchParams(search ?? '') };
}

/** Client-side routes live in the hash (#/stores/<id>), so the server needs no fallback route. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(path: string): void {
  location.hash = path;
}

/** Calls {@code handler} with every event of the live feed while the component is mounted. */
export function useLive(handler: (event: LiveEvent) => void): void {
  const { feed } = useSession();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => feed.subscribe((event) => latest.current(event)), [feed]);
}

/**
 * A trigger that runs {@code action} once for a burst of calls: {@code delayMs} after the last call, and never
 * sooner than {@code minIntervalMs} after the previous run. Keeps a page that refreshes on live events within the
 * API's rate limits.
 */
export function useCoalesced(action: () => void, delayMs: number, minIntervalMs = 0): () => void {
  const latest = useRef(action);
  latest.current = action;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastRun = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useRef(() => {
    clearTimeout(timer.current);
    const wait = Math.max(delayMs, lastRun.current + minIntervalMs - Date.now());
    timer.current = setTimeout(() => {
      lastRun.current = Date.now();
      latest.current();
    }, wait);
  }).current;
}

/** The time now, moving every {@code everyMs}: ages shown on a page stay true without asking the server. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The document title names the page, for tabs, history and screen readers. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Store Orchestrator`;
  }, [title]);
}
