// Offline stand-in for the platform types `sst install` generates (.sst/platform/config.d.ts):
// exactly the SST 4.17 components, Pulumi 3.215 helpers and @pulumi/aws 7.20 resources the
// stacks use, with the same names and argument shapes, narrowed to the options we set. Used by
// `npm run typecheck:infra` when @pulumi/pulumi and @pulumi/aws are not installed; when they
// are, the script checks against the real generated types instead (docs/aws.md). Add a
// member here only after reading it in the real definitions.

declare namespace $util {
  /** A value that becomes known during deployment (Pulumi `Output<T>`). */
  interface Output<T> {
    apply<U>(func: (value: T) => Input<U>): Output<U>;
  }
  type Input<T> = T | Promise<T> | Output<T>;
  type Unwrap<T> = T extends Output<infer U> ? U : T extends Promise<infer U> ? U : T;
  interface ResourceOptions {
    dependsOn?: Input<Input<unknown>[]> | Input<unknown>;
  }
}

/** The app being deployed (SST's `$app`). */
declare const $app: {
  readonly name: string;
  readonly stage: string;
  readonly removal: "remove" | "retain" | "retain-all";
  readonly protect: boolean;
};

/** `JSON.stringify` over a value that may hold outputs, anywhere inside (Pulumi `jsonStringify`). */
declare function $jsonStringify(obj: $util.Input<unknown>, space?: string | number): $util.Output<string>;

/** Waits for every output in a record (SST's `$resolve`). */
declare function $resolve<T extends Record<string, unknown>>(
  value: T,
): $util.Output<{ [K in keyof T]: $util.Unwrap<T[K]> }>;

declare namespace SstConfig {
  interface App {
    name: string;
    home: "aws" | "cloudflare" | "local";
    removal?: "remove" | "retain" | "retain-all";
    protect?: boolean;
    providers?: { aws?: { version?: string; region?: string } | string };
  }
  interface Config {
    app(input: { stage: string }): App | Promise<App>;
    run(): Promise<Record<string, unknown> | undefined>;
  }
}

/** The `sst.config.ts` entry point. */
declare const $config: (input: SstConfig.Config) => SstConfig.Config;

// Inside `sst`, the name `aws` means `sst.aws`; these aliases reach the Pulumi `aws` namespace.
declare namespace PulumiAwsArgs {
  type BucketPublicAccessBlock = aws.s3.BucketPublicAccessBlockArgs;
  type Table = aws.dynamodb.TableArgs;
  type Queue = aws.sqs.QueueArgs;
  type EventSourceMapping = aws.lambda.EventSourceMappingArgs;
  type Stage = aws.apigatewayv2.StageArgs;
}

declare namespace sst {
  /** Transform<T> in SST: merge these arguments into the resource's, or edit them in place. */
  type Transform<T> = Partial<T> | ((args: T, opts: unknown, name: string) => undefined);

  class Secret {
    constructor(name: string, placeholder?: $util.Input<string>);
    readonly name: $util.Output<string>;
    readonly value: $util.Output<string>;
  }

  class Linkable<T extends Record<string, unknown>> {
    constructor(name: string, definition: { properties: T; include?: { type: string }[] });
    readonly name: $util.Output<string>;
    readonly properties: T;
  }

  namespace aws {
    type DurationMinutes = `${number} ${"second" | "seconds" | "minute" | "minutes"}`;
    type DurationHours = `${number} ${"second" | "seconds" | "minute" | "minutes" | "hour" | "hours"}`;
    type Size = `${number} ${"MB" | "GB"}`;

    interface FunctionPermissionArgs {
      effect?: "allow" | "deny";
      actions: string[];
      resources: $util.Input<$util.Input<string>[]>;
    }

