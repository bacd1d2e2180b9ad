import { InMemoryJobQueue, InMemoryRunStore, MemoryBudgetLedger, MemoryCacheStore } from "@judgeloop/core";
import { budgetLedgerContract } from "./budget-ledger.contract.ts";
import { cacheStoreContract } from "./cache-store.contract.ts";
import { ManualClock } from "./harness.ts";
import { jobQueueContract } from "./job-queue.contract.ts";
import { runStoreContract } from "./run-store.contract.ts";

// Every in-memory adapter against its port's contract (InMemoryArtifactStore runs in artifact-store.test.ts).

const nothingToClose = async (): Promise<void> => {};

runStoreContract("InMemoryRunStore", async () => ({ store: new InMemoryRunStore(), close: nothingToClose }));

jobQueueContract("InMemoryJobQueue", async ({ maxReceives }) => {
  const clock = new ManualClock();
  return {
    queue: new InMemoryJobQueue({ maxReceives, now: clock.now }),
    advance: async (ms) => clock.advance(ms),
    close: nothingToClose,
  };
});

budgetLedgerContract("MemoryBudgetLedger", async () => ({ ledger: new MemoryBudgetLedger(), close: nothingToClose }));

cacheStoreContract("MemoryCacheStore", async () => ({ store: new MemoryCacheStore(), close: nothingToClose }));
