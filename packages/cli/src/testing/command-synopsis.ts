import { Command } from "commander";
import { registerCommands } from "../commands/index.ts";

/** One leaf command as commander knows it: its path, arguments and long option flags. */
export interface CommandSynopsis {
  /** e.g. `sim serve` */
  path: string;
  /** e.g. `judgeloop evaluate <config> [--out <dir>] [--json]` */
  usage: string;
  /** Long flags, e.g. `["--out", "--json"]` (`--help` left out). */
  flags: string[];
}

/**
 * Test-only: every leaf command of the `judgeloop` program with its real options, so the
 * README's command section can be checked against them.
 *
 * @example
 * commandSynopses().find((c) => c.path === "sim serve")?.flags; // ["--port", "--rpm", …]
 */
export function commandSynopses(): CommandSynopsis[] {
  const program = new Command("judgeloop");
  registerCommands(program);
  const synopses: CommandSynopsis[] = [];
  const walk = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()];
      if (sub.commands.length > 0) {
        walk(sub, path);
        continue;
      }
      const args = sub.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
      const options = sub.options.map((o) => {
        const flag = `${o.long ?? o.flags}${o.flags.match(/ ([<[].*)$/)?.[0] ?? ""}`;
        return o.mandatory ? flag : `[${flag}]`;
      });
      synopses.push({
        path: path.join(" "),
        usage: ["judgeloop", ...path, ...args, ...options].join(" "),
        flags: sub.options.flatMap((o) => (o.long ? [o.long] : [])),
      });
    }
  };
  walk(program, []);
  return synopses;
}

/**
 * Every command's usage, one entry per command, wrapped at `width` with continuation lines
 * indented: the block README.md's "Command line" section shows.
 *
 * @example
 * synopsisBlock().split("\n")[0]; // "judgeloop import-dspy <file> --out <file> …"
 */
export function synopsisBlock(width = 98): string {
  return commandSynopses()
    .map(({ usage }) => {
      const lines: string[] = [];
      let line = "";
      for (const word of usage.split(/ (?=\[|--)/)) {
        if (line && `${line} ${word}`.length > width) {
          lines.push(line);
          line = `    ${word}`;
        } else line = line ? `${line} ${word}` : word;
      }
      return [...lines, line].join("\n");
    })
    .join("\n");
}
