import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc } from '../../../../test/helpers/source-lines.js';
import { extractMedications } from './medications.js';

describe('extractMedications', () => {
  it('reads a numbered medication list with dose, route and frequency', () => {
    const meds = extractMedications(
      doc(
        'MEDICATIONS:',
        '1. Lisinopril 10 mg p.o. daily.',
        '2. Metformin 500 mg by mouth twice daily.',
        '3. Albuterol HFA 108 mcg/act 2 puffs q6h prn',
      ),
    );
    assert.deepEqual(
      meds.map((m) => [m.name, m.dose, m.route, m.frequency, m.line]),
      [
        ['Lisinopril', '10 mg', 'oral', 'once daily', 2],
        ['Metformin', '500 mg', 'oral', 'BID', 3],
        ['Albuterol HFA', '108 mcg/act', 'inhalation', 'q6h as needed', 4],
      ],
    );
    assert.ok(meds.every((m) => m.confidence >= 0.85));
  });

  it('reads comma-separated lists, brands as printed and salts with the name', () => {
    const meds = extractMedications(
      doc(
        'CURRENT MEDICATIONS: Toprol XL 25 mg daily, furosemide 20 mg b.i.d., Synthroid 0.1 mg daily and METOPROLOL TARTRATE 50 MG',
      ),
    );
    assert.deepEqual(
      meds.map((m) => [m.name, m.dose, m.frequency]),
      [
        ['Toprol XL', '25 mg', 'once daily'],
        ['Furosemide', '20 mg', 'BID'],
        ['Synthroid', '0.1 mg', 'once daily'],
        ['Metoprolol Tartrate', '50 mg', undefined],
      ],
    );
  });

  it('takes an unknown name with a strength in a medication section, at lower confidence', () => {
    const [med] = extractMedications(doc('Medications', 'Zorbexa 40 mg once daily'));
    assert.equal(med?.name, 'Zorbexa');
    assert.equal(med.dose, '40 mg');
    assert.ok(med.confidence < 0.8);
    assert.deepEqual(extractMedications(doc('HISTORY:', 'Zorbexa 40 mg once daily')), []);
  });

  it('reads prose with a cue or a dose, at prose confidence', () => {
    const meds = extractMedications(
      doc(
        'HOSPITAL COURSE: The patient was started on metformin 500 mg twice daily and given Lovenox.',
        'Aspirin was discussed.',
      ),
    );
    assert.deepEqual(
      meds.map((m) => [m.name, m.dose, m.frequency]),
      [
        ['Metformin', '500 mg', 'BID'],
        ['Lovenox', undefined, undefined],
      ],
    );
    assert.ok(meds.every((m) => m.confidence < 0.8));
  });

  it('reads one medication per table row from the medication column, sig from the row', () => {
    const meds = extractMedications(
      doc(
        'Medications',
        [
          ['Group Description', 40],
          ['Code', 180],
          ['Code Description', 240],
          ['Directions', 480],
          ['Status', 600],
        ],
        [
          ['Tamoxifen or Aromatase Inhibitor Therapy', 40],
          ['313195', 180],
          ['Tamoxifen 20 MG Oral Tablet', 240],
          ['1 tab(s), PO, Once Daily', 480],
          ['Active', 600],
        ],
        [
          ['Antihypertensive combinations', 40],
          ['858828', 180],
          ['Enalapril Maleate 10 MG /', 240],
          ['Active', 600],
        ],
        [['Hydrochlorothiazide 25 MG Oral Tablet', 240]],
        [
          ['Insulin', 40],
          ['847207', 180],
          ['3 ML Insulin Lispro 100 UNT/ML Prefilled Syringe', 240],
          ['20 units sq TID', 480],
        ],
      ),
    );
    assert.deepEqual(
      meds.map((m) => [m.name, m.dose, m.route, m.frequency, m.line]),
      [
        ['Tamoxifen', '20 mg', 'oral', 'once daily', 3],
        ['Enalapril Maleate / Hydrochlorothiazide', '10 mg', 'oral', undefined, 4],
        ['Insulin lispro', '100 units/mL', 'subcutaneous', 'TID', 6],
      ],
    );
    assert.deepEqual(meds[0]?.code, {
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      code: '313195',
      display: 'Tamoxifen 20 MG Oral Tablet',
    });
    assert.ok(meds[0].confidence >= 0.9);
  });

  it('gives a code only for an exact product, never for a bracketed brand or a name alone', () => {
    const meds = extractMedications(
      doc(
        'Medications',
        'Simvastatin 10 MG Oral Tablet [Zocor]',
        'Simvastatin 40 MG Oral Tablet',
        'lisinopril 10 MG Oral Tablet',
      ),
    );
    assert.deepEqual(
      meds.map((m) => m.code?.code),
      [undefined, undefined, '314076'],
    );
  });

  it('skips allergy lists, lab rows and adjectives', () => {
    const meds = extractMedications(
      doc(
        'ALLERGIES: Penicillin (hives), sulfa, aspirin.',
        'No known drug allergies.',
        'LABORATORY DATA:',
        [
          ['Glucose', 40],
          ['110 mg/dL', 200],
          ['70-99', 300],
        ],
        [
          ['Potassium', 40],
          ['4.1 mmol/L', 200],
          ['3.5-5.1', 300],
        ],
        [
          ['Digoxin', 40],
          ['1.2 ng/mL', 200],
        ],
        'ASSESSMENT: Insulin-dependent diabetes. Allergic to codeine. Not taking aspirin.',
        'Vancomycin trough 15 mcg/mL.',
      ),
    );
    assert.deepEqual(meds, []);
  });

  it('fills a wrapped line into the item above', () => {
    const meds = extractMedications(
      doc(
        'MEDICATIONS:',
        'Proventil HFA 108 (90 Base) MCG/ACT Inhalation Aerosol',
        'Solution INHALE 2 PUFFS Every 6 hours PRN',
      ),
    );
    assert.equal(meds.length, 1);
    assert.equal(meds[0]!.dose, '108 mcg/act');
    assert.equal(meds[0]!.frequency, 'q6h as needed');
  });

  it('joins a salt wrapped onto the next row to the drug above, not a new drug', () => {
    const meds = extractMedications(
      doc(
        'Medications',
        [
          ['Medication', 40],
          ['Directions', 180],
          ['Status', 330],
        ],
        [
          ['120 ACTUAT Fluticasone', 40],
          ['0.11 MG/ACTUAT Metered', 180],
          ['Active', 330],
        ],
        [
          ['propionate 0.11 MG/ACTUAT', 40],
          ['Dose Once Daily', 180],
        ],
        [
          ['Potassium chloride 20 MEQ', 40],
          ['1 tablet daily', 180],
          ['Active', 330],
        ],
      ),
    );
    assert.deepEqual(
      meds.map((m) => [m.name, m.frequency]),
      [
        ['Fluticasone Propionate', 'once daily'],
        ['Potassium chloride', 'once daily'],
      ],
    );
  });

  it('never takes a salt on its own for a drug', () => {
    const meds = extractMedications(doc('MEDICATIONS:', '- tartrate 25 mg daily'));
    assert.deepEqual(meds, []);
  });

  it('does not take conditions or lab tests for drugs', () => {
    const meds = extractMedications(
      doc('MEDICATIONS:', 'Hypertension, diabetes, hemoglobin A1c 7.2%'),
    );
    assert.deepEqual(meds, []);
  });
});
