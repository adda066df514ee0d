import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { InProcessExtractor } from '../../test/helpers/in-process-extractor.js';
import { parseNarrative } from './ccda-narrative.js';
import { classicReport, reorderedReport } from './lab-layouts.js';
import { parseCsv } from './notes.js';
import { expectedFlag, PRINTED_TESTS, rangeText } from './reference-ranges.js';
import type { SyntheaPatient } from './synthea.js';
import { twoColumnReport } from './two-column-layout.js';

const patient: SyntheaPatient = {
  name: 'Ada Quill',
  birthDate: '1961-04-09',
  mrn: '004815162',
  collected: '2020-02-14',
  labs: [
    { loinc: '2339-0', display: 'Glucose', value: 131.7, ucum: 'mg/dL' },
    { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', value: 11.24, ucum: 'g/dL' },
    { loinc: '2093-3', display: 'Total Cholesterol', value: 200.2, ucum: 'mg/dL' },
    {
      loinc: '6690-2',
      display: 'Leukocytes [#/volume] in Blood by Automated count',
      value: 6.81,
      ucum: '10*3/uL',
    },
  ],
  medications: [{ name: 'Acetaminophen 325 MG Oral Tablet', status: 'active' }],
  conditions: [{ name: 'Prediabetes', status: 'active' }],
};

test('flags follow the printed range; a strict one-sided bound hit exactly is not scored', () => {
  const glucose = PRINTED_TESTS['2339-0'];
  const cholesterol = PRINTED_TESTS['2093-3'];
  assert.ok(glucose !== undefined && cholesterol !== undefined);
  assert.equal(rangeText(glucose, false), '70 - 99');
  assert.equal(expectedFlag(glucose, 132), 'high');
  assert.equal(expectedFlag(glucose, 99), 'normal');
  assert.equal(rangeText(cholesterol, false), '< 200');
  assert.equal(expectedFlag(cholesterol, 200), undefined);
  assert.equal(rangeText(PRINTED_TESTS['6075-6'] ?? glucose, true), '< 0,35');
});

describe('rendered reports: what the ground truth says is in the text layer', () => {
  const extractor = new InProcessExtractor();
  after(() => extractor.close());
  const read = async (bytes: Buffer) => {
    const doc = await extractor.extract(bytes, {
      mediaType: 'application/pdf',
      maxPages: 10,
      signal: AbortSignal.timeout(30_000),
      onPage: () => undefined,
    });
    return doc.pages.flatMap((p) => p.lines.map((l) => l.text));
  };

  for (const [layout, render] of [
    ['a', () => classicReport(patient)],
    ['b', () => reorderedReport(patient)],
    ['c (European)', () => twoColumnReport(patient, true)],
  ] as const) {
    test(`layout ${layout}: every gold value and PHI string is printed`, async () => {
      const { bytes, gold } = await render();
      const text = (await read(bytes)).join('\n');
      assert.equal(gold.labs?.length, 4);
      for (const l of gold.labs ?? []) {
        const printed = layout.startsWith('c')
          ? String(l.value).replace('.', ',')
          : String(l.value);
        assert.ok(text.includes(printed), `value ${printed} is on the page`);
      }
      for (const p of gold.phi ?? []) assert.ok(text.includes(p.text), `${p.kind} is on the page`);
    });
  }

  test('rounded values are the truth, and flags computed from them', async () => {
    const { gold } = await classicReport(patient);
    assert.deepEqual(
      gold.labs?.map((l) => [l.value, l.flag]),
      [
        [11.2, 'low'],
        [6.8, 'normal'],
        [132, 'high'],
        [200, undefined],
      ],
    );
    const b = await reorderedReport(patient);
    assert.deepEqual(b.gold.medications, ['Acetaminophen 325 MG Oral Tablet']);
    assert.deepEqual(b.gold.conditions, ['Prediabetes']);
  });
});

test('C-CDA narrative: section titles, tables as rows of cells, list items, paragraphs', () => {
  const xml = `<?xml version="1.0"?>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Summary</title><component><structuredBody>
<component><section><title>Results</title><text><table><thead><tr><th>Test</th><th>Value</th></tr></thead>
<tbody><tr><td><content>HGB</content></td><td>14.5 g/dl</td></tr><tr><td/><td/></tr></tbody></table></text></section></component>
<component><section><title>Medications</title><text><list><item>Aspirin 81 mg<br/>daily</item></list>
<paragraph>Reviewed &amp; updated.</paragraph></text></section></component>
</structuredBody></component></ClinicalDocument>`;
  const parsed = parseNarrative(xml);
  assert.equal(parsed.title, 'Summary');
  assert.deepEqual(parsed.sections, [
    {
      title: 'Results',
      blocks: [
        {
          kind: 'table',
          rows: [
            ['Test', 'Value'],
            ['HGB', '14.5 g/dl'],
          ],
          headerRows: 1,
        },
      ],
    },
    {
      title: 'Medications',
      blocks: [
        { kind: 'item', text: 'Aspirin 81 mg' },
        { kind: 'item', text: 'daily' },
        { kind: 'paragraph', text: 'Reviewed & updated.' },
      ],
    },
  ]);
});

test('CSV fields may hold quotes, commas and newlines', () => {
  assert.deepEqual(parseCsv('a,b\n"x, ""y""","line1\nline2"\n'), [
    ['a', 'b'],
    ['x, "y"', 'line1\nline2'],
  ]);
});
