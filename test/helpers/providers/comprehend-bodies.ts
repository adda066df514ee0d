import { Registry } from 'prom-client';
import {
  ComprehendAssistant,
  createComprehendClient,
} from '../../../src/pipeline/interpret/comprehend/comprehend.assistant.js';
import { classifyComprehendError } from '../../../src/pipeline/interpret/comprehend/comprehend.classify.js';
import type { Interpretation } from '../../../src/pipeline/interpret/interpreter.port.js';
import {
  ProviderCaller,
  type ResilienceSettings,
} from '../../../src/pipeline/providers/provider-caller.js';
import { ProviderMetrics } from '../../../src/pipeline/providers/provider-metrics.js';
import {
  startAwsJsonServer,
  TEST_CREDENTIALS,
  TEST_REGION,
  type AwsCall,
  type AwsJsonServer,
  type AwsReply,
} from './aws-json-server.js';

// Response bodies shaped as the Comprehend Medical API reference and developer guide document
// them (DetectEntitiesV2, InferRxNorm, InferICD10CM), with offsets found in the text the server
// actually received.

/** Where `needle` is in the received text (its first occurrence at or after `from`). */
export interface Span {
  readonly BeginOffset: number;
  readonly EndOffset: number;
  readonly Text: string;
}

/** The span of `needle` in the text the server received; throws when it is not there. */
export function spanOf(received: string, needle: string, from = 0): Span {
  const at = received.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" not in the received text`);
  return { BeginOffset: at, EndOffset: at + needle.length, Text: needle };
}

/** A trait (NEGATION, SYMPTOM, …) as in the documented answers. */
export const trait = (Name: string, Score = 0.9) => ({ Name, Score });

/** An attribute (STRENGTH, ROUTE_OR_MODE, …) related to its entity. */
export const attribute = (span: Span, Type: string, Score = 0.95, RelationshipScore = 0.99) => ({
  Type,
  Score,
  RelationshipScore,
  Id: 100 + span.BeginOffset,
  ...span,
  Category: 'MEDICATION',
  Traits: [],
});

/** An RxNorm or ICD-10-CM concept: `Description`, `Code`, `Score`. */
export const concept = (Code: string, Description: string, Score: number) => ({
  Description,
  Code,
  Score,
});

/** An entity over `span`; concepts only in the Infer answers. */
export function entity(
  span: Span,
  fields: {
    Category: string;
    Type: string;
    Score?: number;
    Traits?: { Name: string; Score: number }[];
    Attributes?: ReturnType<typeof attribute>[];
    RxNormConcepts?: ReturnType<typeof concept>[];
    ICD10CMConcepts?: ReturnType<typeof concept>[];
  },
): Record<string, unknown> {
  const { Score = 0.97, Traits = [], Attributes = [], ...rest } = fields;
  return { Id: span.BeginOffset, ...span, Score, Traits, Attributes, ...rest };
}

/** Answers of the three operations, as their response syntax documents them. */
export const detectEntitiesV2Body = (entities: unknown[], ModelVersion = '2.4.0') => ({
  Entities: entities,
  UnmappedAttributes: [],
  ModelVersion,
});
export const inferRxNormBody = (entities: unknown[]) => ({
  Entities: entities,
  ModelVersion: '0.1.0',
});
export const inferIcd10cmBody = (entities: unknown[]) => ({
  Entities: entities,
  ModelVersion: '0.1.0',
});

/** An interpretation with nothing in it: Comprehend does not read the engine's findings. */
export const NOTHING_LOCAL: Interpretation = {
  labs: [],
  medications: [],
  conditions: [],
  vitals: [],
  phi: [],
  language: 'en',
  warnings: [],
};

/** Caller settings for tests: quick retries, a breaker that stays shut unless a test says. */
export const FAST_SETTINGS: ResilienceSettings = {
  timeoutMs: 5_000,
  retries: 2,
  baseDelayMs: 1,
  maxDelayMs: 1_000,
  breakerThreshold: 10,
  breakerCooldownMs: 60_000,
};

export interface ComprehendHarness {
  readonly server: AwsJsonServer;
  readonly assistant: ComprehendAssistant;
  readonly caller: ProviderCaller;
  readonly metrics: ProviderMetrics;
  /** The operation of every verified request, in order. */
  operations(): string[];
  /** Tries by result of one operation, as counted in `serenya_provider_requests_total`. */
  requests(result: string, operation?: string): Promise<number>;
  close(): Promise<void>;
}

/** A local Comprehend Medical, and an assistant wired to it through a real ProviderCaller. */
export async function startComprehend(options: {
  handler: (call: AwsCall) => AwsReply | Promise<AwsReply>;
  settings?: Partial<ResilienceSettings>;
  secretAccessKey?: string;
}): Promise<ComprehendHarness> {
  const server = await startAwsJsonServer({
    service: 'comprehendmedical',
    handler: options.handler,
  });
  const metrics = new ProviderMetrics(new Registry());
  const caller = new ProviderCaller({
    provider: 'comprehend',
    settings: { ...FAST_SETTINGS, ...options.settings },
    metrics,
    classify: classifyComprehendError,
  });
  const client = createComprehendClient({
    region: TEST_REGION,
    endpoint: server.url,
    credentials: {
      ...TEST_CREDENTIALS,
      secretAccessKey: options.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
    },
  });
  const assistant = new ComprehendAssistant({ client, caller, metrics });
  return {
    server,
    assistant,
    caller,
    metrics,
    operations: () => server.calls.map((c) => c.operation),
    async requests(result, operation) {
      const { values } = await metrics.requests.get();
      return values
        .filter((v) => v.labels.result === result)
        .filter((v) => operation === undefined || v.labels.operation === operation)
        .reduce((sum, v) => sum + v.value, 0);
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}
