// node --test (npm test): the SSE parser against the format the API sends (docs/api.md, "The store stream").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from './sse';

test('a store event with its id', () => {
  const parser = new SseParser();
  const messages = parser.push('id: 7\nevent: store\ndata: {"id":"a","status":"READY"}\n\n');
  assert.deepEqual(messages, [{ id: '7', event: 'store', data: '{"id":"a","status":"READY"}' }]);
  assert.equal(parser.lastEventId, '7');
});

test('heartbeat comments complete nothing', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push(': heartbeat\n\n: heartbeat\n\n'), []);
  assert.equal(parser.lastEventId, null);
});

test('an event split across chunks anywhere, even inside a CRLF', () => {
  const text = 'id: 12\r\nevent: store\r\ndata: {"name":"x"}\r\n\r\n';
  for (let cut = 1; cut < text.length; cut++) {
    const parser = new SseParser();
    const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
    assert.deepEqual(messages, [{ id: '12', event: 'store', data: '{"name":"x"}' }], `cut at ${cut}`);
  }
});

test('several data lines join with newlines; the event name resets after each event', () => {
  const parser = new SseParser();
  const messages = parser.push('event: reset\ndata: {}\n\ndata: a\ndata:b\n\n');
  assert.deepEqual(messages, [
    { id: null, event: 'reset', data: '{}' },
    { id: null, event: 'message', data: 'a\nb' },
  ]);
});

test('the last id carries over to events without one, and an id with NUL is ignored', () => {
  const parser = new SseParser();
  parser.push('id: 3\nevent: store\ndata: {}\n\n');
  assert.equal(parser.push('event: store\ndata: {}\n\n')[0].id, '3');
  parser.push('id: 4\u0000\ndata: x\n\n');
  assert.equal(parser.lastEventId, '3');
});

test('an incomplete event waits for its blank line', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('id: 1\nevent: store\ndata: {}\n'), []);
  assert.equal(parser.push('\n').length, 1);
});
