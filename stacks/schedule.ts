// The nightly model watch: list each provider's models, diff against the registry, start
// re-optimizations within the nightly budget (packages/core/src/nightly).

import { functionBundling } from "./bundling.ts";
import { nightlyPermissions } from "./policies.ts";
import { dataArns, settings } from "./queues.ts";
import { providerKeys } from "./secrets.ts";
import { storage } from "./storage.ts";
import { workflow } from "./workflow.ts";

/** No retries: a failed night is reported and the next night starts from the registry again. */
export const nightly = new sst.aws.CronV2("Nightly", {
  schedule: settings.nightlySchedule,
  retries: 0,
  function: {
    handler: "functions/nightly.handler",
    nodejs: functionBundling,
    timeout: `${settings.nightlyTimeoutSeconds} seconds`,
    memory: "512 MB",
    link: [storage, workflow, ...providerKeys],
    permissions: nightlyPermissions(dataArns),
  },
});
