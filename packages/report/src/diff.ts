/** One line of a line diff: kept, added in the new text, or removed from the old. */
export interface DiffLine {
  readonly kind: "same" | "added" | "removed";
  readonly text: string;
}

/** Above this many cells the middle of the diff is shown as all-removed then all-added. */
const maxTableCells = 4_000_000;

/**
 * A line diff of `before` → `after`: the longest common subsequence of lines after trimming the
 * common head and tail, so removed lines come before the added lines that replace them.
 *
 * @example
 * lineDiff("a\nb", "a\nc"); // [same "a", removed "b", added "c"]
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const old = before.split("\n");
  const next = after.split("\n");
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    old[old.length - 1 - tail] === next[next.length - 1 - tail]
  ) {
    tail++;
  }
  const same = (text: string): DiffLine => ({ kind: "same", text });
  return [
    ...old.slice(0, head).map(same),
    ...middleDiff(old.slice(head, old.length - tail), next.slice(head, next.length - tail)),
    ...old.slice(old.length - tail).map(same),
  ];
}

function middleDiff(old: readonly string[], next: readonly string[]): DiffLine[] {
  if (old.length * next.length > maxTableCells) {
    return [
      ...old.map((text): DiffLine => ({ kind: "removed", text })),
      ...next.map((text): DiffLine => ({ kind: "added", text })),
    ];
  }
  // lengths[i][j] = LCS length of old[i..] and next[j..], walked forwards afterwards.
  const width = next.length + 1;
  const lengths = new Uint32Array((old.length + 1) * width);
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = next.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        old[i] === next[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < old.length || j < next.length) {
    if (i < old.length && j < next.length && old[i] === next[j]) {
      lines.push({ kind: "same", text: old[i++] as string });
      j++;
    } else if (
      j >= next.length ||
      (i < old.length && (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))
    ) {
      lines.push({ kind: "removed", text: old[i++] as string });
    } else {
      lines.push({ kind: "added", text: next[j++] as string });
    }
  }
  return lines;
}

/** A run of unchanged lines hidden from a diff view, standing for `count` lines. */
export interface DiffGap {
  readonly kind: "gap";
  readonly count: number;
}

/**
 * Keeps `context` unchanged lines around each change and folds longer unchanged runs into gaps.
 *
 * @example
 * withContext(lineDiff(a, b), 2);
 */
export function withContext(lines: readonly DiffLine[], context = 3): (DiffLine | DiffGap)[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) near[k] = true;
  });
  const out: (DiffLine | DiffGap)[] = [];
  let hidden = 0;
  lines.forEach((line, index) => {
    if (near[index]) {
      if (hidden > 0) out.push({ kind: "gap", count: hidden });
      hidden = 0;
      out.push(line);
    } else hidden++;
  });
  if (hidden > 0) out.push({ kind: "gap", count: hidden });
  return out;
}
