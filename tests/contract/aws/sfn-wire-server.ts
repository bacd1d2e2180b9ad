import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  output?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
}

type TokenState = "waiting" | "succeeded" | "failed" | "timed-out";

/** One request as the server received it: the X-Amz-Target operation and the JSON body. */
export interface WireRequest {
  operation: string;
  body: Record<string, unknown>;
  contentType: string;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const target = /^AWSStepFunctions\.(\w+)$/;

/**
 * A small Step Functions endpoint on 127.0.0.1 speaking the AWS JSON 1.0 protocol
 * (`X-Amz-Target: AWSStepFunctions.<Operation>`) for the operations the driver and the task
 * token sender use: StartExecution, DescribeExecution, StopExecution, RedriveExecution,
 * SendTaskSuccess and SendTaskFailure. It runs no state machine; tests move executions and
 * task tokens along by hand. What the SDK sends is recorded, so tests check the wire.
 *
 * @example
 * const sfn = await startSfnWireServer();
 * const client = new SFNClient({ endpoint: sfn.endpoint, region: "us-east-1", credentials });
 */
export class SfnWireServer {
  readonly requests: WireRequest[] = [];
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, TokenState>();
  private readonly server: Server;
  endpoint = "";

  constructor() {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Ends an execution as the state machine would. */
  finish(
    executionArn: string,
    end: { status: ExecutionStatus; output?: string; error?: string; cause?: string },
  ): void {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new Error(`no execution ${executionArn}`);
    Object.assign(execution, end);
  }

  /** A task token a `.waitForTaskToken` state would hand out. */
  issueToken(): string {
    const token = `token-${randomUUID()}`;
    this.tokens.set(token, "waiting");
    return token;
  }

  /** Lets a waiting task time out, as its TimeoutSeconds would. */
  timeOut(token: string): void {
    this.tokens.set(token, "timed-out");
  }

  tokenState(token: string): TokenState | undefined {
    return this.tokens.get(token);
  }

  execution(executionArn: string): Execution | undefined {
    return this.executions.get(executionArn);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = target.exec(String(request.headers["x-amz-target"] ?? ""))?.[1] ?? "";
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    this.requests.push({ operation, body, contentType: String(request.headers["content-type"] ?? "") });
    try {
      this.reply(response, 200, this.dispatch(operation, body));
    } catch (error) {
      const failure = error instanceof ServiceError ? error : new ServiceError("InternalFailure", String(error));
      this.reply(response, 400, { __type: failure.type, message: failure.message });
    }
  }

  private dispatch(operation: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case "StartExecution":
        return this.startExecution(body);
      case "DescribeExecution":
        return this.describeExecution(String(body.executionArn));
      case "StopExecution":
        return this.stopExecution(body);
      case "RedriveExecution":
        return this.redriveExecution(String(body.executionArn));
      case "SendTaskSuccess":
      case "SendTaskFailure":
        return this.settleToken(String(body.taskToken), operation === "SendTaskSuccess" ? "succeeded" : "failed");
      default:
        throw new ServiceError("UnknownOperationException", `operation ${operation} is not served here`);
    }
  }

  private startExecution(body: Record<string, unknown>): Record<string, unknown> {
    const stateMachineArn = String(body.stateMachineArn);
    const name = String(body.name);
    const executionArn = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
    const input = String(body.input ?? "{}");
    const existing = this.executions.get(executionArn);
    // Step Functions: the same name and input while running is idempotent; anything else is refused.
    if (existing && (existing.status !== "RUNNING" || existing.input !== input)) {
      throw new ServiceError("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
    }
    const execution = existing ?? {
      executionArn,
      stateMachineArn,
      name,
      input,
      status: "RUNNING" as const,
      startDate: Date.now() / 1000,
      redriveCount: 0,
    };
    this.executions.set(executionArn, execution);
    return { executionArn, startDate: execution.startDate };
  }

  private describeExecution(executionArn: string): Record<string, unknown> {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ServiceError("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
    const { redriveCount, ...described } = execution;
    return { ...described, redriveCount };
  }

  private stopExecution(body: Record<string, unknown>): Record<string, unknown> {
    const execution = this.executions.get(String(body.executionArn));
    if (!execution) throw new ServiceError("ExecutionDoesNotExist", "Execution Does Not Exist");
    if (execution.status === "RUNNING") {
      Object.assign(execution, { status: "ABORTED", error: body.error, cause: body.cause });
    }
    return { stopDate: Date.now() / 1000 };
  }

  private redriveExecution(executionArn: string): Record<string, unknown> {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ServiceError("ExecutionDoesNotExist", "Execution Does Not Exist");
    if (execution.status !== "FAILED" && execution.status !== "TIMED_OUT") {
      throw new ServiceError("ExecutionNotRedrivable", `Execution is ${execution.status}`);
    }
    Object.assign(execution, { status: "RUNNING", error: undefined, cause: undefined });
    execution.redriveCount += 1;
    return { redriveDate: Date.now() / 1000 };
  }

  private settleToken(token: string, outcome: "succeeded" | "failed"): Record<string, unknown> {
    const state = this.tokens.get(token);
    if (state === undefined) throw new ServiceError("InvalidToken", "Invalid Token");
    // As Step Functions does, a closed task and a timed-out one answer alike.
    if (state !== "waiting") throw new ServiceError("TaskTimedOut", "Task Timed Out");
    this.tokens.set(token, outcome);
    return {};
  }

  private reply(response: ServerResponse, status: number, body: Record<string, unknown>): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/x-amz-json-1.0",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": randomUUID(),
    });
    response.end(text);
  }
}

/**
 * Starts an SfnWireServer on a free port of 127.0.0.1.
 *
 * @example
 * const sfn = await startSfnWireServer();
 * afterAll(() => sfn.close());
 */
export async function startSfnWireServer(): Promise<SfnWireServer> {
  const server = new SfnWireServer();
  await server.listen();
  return server;
}
