// The subset of the Amazon States Language (JSONPath flavour) judgeloop's state machines use,
// typed so a misspelt field is a compile error rather than a failed deployment.

/** One `Retry` rule of a Task state. */
export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: "FULL" | "NONE";
}

/** One `Catch` rule of a Task state. */
export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

export interface AslTaskState {
  Type: "Task";
  Comment?: string;
  Resource: string;
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string | null;
  OutputPath?: string;
  TimeoutSeconds?: number;
  /** A reference path to the timeout in the state's input (instead of TimeoutSeconds). */
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Next?: string;
  End?: true;
}

export interface AslChoiceRule {
  Variable: string;
  StringEquals?: string;
  BooleanEquals?: boolean;
  IsPresent?: boolean;
  Next: string;
}

export interface AslChoiceState {
  Type: "Choice";
  Comment?: string;
  Choices: AslChoiceRule[];
  Default: string;
}

export interface AslSucceedState {
  Type: "Succeed";
  Comment?: string;
}

export interface AslFailState {
  Type: "Fail";
  Comment?: string;
  Error: string;
  Cause?: string;
}

/** Reshapes the state with `Parameters` (JSONPath), calling nothing. */
export interface AslPassState {
  Type: "Pass";
  Comment?: string;
  Parameters?: Record<string, unknown>;
  ResultPath?: string;
  Next: string;
}

export type AslState = AslTaskState | AslChoiceState | AslPassState | AslSucceedState | AslFailState;

/** A whole state machine definition, ready for `JSON.stringify` and `aws.sfn.StateMachine`. */
export interface AslDefinition {
  Comment?: string;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, AslState>;
}
