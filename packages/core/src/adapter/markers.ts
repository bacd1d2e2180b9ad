import { pySplitLines, pyStrip } from "./python-text.ts";

const fieldHeader = /^\[\[ ## (\w+) ## \]\]/;

/**
 * The sections of a marker-formatted answer: text after each `[[ ## name ## ]]` header up to
 * the next header, stripped. The first section of a name wins; text before any header is dropped.
 *
 * @example
 * markerSections("[[ ## a ## ]]\n1\n[[ ## b ## ]] two"); // Map { "a" => "1", "b" => "two" }
 */
export function markerSections(completion: string): Map<string, string> {
  const sections: { name: string | undefined; lines: string[] }[] = [{ name: undefined, lines: [] }];
  for (const line of pySplitLines(completion)) {
    const trimmed = pyStrip(line);
    const header = fieldHeader.exec(trimmed);
    if (header) {
      const rest = pyStrip(trimmed.slice(header[0].length));
      sections.push({ name: header[1], lines: rest === "" ? [] : [rest] });
    } else {
      sections.at(-1)?.lines.push(line);
    }
  }
  const result = new Map<string, string>();
  for (const { name, lines } of sections) {
    if (name !== undefined && !result.has(name)) result.set(name, pyStrip(lines.join("\n")));
  }
  return result;
}
