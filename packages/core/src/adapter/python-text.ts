// DSPy builds its prompts with Python string functions whose edge cases differ from their
// JavaScript namesakes (which characters count as whitespace or line breaks, how floats print).
// Byte-for-byte parity needs the Python behaviour, so it is reproduced here.

const pythonWhitespace =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const leadingWhitespace = new RegExp(`^[${pythonWhitespace}]+`);
const trailingWhitespace = new RegExp(`[${pythonWhitespace}]+$`);
const pythonLineBreaks = "\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029";
const lineBreak = new RegExp(`\\r\\n|[${pythonLineBreaks}]`);

/**
 * Python's `str.strip()`: removes the characters Python calls whitespace from both ends.
 *
 * @example
 * pyStrip("\n\nhello \x1c"); // "hello"
 */
export function pyStrip(text: string): string {
  return text.replace(leadingWhitespace, "").replace(trailingWhitespace, "");
}

/**
 * Python's `str.splitlines()`: splits on every Python line boundary and drops the empty piece
 * after a final line break.
 *
 * @example
 * pySplitLines("a\r\nb\n"); // ["a", "b"]
 */
export function pySplitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(lineBreak);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Python's `textwrap.dedent`: blanks whitespace-only lines, then removes the longest run of
 * spaces and tabs that every non-blank line starts with.
 *
 * @example
 * pyDedent("    a\n      b"); // "a\n  b"
 */
export function pyDedent(text: string): string {
  const lines = text.split("\n").map((line) => (/^[ \t]+$/.test(line) ? "" : line));
  let margin: string | undefined;
  for (const line of lines) {
    const indent = /^([ \t]*)[^ \t\n]/.exec(line)?.[1];
    if (indent === undefined) continue;
    margin = margin === undefined ? indent : commonPrefix(margin, indent);
  }
  if (!margin) return lines.join("\n");
  const cut = margin;
  return lines.map((line) => (line.startsWith(cut) ? line.slice(cut.length) : line)).join("\n");
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/**
 * Python's `repr(float)` for non-integral numbers, `str(int)` for integral ones. JavaScript and
 * Python agree on the shortest round-trip digits but not on when to switch to exponent notation.
 *
 * @example
 * pyNumber(0.00001); // "1e-05"
 */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const [digits = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return String(value);
  const sign = exponent < 0 ? "-" : "+";
  return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

/**
 * Python's `json.dumps(value, ensure_ascii=False)` (compact: `", "` and `": "` separators) or,
 * with `indent`, `json.dumps(value, indent=indent)`. Keys keep insertion order.
 *
 * @example
 * pyJsonDumps({ a: [1, 2] }); // '{"a": [1, 2]}'
 */
export function pyJsonDumps(value: unknown, indent?: number): string {
  return dumpValue(value, indent, 0);
}

function dumpValue(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return dumpNumber(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) {
    return dumpContainer(
      "[",
      "]",
      value.map((item) => dumpValue(item, indent, depth + 1)),
      indent,
      depth,
    );
  }
  if (typeof value === "object") {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === "function") return dumpValue(withToJson.toJSON(), indent, depth);
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const items = entries.map(([k, v]) => `${JSON.stringify(k)}: ${dumpValue(v, indent, depth + 1)}`);
    return dumpContainer("{", "}", items, indent, depth);
  }
  return JSON.stringify(String(value));
}

function dumpNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return pyNumber(value);
}

function dumpContainer(open: string, close: string, items: string[], indent: number | undefined, depth: number) {
  if (items.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open}${items.join(", ")}${close}`;
  const inner = " ".repeat(indent * (depth + 1));
  const outer = " ".repeat(indent * depth);
  return `${open}\n${inner}${items.join(`,\n${inner}`)}\n${outer}${close}`;
}

/**
 * Python's `inspect.cleandoc`, which DSPy applies to every signature's instructions: tabs
 * expanded, the first line left-stripped, the common indent of the other lines removed, blank
 * lines at both ends dropped.
 *
 * @example
 * pyCleandoc("\n    Judge.\n      Be strict.\n"); // "Judge.\n  Be strict."
 */
export function pyCleandoc(doc: string): string {
  const lines = expandTabs(doc).split("\n");
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const content = line.replace(leadingWhitespace, "").length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  const cleaned = lines.map((line, i) => {
    if (i === 0) return line.replace(leadingWhitespace, "");
    return Number.isFinite(margin) ? line.slice(margin) : line;
  });
  while (cleaned.length > 0 && cleaned.at(-1) === "") cleaned.pop();
  while (cleaned.length > 0 && cleaned[0] === "") cleaned.shift();
  return cleaned.join("\n");
}

/** Python's `str.expandtabs()`: tab stops every 8 columns, counted from each \n or \r. */
function expandTabs(text: string): string {
  let out = "";
  let column = 0;
  for (const ch of text) {
    if (ch === "\t") {
      const spaces = 8 - (column % 8);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}
