// How a page of the stores table takes a live change, without asking the server again.

import type { Store, StoreStatus } from './types';

export interface StoreFilter {
  status: StoreStatus | '';
  name: string;
  tenant: string;
}

/** The same rules as GET /api/v1/stores: DELETED stores only when asked for, name as a case-free substring. */
export function matches(store: Store, filter: StoreFilter): boolean {
  if (filter.status ? store.status !== filter.status : store.status === 'DELETED') return false;
  if (filter.name && !store.name.toLowerCase().includes(filter.name.toLowerCase())) return false;
  if (filter.tenant && store.tenantId !== filter.tenant) return false;
  return true;
}

/**
 * The page after {@code store} changed: updated in place, dropped when it no longer matches (deleted, or another
 * status than the filter's), or added in its place (newest first) when it newly matches and falls within the page:
 * anywhere on the first page, and on a later page only between its first and last rows.
 */
export function applyChange(page: Store[], store: Store, filter: StoreFilter, firstPage: boolean): Store[] {
  const index = page.findIndex((s) => s.id === store.id);
  const wanted = matches(store, filter);
  if (index >= 0) {
    if (!wanted) return page.filter((s) => s.id !== store.id);
    const copy = page.slice();
    copy[index] = store;
    return copy;
  }
  if (!wanted) return page;
  const created = Date.parse(store.createdAt);
  const last = page[page.length - 1];
  const first = page[0];
  if (!firstPage && (!first || created > Date.parse(first.createdAt))) return page;
  if (last && created < Date.parse(last.createdAt) && !firstPage) return page;
  const at = page.findIndex((s) => Date.parse(s.createdAt) < created);
  const copy = page.slice();
  copy.splice(at < 0 ? copy.length : at, 0, store);
  return copy;
}
