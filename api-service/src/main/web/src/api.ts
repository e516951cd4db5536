// The REST API, called with the signed-in key. The key lives in sessionStorage only: it is sent in the
// Authorization header, never put in a URL, and never logged or shown.

const KEY_SLOT = 'store-orchestrator.key';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_SLOT),
  signIn: (key: string): void => sessionStorage.setItem(KEY_SLOT, key),
  signOut: (): void => sessionStorage.removeItem(KEY_SLOT),
};

/** An answer other than 2xx, as the API's {"error":{"code","message"}} body gives it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After (RATE_LIMITED, DATABASE_UNAVAILABLE). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

let onUnauthenticated: () => void = () => {};

/** What to do when the API stops accepting the key (revoked, tenant deleted): sign out. */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export function authHeaders(key: string | null = session.key()): Record<string, string> {
  // X-Actor names the dashboard in the audit log, beside the key's own id.
  return key ? { Authorization: `Bearer ${key}`, 'X-Actor': 'dashboard' } : { 'X-Actor': 'dashboard' };
}

export async function errorOf(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || 'The API answered with an error';
  try {
    const body = await response.json();
    if (body && body.error) {
      code = String(body.error.code ?? code);
      message = String(body.error.message ?? message);
    }
  } catch {
    // not JSON: a proxy's error page; keep the status line
  }
  const retry = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return new ApiError(response.status, code, message, Number.isFinite(retry) ? retry : null);
}

/** One call; resolves with the parsed JSON body (or null when there is none), rejects with an {@link ApiError}. */
export async function call<T>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(key ?? session.key()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The API cannot be reached; check your connection and try again');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.status === 401 && key === undefined) onUnauthenticated();
    throw error;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const get = <T>(path: string): Promise<T> => call<T>('GET', path);

/** A query string from the parameters that have a value. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** "CODE: message", for showing an API's refusal as it gave it. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
