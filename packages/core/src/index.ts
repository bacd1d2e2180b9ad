/**
 * @judgeloop/core's public surface, one file per phase of the loop. Each file lists its
 * exports under a comment per area, so a newcomer can read what the package offers in order.
 */
export * from "./exports-data.ts";
export * from "./exports-lm.ts";
export * from "./exports-optimize.ts";
export * from "./exports-run.ts";
