import { InvalidArgumentError } from "commander";

/** Resolves on the first SIGINT or SIGTERM, so a serving command can close its server cleanly. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** Commander parser for `--port`: 0 (pick a free one) to 65535. */
export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError("expected a port from 0 to 65535");
  return n;
}