    interface FunctionArgs {
      handler: $util.Input<string>;
      description?: $util.Input<string>;
      timeout?: $util.Input<DurationMinutes>;
      memory?: $util.Input<Size>;
      environment?: $util.Input<Record<string, $util.Input<string>>>;
      link?: $util.Input<unknown[]>;
      permissions?: $util.Input<FunctionPermissionArgs[]>;
      url?: $util.Input<boolean | { authorization?: $util.Input<"none" | "iam"> }>;
      concurrency?: $util.Input<{ provisioned?: $util.Input<number>; reserved?: $util.Input<number> }>;
      nodejs?: {
        format?: "esm" | "cjs";
        minify?: boolean;
        splitting?: boolean;
        esbuild?: { external?: readonly string[] };
        install?: string[];
      };
    }

    // biome-ignore lint/suspicious/noShadowRestrictedNames: the component's real name in SST.
    class Function {
      constructor(name: string, args: FunctionArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
      readonly url: $util.Output<string>;
    }

    interface BucketArgs {
      versioning?: $util.Input<boolean>;
      enforceHttps?: $util.Input<boolean>;
      transform?: { publicAccessBlock?: Transform<PulumiAwsArgs.BucketPublicAccessBlock> | false };
    }

    class Bucket {
      constructor(name: string, args?: BucketArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }

    interface DynamoArgs {
      fields: $util.Input<Record<string, "string" | "number" | "binary">>;
      primaryIndex: $util.Input<{ hashKey: $util.Input<string>; rangeKey?: $util.Input<string> }>;
      globalIndexes?: $util.Input<
        Record<
          string,
          $util.Input<{
            hashKey: $util.Input<string | string[]>;
            rangeKey?: $util.Input<string | string[]>;
            projection?: $util.Input<"all" | "keys-only" | $util.Input<string>[]>;
          }>
        >
      >;
      ttl?: $util.Input<string>;
      deletionProtection?: $util.Input<boolean>;
      transform?: { table?: Transform<PulumiAwsArgs.Table> };
    }

    class Dynamo {
      constructor(name: string, args: DynamoArgs);
      readonly name: $util.Output<string>;
      readonly arn: $util.Output<string>;
    }

    interface QueueArgs {
      visibilityTimeout?: $util.Input<DurationHours>;
      dlq?: $util.Input<string | { queue: $util.Input<string>; retry: $util.Input<number> }>;
      transform?: { queue?: Transform<PulumiAwsArgs.Queue> };
    }

    interface QueueSubscriberArgs {
      batch?: $util.Input<{
        size?: $util.Input<number>;
        window?: $util.Input<DurationMinutes>;
        partialResponses?: $util.Input<boolean>;
      }>;
      transform?: { eventSourceMapping?: Transform<PulumiAwsArgs.EventSourceMapping> };
    }

    class QueueLambdaSubscriber {
      private constructor();
    }

    class Queue {
      constructor(name: string, args?: QueueArgs);
      readonly arn: $util.Output<string>;
      readonly url: $util.Output<string>;
      subscribe(subscriber: $util.Input<string | FunctionArgs>, args?: QueueSubscriberArgs): QueueLambdaSubscriber;
    }

    interface ApiGatewayV2Args {
      transform?: { stage?: Transform<PulumiAwsArgs.Stage> };
    }

    class ApiGatewayV2LambdaRoute {
      private constructor();
    }

    class ApiGatewayV2 {
      constructor(name: string, args?: ApiGatewayV2Args);
      readonly url: $util.Output<string>;
      route(rawRoute: string, handler: $util.Input<string | FunctionArgs>): ApiGatewayV2LambdaRoute;
    }

    interface CronV2Args {
      schedule: $util.Input<`rate(${string})` | `cron(${string})` | `at(${string})`>;
      function?: $util.Input<string | FunctionArgs>;
      timezone?: $util.Input<string>;
      enabled?: $util.Input<boolean>;
      retries?: $util.Input<number>;
    }

    class CronV2 {
      constructor(name: string, args: CronV2Args);
    }
  }
}

declare namespace aws {
  namespace s3 {
    interface BucketPublicAccessBlockArgs {
      bucket: $util.Input<string>;
      blockPublicAcls?: $util.Input<boolean>;
      blockPublicPolicy?: $util.Input<boolean>;
      ignorePublicAcls?: $util.Input<boolean>;
      restrictPublicBuckets?: $util.Input<boolean>;
    }

