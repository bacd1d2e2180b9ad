// Vitest global setup: rebuilds the CLI bundle once per test run, so the tests that spawn
// `bin/judgeloop.js` run the current sources, never a stale build from an earlier `npm ci`.
import { buildCli } from "../../scripts/build-cli.ts";

export default async function setup(): Promise<void> {
  await buildCli();
}
