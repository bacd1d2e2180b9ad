import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { buildApp } from "fauxqs";

/** Dummy credentials: the emulators accept any. */
export const emulatorCredentials = { accessKeyId: "test", secretAccessKey: "test" };
export const emulatorRegion = "us-east-1";

/** A running emulator: its endpoint URL and how to stop it. */
export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (SQS and S3 in one server) in this process, bound to 127.0.0.1 on a free port.
 * `buildApp` + `listen` rather than `startFauxqs`, which binds every interface.
 *
 * @example
 * const fauxqs = await startFauxqsEmulator();
 * const { sqs, s3 } = awsClients({ endpoint: fauxqs.endpoint, region: emulatorRegion, credentials: emulatorCredentials });
 * afterAll(() => fauxqs.stop());
 */
export async function startFauxqsEmulator(): Promise<Emulator> {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ host: "127.0.0.1", port: 0 });
  return { endpoint, stop: () => app.close() };
}

type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

/**
 * Starts dynalite (DynamoDB, in memory, tables ACTIVE at once) bound to 127.0.0.1 on a free port.
 *
 * @example
 * const dynamo = await startDynaliteEmulator();
 * afterAll(() => dynamo.stop());
 */
export async function startDynaliteEmulator(): Promise<Emulator> {
  // dynalite is CommonJS without type declarations.
  const dynalite = createRequire(import.meta.url)("dynalite") as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