    interface BucketServerSideEncryptionConfigurationArgs {
      bucket: $util.Input<string>;
      rules: $util.Input<
        $util.Input<{
          applyServerSideEncryptionByDefault?: $util.Input<{
            sseAlgorithm: $util.Input<string>;
            kmsMasterKeyId?: $util.Input<string>;
          }>;
          bucketKeyEnabled?: $util.Input<boolean>;
        }>[]
      >;
    }

    class BucketServerSideEncryptionConfiguration {
      constructor(name: string, args: BucketServerSideEncryptionConfigurationArgs, opts?: $util.ResourceOptions);
    }

    interface BucketLifecycleConfigurationArgs {
      bucket: $util.Input<string>;
      rules: $util.Input<
        $util.Input<{
          id: $util.Input<string>;
          status: $util.Input<string>;
          filter?: $util.Input<{ prefix?: $util.Input<string> }>;
          expiration?: $util.Input<{ days?: $util.Input<number>; expiredObjectDeleteMarker?: $util.Input<boolean> }>;
          noncurrentVersionExpiration?: $util.Input<{ noncurrentDays: $util.Input<number> }>;
          abortIncompleteMultipartUpload?: $util.Input<{ daysAfterInitiation?: $util.Input<number> }>;
        }>[]
      >;
    }

    class BucketLifecycleConfiguration {
      constructor(name: string, args: BucketLifecycleConfigurationArgs, opts?: $util.ResourceOptions);
    }
  }

  namespace dynamodb {
    interface TableArgs {
      pointInTimeRecovery?: $util.Input<{ enabled: $util.Input<boolean> }>;
    }
  }

  namespace sqs {
    interface QueueArgs {
      messageRetentionSeconds?: $util.Input<number>;
      visibilityTimeoutSeconds?: $util.Input<number>;
    }
  }

  namespace lambda {
    interface EventSourceMappingArgs {
      functionName: $util.Input<string>;
      scalingConfig?: $util.Input<{ maximumConcurrency?: $util.Input<number> }>;
    }

    interface FunctionEventInvokeConfigArgs {
      functionName: $util.Input<string>;
      maximumRetryAttempts?: $util.Input<number>;
      maximumEventAgeInSeconds?: $util.Input<number>;
      qualifier?: $util.Input<string>;
    }

    class FunctionEventInvokeConfig {
      constructor(name: string, args: FunctionEventInvokeConfigArgs, opts?: $util.ResourceOptions);
    }
  }

  namespace apigatewayv2 {
    interface StageArgs {
      apiId: $util.Input<string>;
      defaultRouteSettings?: $util.Input<{
        throttlingBurstLimit?: $util.Input<number>;
        throttlingRateLimit?: $util.Input<number>;
      }>;
    }
  }

  namespace iam {
    interface RoleArgs {
      assumeRolePolicy: $util.Input<string>;
      description?: $util.Input<string>;
      name?: $util.Input<string>;
    }

    class Role {
      constructor(name: string, args: RoleArgs, opts?: $util.ResourceOptions);
      readonly id: $util.Output<string>;
      readonly arn: $util.Output<string>;
      readonly name: $util.Output<string>;
    }

    interface RolePolicyArgs {
      role: $util.Input<string | Role>;
      policy: $util.Input<string>;
      name?: $util.Input<string>;
    }

    class RolePolicy {
      constructor(name: string, args: RolePolicyArgs, opts?: $util.ResourceOptions);
    }
  }

  namespace sfn {
    interface StateMachineArgs {
      definition: $util.Input<string>;
      roleArn: $util.Input<string>;
      name?: $util.Input<string>;
      type?: $util.Input<string>;
    }

    class StateMachine {
      constructor(name: string, args: StateMachineArgs, opts?: $util.ResourceOptions);
      readonly arn: $util.Output<string>;
      readonly name: $util.Output<string>;
    }
  }
}
