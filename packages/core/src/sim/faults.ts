import { JudgeloopError } from "../errors.ts";

/** Rates (0-1) at which a simulated endpoint fails, per call. */
export interface SimFaults {
  /** A 5xx answer; `serverStatus` says which (default 500). */
  server: number;
  serverStatus: number;
  timeout: number;
  /** A 200 answer whose text no parser can read. */
  malformed: number;
  /**
   * A 429 regardless of the request rate, as servers send under load or for limits they do not
   * disclose (`429:0.03`). Drawn apart from the others, before the RPM limit is checked.
   */
  rateLimit?: number;
}

export type SimFaultKind = "server" | "timeout" | "malformed";

export const noFaults: SimFaults = { server: 0, serverStatus: 500, timeout: 0, malformed: 0 };

/**
 * Parses a fault spec such as `500:0.05,timeout:0.02,malformed:0.03,429:0.03`. A 5xx status (or
 * `5xx`) sets the server-error rate, `429` the rate of extra rate-limit answers; rates must lie
 * in [0, 1] and add up to at most 1.
 *
 * @example
 * parseFaultSpec("503:0.1").serverStatus; // 503
 */
export function parseFaultSpec(spec: string): SimFaults {
  const faults = { ...noFaults };
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind = "", rateText = ""] = part.split(":").map((p) => p.trim());
    const rate = Number(rateText);
    if (rateText === "" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new JudgeloopError("bad_fault_spec", `fault "${kind}": rate must be a number between 0 and 1`);
    }
    if (/^5(\d\d|xx)$/i.test(kind)) {
      faults.server = rate;
      faults.serverStatus = /x/i.test(kind) ? 500 : Number(kind);
    } else if (kind === "timeout" || kind === "malformed") {
      faults[kind] = rate;
    } else if (kind === "429") {
      faults.rateLimit = rate;
    } else {
      throw new JudgeloopError("bad_fault_spec", `fault "${kind}": expected a 5xx status, 429, timeout or malformed`);
    }
  }
  if (faults.server + faults.timeout + faults.malformed + (faults.rateLimit ?? 0) > 1) {
    throw new JudgeloopError("bad_fault_spec", "fault rates add up to more than 1");
  }
  return faults;
}

/**
 * The fault a uniform draw `u` in [0, 1) selects, if any.
 *
 * @example
 * faultFor(parseFaultSpec("500:0.1"), 0.05); // "server"
 */
export function faultFor(faults: SimFaults, u: number): SimFaultKind | undefined {
  if (u < faults.server) return "server";
  if (u < faults.server + faults.timeout) return "timeout";
  if (u < faults.server + faults.timeout + faults.malformed) return "malformed";
  return undefined;
}
