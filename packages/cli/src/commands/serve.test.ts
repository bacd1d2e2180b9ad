import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/judgeloop.js", import.meta.url));
const token = "serve-test-token-0123456789";
const children: ChildProcess[] = [];
const homes: string[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [bin, "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  children.push(child);
  return child;
}

/** Resolves with the JSON `judgeloop serve --json` prints once it listens. */
async function started(child: ChildProcess): Promise<{ url: string; port: number }> {
  let stdout = "";
  for await (const chunk of child.stdout ?? []) {
    stdout += String(chunk);
    try {
      return JSON.parse(stdout);
    } catch {
      // The JSON object is not complete yet.
    }
  }
  throw new Error("judgeloop serve exited before printing its address");
}

describe("judgeloop serve", () => {
  it("serves the API on 127.0.0.1 with the token from JUDGELOOP_API_TOKEN, storing uploads under JUDGELOOP_HOME", async () => {
    // Prepare
    const home = await mkdtemp(join(tmpdir(), "judgeloop-serve-"));
    homes.push(home);
    const child = start(["--port", "0", "--json"], { JUDGELOOP_API_TOKEN: token, JUDGELOOP_HOME: home });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const { url } = await started(child);
    const upload = {
      name: "smoke",
      rows: [{ conversation_id: "c-1", company: "Delta", conversation: "Customer: where is my bag?" }],
    };

    // Act
    const health = await fetch(`${url}/healthz`);
    const anonymous = await fetch(`${url}/v1/runs/run-1`);
    const uploaded = await fetch(`${url}/v1/datasets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(upload),
    });
    const dataset = (await uploaded.json()) as { id: string };
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");

    // Assess
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(health.status).toBe(200);
    expect(anonymous.status).toBe(401);
    expect(uploaded.status).toBe(201);
    expect(existsSync(join(home, "datasets", dataset.id, "version.json"))).toBe(true);
    expect(code).toBe(0);
    expect(stderr).toMatch(/POST \/v1\/datasets 201 /);
    expect(stderr).toMatch(/GET \/v1\/runs\/run-1 401 unauthorized/);
    expect(stderr).not.toContain(token);
    expect(stderr).not.toContain("where is my bag");
  });

  it("refuses to start without JUDGELOOP_API_TOKEN, saying which variable to set", async () => {
    const child = start(["--port", "0"], { JUDGELOOP_API_TOKEN: "" });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });

    const [code] = await once(child, "exit");

    expect(code).not.toBe(0);
    expect(stderr).toMatch(/set JUDGELOOP_API_TOKEN/);
  });
});
