/**
 * The ModelStore in IndexedDB (pages and workers): database 'layerwise-models', object stores
 * 'models' and 'checkpoints', keyed by weight signature. Written on the raw API (six calls of
 * get/put/delete on two stores do not need a wrapper library). Where IndexedDB is missing or
 * refuses (some private windows), `openModelStore` falls back to memory: weights then last as long
 * as the worker.
 */
import { MemoryModelStore, type CheckpointRecord, type ModelRecord, type ModelStore } from './store';

const DB_NAME = 'layerwise-models';
const DB_VERSION = 1;
const MODELS = 'models';
const CHECKPOINTS = 'checkpoints';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'key' });
      if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: 'key' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

class IndexedDbModelStore implements ModelStore {
  constructor(private readonly db: IDBDatabase) {}

  private async run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const tx = this.db.transaction(store, mode);
    const result = await request(fn(tx.objectStore(store)));
    if (mode === 'readwrite') {
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (is the disk full?)'));
      });
    }
    return result;
  }

  getModel(key: string): Promise<ModelRecord | undefined> {
    return this.run(MODELS, 'readonly', (s) => s.get(key) as IDBRequest<ModelRecord | undefined>);
  }

  async putModel(record: ModelRecord): Promise<void> {
    await this.run(MODELS, 'readwrite', (s) => s.put(record));
  }

  async deleteModel(key: string): Promise<void> {
    await this.run(MODELS, 'readwrite', (s) => s.delete(key));
  }

  getCheckpoint(key: string): Promise<CheckpointRecord | undefined> {
    return this.run(CHECKPOINTS, 'readonly', (s) => s.get(key) as IDBRequest<CheckpointRecord | undefined>);
  }

  async putCheckpoint(record: CheckpointRecord): Promise<void> {
    await this.run(CHECKPOINTS, 'readwrite', (s) => s.put(record));
  }

  async deleteCheckpoint(key: string): Promise<void> {
    await this.run(CHECKPOINTS, 'readwrite', (s) => s.delete(key));
  }
}

/** The browser's store of trained weights; in memory when IndexedDB cannot be used here. */
export async function openModelStore(): Promise<ModelStore> {
  try {
    if (typeof indexedDB === 'undefined') return new MemoryModelStore();
    return new IndexedDbModelStore(await openDatabase());
  } catch {
    return new MemoryModelStore();
  }
}
