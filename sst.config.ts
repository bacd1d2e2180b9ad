// The SST app. It only composes stacks/ (one file per concern), in dependency order; it holds
// no logic of its own. Stacks are imported inside run() because SST's globals (sst, aws, $app)
// exist only there. Types: `npm run typecheck:infra` (docs/aws.md).

export default $config({
  app(input) {
    return {
      name: "judgeloop",
      home: "aws",
      removal: input.stage === "production" ? "retain" : "remove",
      protect: input.stage === "production",
      providers: { aws: { version: "7.20.0" } },
    };
  },
  async run() {
    await import("./stacks/secrets.ts");
    const { bucket, table } = await import("./stacks/storage.ts");
    const { jobQueue, deadLetterQueue } = await import("./stacks/queues.ts");
    const { optimizer } = await import("./stacks/workflow.ts");
    const { pipeline } = await import("./stacks/pipeline.ts");
    const { httpApi } = await import("./stacks/api.ts");
    await import("./stacks/schedule.ts");
    return {
      api: httpApi.url,
      bucket: bucket.name,
      table: table.name,
      jobQueue: jobQueue.url,
      deadLetterQueue: deadLetterQueue.url,
      stateMachine: optimizer.arn,
      pipelineStateMachine: pipeline.arn,
    };
  },
});
