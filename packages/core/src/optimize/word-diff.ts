/** A run of words that both texts share, or that only one of them has. */
export interface DiffSegment {
  op: "equal" | "insert" | "delete";
  text: string;
}

/**
 * A word-level diff (longest common subsequence) from `before` to `after`; whitespace is
 * normalized to single spaces. Instructions are short, so the quadratic table is fine.
 *
 * @example
 * wordDiff("Judge the reply.", "Judge the reply strictly.");
 * // [{ op: "equal", text: "Judge the" }, { op: "delete", text: "reply." }, { op: "insert", text: "reply strictly." }]
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  const a = words(before);
  const b = words(after);
  const table = lcsTable(a, b);
  const ops: { op: DiffSegment["op"]; word: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: "equal", word: a[i] as string });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (table[i]?.[j + 1] ?? 0) >= (table[i + 1]?.[j] ?? 0))) {
      ops.push({ op: "insert", word: b[j] as string });
      j++;
    } else {
      ops.push({ op: "delete", word: a[i] as string });
      i++;
    }
  }
  return merge(ops);
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}

/** table[i][j] = length of the LCS of a[i..] and b[j..]. */
function lcsTable(a: readonly string[], b: readonly string[]): number[][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = table[i] as number[];
    const below = table[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  return table;
}

function merge(ops: readonly { op: DiffSegment["op"]; word: string }[]): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const { op, word } of ops) {
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text = `${last.text} ${word}`;
    else segments.push({ op, text: word });
  }
  return segments;
}
