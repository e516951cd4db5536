import { useEffect, useRef, useState } from 'preact/hooks';
import { call, describe, get } from '../api';
import { bytes, dateTime } from '../format';
import type { Backup, Items, Store } from '../types';

interface Answer {
  ok: boolean;
  text: string;
}

/**
 * A store's backups: back up now, restore one (after a dialog saying what a restore does), or start a new store
 * from one. The list is read again whenever the store changes (its timeline records each backup's end).
 */
export function Backups({ store, onChanged }: { store: Store; onChanged: (store: Store) => void }) {
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<Backup | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const base = `/api/v1/stores/${store.id}`;

  const load = () => {
    get<Items<Backup>>(`${base}/backups`).then((list) => { setBackups(list.items); setError(null); }).catch(setError);
  };
  // updatedAt moves with every change the workers report, a backup's end included.
  useEffect(load, [store.id, store.updatedAt, store.status]);

  const backUp = async () => {
    setBusy(true);
    setAnswer(null);
    try {
      const backup = await call<Backup>('POST', `${base}/backups`);
      setAnswer({ ok: true, text: `Backup ${backup.id.slice(0, 8)} started.` });
      load();
    } catch (e) {
      setAnswer({ ok: false, text: `Backup refused: ${describe(e)}` });
    } finally {
      setBusy(false);
    }
  };
  const restore = async (backup: Backup) => {
    setBusy(true);
    setAnswer(null);
    try {
      const changed = await call<Store>('POST', `${base}/restore`, { backup: backup.id });
      setAnswer({ ok: true, text: `Restore of ${backup.id.slice(0, 8)} accepted; the store is ${changed.status}.` });
      onChanged(changed);
    } catch (e) {
      setAnswer({ ok: false, text: `Restore refused: ${describe(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const ready = store.status === 'READY';
  return (
    <section class="card" id="backups" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <div class="actions">
        <button type="button" id="back-up" disabled={busy || !ready} onClick={() => void backUp()}
                title={ready ? 'Dump the database and uploads to object storage; the store keeps serving'
                  : `A ${store.status} store cannot be backed up`}>Back up now</button>
      </div>
      {error ? <p class="error" role="alert">{describe(error)}</p> : null}
      {backups === null && !error && <p class="muted">Loading backups…</p>}
      {backups !== null && backups.length === 0 && <p class="muted" id="no-backups">No backups yet.</p>}
      {backups !== null && backups.length > 0 && (
        <div class="table-wrap">
          <table class="responsive" id="backups-table">
            <thead>
              <tr><th scope="col">Backup</th><th scope="col">Kind</th><th scope="col">Status</th>
                <th scope="col">Size</th><th scope="col">Started</th><th scope="col">Finished</th>
                <th scope="col"><span class="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr data-backup={b.id} data-status={b.status}>
                  <th scope="row" data-label="Backup"><code title={b.id}>{b.id.slice(0, 8)}</code></th>
                  <td data-label="Kind">{b.kind === 'PRE_RESTORE' ? 'before a restore' : b.kind.toLowerCase()}</td>
                  <td data-label="Status">
                    <span class={`badge badge-${b.status.toLowerCase()}`}>{b.status}</span>
                    {b.reason && <p class="small">{b.reason}</p>}
                  </td>
                  <td data-label="Size">{bytes(b.sizeBytes)}</td>
                  <td data-label="Started">{dateTime(b.createdAt)}</td>
                  <td data-label="Finished">{dateTime(b.finishedAt)}</td>
                  <td data-label="Actions">
                    {b.status === 'SUCCEEDED' && (
                      <>
                        <button type="button" disabled={busy || !ready}
                                title={ready ? 'Put this backup back into the store' : `A ${store.status} store cannot be restored`}
                                onClick={() => { setChosen(b); dialog.current?.showModal(); }}>Restore…</button>
                        {' '}
                        <a class="button" href={`#/new?fromBackup=${b.id}&engine=${store.engine}`}
                           title="Create a new store with this backup's data">New store from it</a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {answer && <p class={answer.ok ? 'answer ok' : 'answer error'} role="status" id="backup-answer">{answer.text}</p>}

      <dialog ref={dialog} id="restore-dialog" aria-labelledby="restore-title">
        <form method="dialog" onSubmit={(e) => {
          if ((e.submitter as HTMLButtonElement | null)?.value === 'restore' && chosen) void restore(chosen);
        }}>
          <h2 id="restore-title">Restore “{store.name}” from backup {chosen?.id.slice(0, 8)}?</h2>
          <p>The store's current state is backed up first. Then the app stops, the backup of
            {' '}{chosen ? dateTime(chosen.createdAt) : ''} replaces its database and uploads, and the app starts again.
            Orders and changes made since that backup are replaced. If the restore fails, the store is put back as it
            was.</p>
          <div class="actions">
            <button type="submit" value="cancel" autofocus>Cancel</button>
            <button type="submit" value="restore" class="danger" id="confirm-restore">Restore</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
