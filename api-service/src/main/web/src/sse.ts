// A Server-Sent Events parser (the WHATWG "event stream interpretation"), for reading text/event-stream from
// fetch(): EventSource cannot send an Authorization header, and the key must never go in a URL.

export interface SseMessage {
  /** The last event id seen on the stream so far (what a reconnect sends as Last-Event-ID). */
  id: string | null;
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private lastId: string | null = null;
  /** A chunk ended in "\r": a "\n" starting the next one belongs to the same line break. */
  private pendingCr = false;

  /** Feeds decoded text; returns the messages it completed. Comments (": heartbeat") complete none. */
  push(chunk: string): SseMessage[] {
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCr = chunk.endsWith('\r');
    this.buffer += chunk;
    const messages: SseMessage[] = [];
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      const message = this.line(line);
      if (message) messages.push(message);
    }
    return messages;
  }

  get lastEventId(): string | null {
    return this.lastId;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
      // "retry" and unknown fields: the client keeps its own backoff
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) return null;
    return { id: this.lastId, event, data: data.join('\n') };
  }
}
