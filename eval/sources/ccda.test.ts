import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ccdaDocuments } from './ccda.js';

const xml = (medicationText: string) => `<?xml version="1.0"?>
<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Summary</title><component><structuredBody>
<component><section><title>Medications</title><text>${medicationText}</text></section></component>
</structuredBody></component></ClinicalDocument>`;

const truth = {
  patient_phi: { name: 'Test Person' },
  medications: [
    { drug: { displayName: 'Aspirin 81 MG Oral Tablet' } },
    { drug: { displayName: 'ASPIRIN 81 MG ORAL TABLET' } },
    { drug: { code: '314076', displayName: '????' } },
    { drug: {} },
  ],
  problems: [{ value: [{ displayName: 'Hypertension' }] }],
};

test('C-CDA truth: distinct named drugs; nothing from a document that prints no narrative', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ccda-'));
  try {
    await mkdir(join(dir, 'ground-truth'));
    await mkdir(join(dir, 'a'));
    await writeFile(
      join(dir, 'a', 'printed.xml'),
      xml('<paragraph>Aspirin 81 mg daily</paragraph>'),
    );
    await writeFile(join(dir, 'a', 'empty.xml'), xml(''));
    for (const name of ['printed', 'empty'])
      await writeFile(join(dir, 'ground-truth', `a__${name}.xml.gt.json`), JSON.stringify(truth));
    const [empty, printed] = await ccdaDocuments(dir);
    assert.ok(empty !== undefined && printed !== undefined);
    assert.deepEqual(
      printed.gold.medications?.map((m) => m.toLowerCase()),
      ['aspirin 81 mg oral tablet'],
    );
    assert.deepEqual(printed.gold.conditions, ['Hypertension']);
    assert.equal(empty.gold.medications, undefined);
    assert.equal(empty.gold.conditions, undefined);
    assert.equal(empty.gold.phi?.length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
