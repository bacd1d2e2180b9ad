import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { toJsonText } from "@judgeloop/core";
import { awsErrorName } from "../aws-errors.ts";
import type { AdapterLogger } from "../logger.ts";

/** Errors that mean the token's task was already settled or has given up waiting. */
const settledTokenErrors: ReadonlySet<string> = new Set(["TaskTimedOut", "InvalidToken", "TaskDoesNotExist"]);

/** Whether a token send reached a waiting task, and if not, why. */
export type TokenSendResult = { sent: true } | { sent: false; reason: string };

export interface TaskFailure {
  /** A short code, e.g. "judgeloop.JobsFailed" (SFN allows up to 256 characters). */
  error: string;
  /** For people; never prompts, bodies or keys (SFN allows up to 32,768 characters). */
  cause: string;
}

/**
 * Sends `.waitForTaskToken` callbacks. Several workers may race to send a candidate's token
 * (a redelivered last job, a sweeper), and a token whose task timed out is gone: both are
 * normal, so TaskTimedOut, InvalidToken and TaskDoesNotExist are logged and returned as
 * `{ sent: false }`, never thrown. Any other error (throttling, permissions) throws.
 *
 * @example
 * const tokens = new SfnTaskTokens(sfn, { logger });
 * await tokens.sendSuccess(token, { candidate: 3, done: true });
 */
export class SfnTaskTokens {
  private readonly client: SFNClient;
  private readonly logger: AdapterLogger;

  constructor(client: SFNClient, options: { logger?: AdapterLogger } = {}) {
    this.client = client;
    this.logger = options.logger ?? console;
  }

  async sendSuccess(taskToken: string, output: unknown): Promise<TokenSendResult> {
    const text = toJsonText(output, "task output");
    return this.tolerant("SendTaskSuccess", () =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: text })),
    );
  }

  async sendFailure(taskToken: string, failure: TaskFailure): Promise<TokenSendResult> {
    return this.tolerant("SendTaskFailure", () =>
      this.client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: failure.error.slice(0, 256),
          cause: failure.cause.slice(0, 32_768),
        }),
      ),
    );
  }

  private async tolerant(operation: string, send: () => Promise<unknown>): Promise<TokenSendResult> {
    try {
      await send();
      return { sent: true };
    } catch (error) {
      const reason = awsErrorName(error);
      if (reason === undefined || !settledTokenErrors.has(reason)) throw error;
      this.logger.warn("task token already settled or expired; nothing sent", { operation, reason });
      return { sent: false, reason };
    }
  }
}
