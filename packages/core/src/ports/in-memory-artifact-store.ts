import { type ArtifactStore, checkArtifactKey } from "./artifact-store.ts";

/**
 * An ArtifactStore held in a Map: for tests and for runs that keep nothing. Stored bytes are
 * copied in and out, so callers cannot change an artifact after writing it.
 *
 * @example
 * const store = new InMemoryArtifactStore();
 * await store.put("a/b.txt", new TextEncoder().encode("hi"));
 */
export class InMemoryArtifactStore implements ArtifactStore {
  private readonly items = new Map<string, Uint8Array>();

  async put(key: string, body: Uint8Array): Promise<void> {
    checkArtifactKey(key);
    this.items.set(key, body.slice());
  }

  async get(key: string): Promise<Uint8Array | null> {
    checkArtifactKey(key);
    return this.items.get(key)?.slice() ?? null;
  }

  async exists(key: string): Promise<boolean> {
    checkArtifactKey(key);
    return this.items.has(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
