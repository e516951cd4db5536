import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLive, useSession } from '../hooks';
import type { LiveState } from '../live';

const NAV = [
  { href: '#/', label: 'Stores', match: (p: string) => p === '/' || p.startsWith('/stores') },
  { href: '#/new', label: 'New store', match: (p: string) => p === '/new' },
  { href: '#/activity', label: 'Activity', match: (p: string) => p === '/activity' },
  { href: '#/metrics', label: 'Metrics', match: (p: string) => p === '/metrics' },
];

export function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  const { role, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  // After a client-side navigation, move focus to the page so keyboard and screen-reader users start there.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>Skip to content</a>
      <header class="top">
        <a class="brand" href="#/">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Store Orchestrator</span>
        </a>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <a href={item.href} class={item.match(path) ? 'active' : undefined}
               aria-current={item.match(path) ? 'page' : undefined}>{item.label}</a>
          ))}
        </nav>
        <div class="who">
          <LiveIndicator />
          <span class="role" title="the key you signed in with">{role === 'admin' ? 'Admin' : 'Tenant'}</span>
          <button type="button" class="link" onClick={() => signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>{children}</main>
    </>
  );
}

function LiveIndicator() {
  const { feed } = useSession();
  const [state, setState] = useState<LiveState>(feed.state);
  const [detail, setDetail] = useState('');
  useLive((event) => {
    if (event.kind === 'open') {
      setState('live');
      setDetail('');
    } else if (event.kind === 'down') {
      setState('down');
      setDetail(`${event.why}; reconnecting in ${Math.ceil(event.retryInMs / 1000)} s`);
    }
  });
  const label = state === 'live' ? 'Live' : state === 'down' ? 'Reconnecting' : 'Connecting';
  return (
    <span class={`live live-${state}`} id="live-state" data-state={state} title={detail || 'Store changes arrive as they happen'}
          role="status">
      <span class="dot" aria-hidden="true" />{label}
    </span>
  );
}
