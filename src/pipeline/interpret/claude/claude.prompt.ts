import type { Interpretation } from '../interpreter.port.js';
import type { OutboundLine } from '../assist/assistant.port.js';

export const TOOL_NAME = 'record_findings';

export const SYSTEM_PROMPT = `You read medical documents (lab reports, clinical summaries) for a patient-facing app.
You are given the document's text as numbered lines "page:line | text", and what a rule-based engine already found.
Personal details were replaced by placeholders such as [NAME], [DATE], [ID], [ADDRESS]; never guess what they hide.
Call the ${TOOL_NAME} tool exactly once with every lab result, medication and condition printed in the document, each citing the page and line it is printed on.
Copy names, values, units and ranges exactly as printed; do not compute, convert or invent anything.
Include the engine's findings too, correcting nothing silently: report what the line says.
For each lab result, you may add a short plain-language explanation of what the test measures and what a value like this can generally mean, without diagnosing, without advice and without personal details.
Mark a condition negated when the text says it is absent, denied or ruled out. Do not list conditions that are only mentioned as explanations, warnings or possible causes.`;

/** The user turn: the minimised lines, then the engine's findings as ground to explain and complete. */
export function userMessage(lines: readonly OutboundLine[], local: Interpretation): string {
  const document = lines.map((l) => `${l.page}:${l.line} | ${l.text}`).join('\n');
  const found = {
    labs: local.labs.map((l) => ({ page: l.page, line: l.line, name: l.name, value: l.valueText })),
    medications: local.medications.map((m) => ({ page: m.page, line: m.line, name: m.name })),
    conditions: local.conditions.map((c) => ({
      page: c.page,
      line: c.line,
      name: c.name,
      negated: c.negated,
    })),
  };
  return `<document>\n${document}\n</document>\n<engine_findings>\n${JSON.stringify(found)}\n</engine_findings>`;
}
