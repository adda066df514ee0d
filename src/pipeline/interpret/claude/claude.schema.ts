import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

/**
 * The input of the `record_findings` tool: Claude's structured answer. It mirrors the result's
 * fields with page and line provenance; the engine re-reads every value from the cited line, so
 * the schema asks for the printed text rather than parsed numbers.
 */
const Where = {
  page: Type.Integer({ minimum: 1, description: 'Page number as given before the colon.' }),
  line: Type.Integer({ minimum: 1, description: 'Line number as given after the colon.' }),
};
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 300, description });
const Maybe = (description: string) => Type.Optional(Text(description));

export const FindingsSchema = Type.Object(
  {
    labs: Type.Array(
      Type.Object(
        {
          ...Where,
          name: Text('Test name as printed.'),
          value: Text('Result exactly as printed, e.g. "13.2", "<0.5", "Negative".'),
          unit: Maybe('Unit exactly as printed.'),
          range: Maybe('Reference range exactly as printed.'),
          explanation: Type.Optional(
            Type.String({
              maxLength: 500,
              description:
                'One or two plain-language sentences on what the test measures and what a value like this can generally mean. No diagnosis, no advice, no personal details.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    medications: Type.Array(
      Type.Object(
        {
          ...Where,
          name: Text('Drug name as printed.'),
          dose: Maybe('Dose or strength as printed.'),
          route: Maybe('Route as printed.'),
          frequency: Maybe('Frequency as printed.'),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    conditions: Type.Array(
      Type.Object(
        {
          ...Where,
          name: Text('Condition as printed.'),
          negated: Type.Boolean({ description: 'True when the text says it is absent or denied.' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export type Findings = Static<typeof FindingsSchema>;

// Strict tool use supports a subset of JSON Schema; length and count limits are checked here
// on return instead of being sent.
const LOCAL_ONLY = new Set(['minLength', 'maxLength', 'maxItems', 'minimum']);

/** The tool's input schema as plain JSON Schema for the Messages API, without local-only limits. */
export const FINDINGS_INPUT_SCHEMA = JSON.parse(JSON.stringify(FindingsSchema), (key, value) =>
  LOCAL_ONLY.has(key) ? undefined : (value as unknown),
) as { type: 'object'; [key: string]: unknown };

/** Whether a tool input is a valid answer. */
export function isFindings(input: unknown): input is Findings {
  return Value.Check(FindingsSchema, input);
}
