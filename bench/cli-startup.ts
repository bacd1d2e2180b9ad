// Start-up time of the `judgeloop` command: the built bundle through the published bin
// (packages/cli/bin/judgeloop.js → dist/main.js, made by `npm run build`) side by side with
// the old route that compiled the TypeScript sources with tsx at every start. Each figure is
// the median wall time of N fresh processes, alternating the two routes so that both see the
// same machine load. Target: the built `--help` under 0.3 s.
//
//   npm run bench:cli               # 15 runs of each
//   npm run bench:cli -- --runs 5
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildCli } from "../scripts/build-cli.ts";

const root = new URL("..", import.meta.url).pathname;
const run = promisify(execFile);
const targetSeconds = 0.3;

/** How the command starts: argv for `node`, before the command's own arguments. */
interface Route {
  name: string;
  argv: string[];
}

async function wallSeconds(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  await run(process.execPath, argv, { cwd: root, env });
  return (performance.now() - started) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15;
  await buildCli();
  // The pre-build entry point, as bin/judgeloop.js was: tsx's loader compiling src/main.ts.
  const tsxEntry = join(root, "node_modules", ".cache", "judgeloop-cli-tsx.mjs");
  await mkdir(join(root, "node_modules", ".cache"), { recursive: true });
  await writeFile(
    tsxEntry,
    `import { register } from "tsx/esm/api";\nregister();\nconst { main } = await import(${JSON.stringify(join(root, "packages", "cli", "src", "main.ts"))});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  const routes: Route[] = [
    { name: "built (bin → dist)", argv: [join(root, "packages", "cli", "bin", "judgeloop.js")] },
    { name: "tsx (src, before)", argv: [tsxEntry] },
  ];
  const commands = [["--help"], ["evaluate", "--help"]];
  console.log(`judgeloop start-up: median wall time of ${runs} fresh processes each (node ${process.version})`);
  console.log(`${"command".padEnd(20)}${routes.map((r) => r.name.padEnd(22)).join("")}ratio`);
  let builtHelp = Number.NaN;
  for (const args of commands) {
    const times = routes.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) {
      for (const [index, route] of routes.entries()) times[index]?.push(await wallSeconds([...route.argv, ...args]));
    }
    const [built, tsx] = times.map(median) as [number, number];
    if (args.length === 1) builtHelp = built;
    const cells = [built, tsx].map((s) => `${s.toFixed(3)} s`.padEnd(22)).join("");
    console.log(`${args.join(" ").padEnd(20)}${cells}${(tsx / built).toFixed(1)}x faster`);
  }
  // With an OTLP endpoint set the OpenTelemetry SDK's chunk is loaded at start; without one it
  // is not (the rows above). `--help` makes no span, so nothing is sent to the address.
  const bin = join(root, "packages", "cli", "bin", "judgeloop.js");
  const tracedEnv = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" };
  const untracedEnv = { ...process.env };
  delete untracedEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete untracedEnv.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < runs; i++) {
    off.push(await wallSeconds([bin, "--help"], untracedEnv));
    on.push(await wallSeconds([bin, "--help"], tracedEnv));
  }
  const [traceOff, traceOn] = [median(off), median(on)];
  console.log(
    `${"--help, traces".padEnd(20)}${`off ${traceOff.toFixed(3)} s`.padEnd(22)}${`on ${traceOn.toFixed(3)} s`.padEnd(22)}${(traceOn / traceOff).toFixed(2)}x (SDK loaded only when on)`,
  );
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) bare.push(await wallSeconds(["-e", ""]));
  console.log(
    `${"(node -e '')".padEnd(20)}${`${median(bare).toFixed(3)} s`.padEnd(22)}node's own start-up on this machine now`,
  );
  const ok = builtHelp < targetSeconds;
  console.log(
    `built \`judgeloop --help\`: ${builtHelp.toFixed(3)} s — ${ok ? "under" : "NOT under"} the ${targetSeconds} s target`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
