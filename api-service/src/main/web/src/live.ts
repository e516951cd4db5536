// The live feed of store changes: GET /api/v1/stores/stream read with fetch() and parsed here. It resumes with
// Last-Event-ID after a drop (so nothing is missed), reconnects with a growing, jittered backoff, and treats a
// silence much longer than the server's 15 s heartbeat as a dead connection.

import { authHeaders, errorOf } from './api';
import { SseParser } from './sse';
import type { Store } from './types';

export type LiveEvent =
  | { kind: 'store'; store: Store }
  /** The server no longer had the changes since our last id: every list must be loaded again. */
  | { kind: 'reset' }
  /**
   * Connected. {@code resumed} is false on a fresh connection (no Last-Event-ID): changes made before it are not
   * replayed, so whatever was loaded before it should be loaded again.
   */
  | { kind: 'open'; resumed: boolean }
  | { kind: 'down'; retryInMs: number; why: string };

export type LiveState = 'connecting' | 'live' | 'down';

const SILENCE_MS = 45_000;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export class LiveFeed {
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private controller: AbortController | null = null;
  private lastEventId: string | null = null;
  private backoffMs = MIN_BACKOFF_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  state: LiveState = 'connecting';

  constructor(
    private readonly key: string,
    private readonly onUnauthenticated: () => void,
  ) {}

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.controller?.abort();
    this.listeners.clear();
  }

  private emit(event: LiveEvent): void {
    if (event.kind === 'open') this.state = 'live';
    if (event.kind === 'down') this.state = 'down';
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('live listener failed', error);
      }
    }
  }

  private async connect(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    let retryAfterMs: number | null = null;
    let why = 'the connection closed';
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeaders(this.key) };
      const resumed = this.lastEventId !== null;
      if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
      watch();
      const response = await fetch('/api/v1/stores/stream', {
        headers,
        signal: controller.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      if (!response.ok || !response.body) {
        const error = await errorOf(response);
        if (response.status === 401) {
          this.onUnauthenticated();
          return;
        }
        if (error.retryAfter !== null) retryAfterMs = error.retryAfter * 1000;
        throw new Error(`${error.code}: ${error.message}`);
      }
      this.backoffMs = MIN_BACKOFF_MS;
      this.emit({ kind: 'open', resumed });
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watch();
        for (const message of parser.push(value)) {
          if (message.id !== null) this.lastEventId = message.id;
          this.handle(message.event, message.data);
        }
      }
    } catch (error) {
      if (this.stopped) return;
      why = controller.signal.aborted ? 'no heartbeat from the server' : String((error as Error).message ?? error);
    } finally {
      clearTimeout(silence);
    }
    if (this.stopped) return;
    const delay = retryAfterMs ?? this.backoffMs * (0.75 + Math.random() / 2);
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.emit({ kind: 'down', retryInMs: delay, why });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private handle(event: string, data: string): void {
    if (event === 'reset') {
      this.emit({ kind: 'reset' });
    } else if (event === 'store') {
      try {
        this.emit({ kind: 'store', store: JSON.parse(data) as Store });
      } catch {
        console.warn('a store event that is not JSON was ignored');
      }
    }
  }
}
