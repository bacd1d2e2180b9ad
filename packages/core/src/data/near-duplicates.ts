/**
 * Near-duplicate detection for synthesized conversations: word 3-gram shingles, MinHash
 * signatures with locality-sensitive banding to find candidate pairs quickly, and the exact
 * Jaccard similarity of the shingle sets to decide. Two texts are near-duplicates when that
 * similarity is at least the threshold (default 0.8: the same conversation with a few words
 * changed; two different questions answered with the same stock reply stay well below it).
 */

/** Default Jaccard similarity at or above which two conversations count as one. */
export const defaultNearDuplicateThreshold = 0.8;

const shingleSize = 3;
const bands = 32;
const rowsPerBand = 4;
const hashCount = bands * rowsPerBand;

export interface NearDuplicateMatch {
  /** The key of the earlier text this one nearly repeats. */
  key: string;
  similarity: number;
}

/**
 * An index of texts seen so far. `add` keeps a text unless it nearly repeats an earlier one,
 * so the first of a group of near-duplicates is the one kept (callers add in a fixed order
 * to keep the choice deterministic).
 *
 * @example
 * const index = new NearDuplicateIndex();
 * index.add("a", "Customer: my bag is lost in Denver");
 * index.add("b", "Customer: my bag is lost in Denver!"); // { key: "a", similarity: 1 }
 */
export class NearDuplicateIndex {
  private readonly threshold: number;
  private readonly shinglesByKey = new Map<string, Set<string>>();
  private readonly buckets = new Map<string, string[]>();

  constructor(options: { threshold?: number } = {}) {
    this.threshold = options.threshold ?? defaultNearDuplicateThreshold;
  }

  /** Adds `text` under `key` and returns null, or returns the earlier text it nearly repeats (and does not add it). */
  add(key: string, text: string): NearDuplicateMatch | null {
    const shingles = wordShingles(text);
    const bandKeys = bandKeysOf(minHashSignature(shingles));
    const match = this.bestMatch(shingles, bandKeys);
    if (match !== null) return match;
    this.shinglesByKey.set(key, shingles);
    for (const bandKey of bandKeys) {
      const bucket = this.buckets.get(bandKey);
      if (bucket) bucket.push(key);
      else this.buckets.set(bandKey, [key]);
    }
    return null;
  }

  private bestMatch(shingles: Set<string>, bandKeys: readonly string[]): NearDuplicateMatch | null {
    const candidates = new Set(bandKeys.flatMap((bandKey) => this.buckets.get(bandKey) ?? []));
    let best: NearDuplicateMatch | null = null;
    for (const key of candidates) {
      const other = this.shinglesByKey.get(key);
      if (!other) continue;
      const similarity = jaccard(shingles, other);
      if (similarity >= this.threshold && (best === null || similarity > best.similarity)) best = { key, similarity };
    }
    return best;
  }
}

/**
 * Lower-cased word 3-grams of a text, punctuation removed; a text of fewer words is one shingle.
 *
 * @example
 * [...wordShingles("My bag is lost!")]; // ["my bag is", "bag is lost"]
 */
export function wordShingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (words.length <= shingleSize) return new Set([words.join(" ")]);
  const shingles = new Set<string>();
  for (let i = 0; i + shingleSize <= words.length; i++) shingles.add(words.slice(i, i + shingleSize).join(" "));
  return shingles;
}

/**
 * |A ∩ B| / |A ∪ B|; 1 for two empty sets.
 *
 * @example
 * jaccard(new Set(["a", "b"]), new Set(["b", "c"])); // 1 / 3
 */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The MinHash signature: for each of the hash functions, the smallest hash over the shingles. */
function minHashSignature(shingles: ReadonlySet<string>): Uint32Array {
  const signature = new Uint32Array(hashCount).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    salts.forEach((salt, i) => {
      const hash = mix32(base ^ salt);
      if (hash < (signature[i] ?? 0)) signature[i] = hash;
    });
  }
  return signature;
}

/** One key per band: texts sharing any band key become candidates (LSH banding). */
function bandKeysOf(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < bands; band++) {
    const rows = signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand);
    keys.push(`${band}:${Array.from(rows).join(",")}`);
  }
  return keys;
}

/** Fixed salts (not random per run), so the same texts always give the same signatures. */
const salts = Uint32Array.from({ length: hashCount }, (_, i) => mix32((i + 1) * 0x9e3779b9));

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finalizer: spreads every input bit over the whole word. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
