// The SST app. It only composes stacks/ (one file per concern); it holds no logic of its own.
// Until the AWS issue adds the stacks, it names the app and deploys nothing. `$config` comes from
// SST's generated platform types at deploy time; this declaration lets the stub type-check offline.
declare const $config: <T>(config: T) => T;

export default $config({
  app(input: { stage?: string }) {
    return {
      name: "judgeloop",
      home: "aws",
      removal: input.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    return {};
  },
});
