// node --test (npm test): how a page of the stores table takes a live change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChange, matches, type StoreFilter } from './storeList';
import type { Store, StoreStatus } from './types';

const ALL: StoreFilter = { status: '', name: '', tenant: '' };

function store(name: string, createdAt: string, status: StoreStatus = 'QUEUED', tenantId: string | null = null): Store {
  return {
    id: name, name, engine: 'woocommerce', plan: 'small', version: '6.6', revision: 1, status, statusReason: null,
    failure: null, url: `http://${name}.example`, namespace: `store-${name}`, generation: 1, createdAt,
    updatedAt: createdAt, readyAt: null, tenantId,
  };
}

const older = store('older', '2026-01-01T10:00:00Z', 'READY');
const newer = store('newer', '2026-01-01T11:00:00Z', 'READY');

test('a change of a listed store replaces it in place', () => {
  const page = applyChange([newer, older], { ...older, status: 'FAILED' }, ALL, true);
  assert.deepEqual(page.map((s) => [s.name, s.status]), [['newer', 'READY'], ['older', 'FAILED']]);
});

test('a deleted store leaves the list unless DELETED is asked for', () => {
  assert.deepEqual(applyChange([newer, older], { ...older, status: 'DELETED' }, ALL, true).map((s) => s.name), ['newer']);
  const deleted = { ...older, status: 'DELETED' as const };
  assert.deepEqual(applyChange([], deleted, { ...ALL, status: 'DELETED' }, true).map((s) => s.name), ['older']);
});

test('a new store goes on top of the first page only', () => {
  const created = store('created', '2026-01-01T12:00:00Z');
  assert.deepEqual(applyChange([newer, older], created, ALL, true).map((s) => s.name), ['created', 'newer', 'older']);
  assert.deepEqual(applyChange([newer, older], created, ALL, false).map((s) => s.name), ['newer', 'older']);
});

test('a store that newly matches the filter is put in its place by age', () => {
  const middle = store('middle', '2026-01-01T10:30:00Z', 'FAILED');
  const failed: StoreFilter = { ...ALL, status: 'FAILED' };
  const page = [store('a', '2026-01-01T11:00:00Z', 'FAILED'), store('b', '2026-01-01T10:00:00Z', 'FAILED')];
  assert.deepEqual(applyChange(page, middle, failed, false).map((s) => s.name), ['a', 'middle', 'b']);
  assert.deepEqual(applyChange(page, { ...middle, status: 'READY' }, failed, false).map((s) => s.name), ['a', 'b']);
});

test('the name filter is a case-free substring and the tenant filter exact', () => {
  assert.equal(matches(store('My-Shop', '2026-01-01T10:00:00Z'), { ...ALL, name: 'y-sh' }), true);
  assert.equal(matches(store('other', '2026-01-01T10:00:00Z'), { ...ALL, name: 'shop' }), false);
  assert.equal(matches(store('t', '2026-01-01T10:00:00Z', 'READY', 'x'), { ...ALL, tenant: 'y' }), false);
  assert.equal(matches(store('t', '2026-01-01T10:00:00Z', 'READY', 'y'), { ...ALL, tenant: 'y' }), true);
});
