import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describe } from '../api';
import { useTitle } from '../hooks';

/**
 * Sign-in with an API key: the admin key or a tenant's. The form posts nowhere (method=post, handled here), so the
 * key can never end up in a URL; it is kept in sessionStorage only, for this browser tab's session.
 */
export function SignIn({ onSignIn, notice }: { onSignIn: (key: string) => Promise<void>; notice: string | null }) {
  useTitle('Sign in');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSignIn(trimmed);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401
        ? 'This key is not accepted: it is unknown, revoked, or its tenant was deleted.'
        : describe(failure));
      setBusy(false);
    }
  };

  return (
    <main class="signin" id="main">
      <form method="post" action="#" onSubmit={submit} class="card" aria-describedby="signin-help" autocomplete="off">
        <h1><img src="/favicon.svg" alt="" width={32} height={32} /> Store Orchestrator</h1>
        {notice && <p class="notice" role="status">{notice}</p>}
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" ref={input} value={key} autocomplete="off"
               spellcheck={false} autocapitalize="off" aria-invalid={error ? 'true' : undefined}
               aria-describedby={error ? 'signin-error' : undefined}
               onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        {error && <p class="error" role="alert" id="signin-error">{error}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p class="muted small" id="signin-help">
          The admin key (<code>.stack/admin-key</code> after <code>./stack.sh</code>) or a tenant's key. It is kept
          for this browser tab only and sent to the API in a header, never in an address.
        </p>
      </form>
    </main>
  );
}
