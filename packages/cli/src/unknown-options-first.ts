import type { Command } from "commander";

/** Commander's own report of an unknown option (with its closest valid one); untyped but stable. */
type ReportsUnknown = { unknownOption(flag: string): never };

/**
 * Makes every leaf command name an unknown option, with the closest valid one, before it
 * complains about a missing required option: commander checks required options first, so
 * `evaluate --datset x` would otherwise answer "required option --dataset not specified".
 *
 * @example
 * registerCommands(program);
 * reportUnknownOptionsFirst(program);
 */
export function reportUnknownOptionsFirst(command: Command): void {
  for (const sub of command.commands) reportUnknownOptionsFirst(sub);
  if (command.commands.length > 0) return;
  const parseOptions = command.parseOptions.bind(command);
  command.parseOptions = (argv) => {
    const parsed = parseOptions(argv);
    const asksHelp = parsed.unknown.some((arg) => arg === "--help" || arg === "-h");
    const unknown = parsed.unknown.find((arg) => arg.startsWith("-") && arg !== "-");
    if (unknown !== undefined && !asksHelp) (command as unknown as ReportsUnknown).unknownOption(unknown);
    return parsed;
  };
}
