// Small pieces used across pages.

import type { ComponentChildren } from 'preact';
import { describe } from '../api';
import { useSession } from '../hooks';
import type { StoreStatus } from '../types';

export function StatusBadge({ status }: { status: StoreStatus | string }) {
  return <span class={`badge badge-${status.toLowerCase()}`} data-status={status}>{status}</span>;
}

/** The tenant a store or audit row belongs to, by name when the admin's tenant list knows it. */
export function TenantName({ id }: { id: string | null | undefined }) {
  const { tenants } = useSession();
  if (id === undefined) return <span class="muted">—</span>;
  if (id === null) return <span class="muted" title="created with the admin key">platform</span>;
  const tenant = tenants.get(id);
  return tenant ? <span title={id}>{tenant.name}</span> : <code title={id}>{id.slice(0, 8)}</code>;
}

/** An API call's outcome: the error as the API worded it, with its code. */
export function ErrorNote({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  return <p class="error" role="alert" id={id}>{describe(error)}</p>;
}

export function Card(props: { title: string; children: ComponentChildren; class?: string; id?: string }) {
  return (
    <section class={`card ${props.class ?? ''}`} id={props.id} aria-labelledby={props.id ? `${props.id}-title` : undefined}>
      <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>
      {props.children}
    </section>
  );
}
