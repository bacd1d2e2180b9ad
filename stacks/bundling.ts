// How every Lambda function is bundled: SST hands these options to esbuild, and
// `npm run bench:bundle` builds each function with exactly these, so the sizes and cold loads
// it prints are those of the deployed code. Plain data, importable outside SST.

/**
 * ESM, minified, code-split: each lazy `import()` (a provider SDK, the tokenizer, the language
 * detector) becomes a chunk of its own that a cold start does not load. Only the AWS SDK v3 is
 * left out, as the nodejs22.x runtime ships it; everything else is bundled (nothing installed).
 *
 * @example
 * new sst.aws.Function("Api", { handler: "functions/api.handler", nodejs: functionBundling });
 */
export const functionBundling = {
  format: "esm",
  minify: true,
  splitting: true,
  esbuild: { external: ["@aws-sdk/*"] },
} as const satisfies {
  format: "esm";
  minify: boolean;
  splitting: boolean;
  esbuild: { external: readonly string[] };
};
