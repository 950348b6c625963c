// Checkpoints in IndexedDB: one object store of { name, savedAt, bytes }.
const DB = 'shirube-gpt';
const STORE = 'checkpoints';

export type Saved = { name: string; savedAt: string; size: number };

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'name' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = f(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => reject(tx.error);
      }),
  );
}

export const saveCheckpoint = (name: string, bytes: Uint8Array) =>
  run('readwrite', (s) => s.put({ name, savedAt: new Date().toISOString(), bytes }));

export const loadCheckpoint = (name: string) =>
  run<{ bytes: Uint8Array } | undefined>('readonly', (s) => s.get(name)).then((r) => r?.bytes);

export const deleteCheckpoint = (name: string) => run('readwrite', (s) => s.delete(name));

export const listCheckpoints = (): Promise<Saved[]> =>
  run<{ name: string; savedAt: string; bytes: Uint8Array }[]>('readonly', (s) => s.getAll()).then(
    (all) => all.map((r) => ({ name: r.name, savedAt: r.savedAt, size: r.bytes.byteLength })),
  );
