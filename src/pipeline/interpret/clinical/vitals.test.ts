import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Vital } from '../../../domain/result.js';
import { doc } from '../../../../test/helpers/source-lines.js';
import { extractVitals } from './vitals.js';

const brief = (v: Vital) =>
  v.kind === 'blood_pressure'
    ? `bp ${v.systolic}/${v.diastolic} ${v.unit} @${v.line}`
    : `${v.kind} ${v.value} ${v.unit} @${v.line}`;

describe('extractVitals', () => {
  it('reads labelled vitals in running text, with units by print or by range', () => {
    const vitals = extractVitals(
      doc(
        'Blood pressure: 150/95 mmHg. Pulse 88 bpm. Temp 98.6 F.',
        'VITAL SIGNS: T 37.2 C, P 72, R 16, BP 120/80, SpO2 98%, O2 sat 95% on RA.',
        'Wt 195 lb, Height 70 in, BMI 27.98. HR 72. RR 18. Temperature 101.2. Weight 82 kg.',
      ),
    );
    assert.deepEqual(vitals.map(brief), [
      'bp 150/95 mm[Hg] @1',
      'heart_rate 88 /min @1',
      'temperature 98.6 [degF] @1',
      'temperature 37.2 Cel @2',
      'heart_rate 72 /min @2',
      'respiratory_rate 16 /min @2',
      'bp 120/80 mm[Hg] @2',
      'oxygen_saturation 98 % @2',
      'oxygen_saturation 95 % @2',
      'weight 195 [lb_av] @3',
      'height 70 [in_i] @3',
      'bmi 27.98 kg/m2 @3',
      'heart_rate 72 /min @3',
      'respiratory_rate 18 /min @3',
      'temperature 101.2 [degF] @3',
      'weight 82 kg @3',
    ]);
  });

  it('rejects implausible values and things that are not vitals', () => {
    const vitals = extractVitals(
      doc(
        'HR 700, temperature 300 F, BP 80/120, SpO2 140%.',
        'Continue BP medication. Pulses 2+ bilaterally. Weight loss of 10 pounds.',
        [
          ['Glucose', 40],
          ['110 mg/dL', 200],
          ['70-99', 300],
        ],
        'P 88 on page 2.',
      ),
    );
    assert.deepEqual(vitals, []);
  });

  it('reads labelled table rows, one value per date column, unit in its own cell', () => {
    const vitals = extractVitals(
      doc(
        [
          ['Date / Time:', 40],
          ['Nov 14, 1999', 200],
          ['April 7, 2000', 320],
        ],
        [
          ['Height', 40],
          ['177 cm', 200],
          ['69 inches', 320],
        ],
        [
          ['Blood Pressure', 40],
          ['132/86 mmHg', 200],
          ['145/88 mmHg', 320],
        ],
        [
          ['Heart Rate', 40],
          ['LOINC', 150],
          ['8867-4', 200],
          ['76', 260],
          ['/min', 300],
          ['03-31-2010', 360],
        ],
        [
          ['Body Mass Index Calculated', 40],
          ['27.98 kg/m2', 200],
          ['Status:', 320],
        ],
      ),
    );
    assert.deepEqual(vitals.map(brief), [
      'height 177 cm @2',
      'height 69 [in_i] @2',
      'bp 132/86 mm[Hg] @3',
      'bp 145/88 mm[Hg] @3',
      'heart_rate 76 /min @4',
      'bmi 27.98 kg/m2 @5',
    ]);
  });

  it('pairs systolic and diastolic rows into one blood pressure', () => {
    const vitals = extractVitals(
      doc(
        [
          ['6-Aug-2012', 40],
          ['BP Systolic', 120],
          ['135 mm[Hg]', 220],
          ['Sitting', 320],
        ],
        [
          ['BP Diastolic', 120],
          ['92 mm[Hg]', 220],
        ],
        [
          ['Systolic Blood Pressure [90-140 mmHg]', 40],
          ['150 mmHg *HI*(07/10/2013 22:00:00)', 260],
        ],
        [
          ['Diastolic Blood Pressure [60-90 mmHg]', 40],
          ['95 mmHg *HI*(07/10/2013 22:00:00)', 260],
        ],
        [
          ['Mean Arterial Pressure', 40],
          ['113 mmHg', 260],
        ],
      ),
    );
    assert.deepEqual(vitals.map(brief), ['bp 135/92 mm[Hg] @1', 'bp 150/95 mm[Hg] @3']);
  });

  it('reads tables whose header names the vitals, by the cells x positions', () => {
    const vitals = extractVitals(
      doc(
        'Vital Signs',
        [
          ['Date', 40],
          ['BP (mmHg)', 120],
          ['Pulse', 200],
          ['Temp (F)', 260],
          ['Resp', 320],
          ['Weight (kg)', 370],
          ['SpO2', 450],
        ],
        [
          ['05/15/2014', 40],
          ['118/76', 120],
          ['64', 205],
          ['98.2', 262],
          ['14', 322],
          ['70.5', 375],
          ['99 %', 452],
        ],
        // A row with a missing pulse: the temperature stays under its own column.
        [
          ['05/16/2014', 40],
          ['122/80', 120],
          ['99.1', 262],
        ],
        'Plan: follow up.',
      ),
    );
    assert.deepEqual(vitals.map(brief), [
      'bp 118/76 mm[Hg] @3',
      'heart_rate 64 /min @3',
      'temperature 98.2 [degF] @3',
      'respiratory_rate 14 /min @3',
      'weight 70.5 kg @3',
      'oxygen_saturation 99 % @3',
      'bp 122/80 mm[Hg] @4',
      'temperature 99.1 [degF] @4',
    ]);
  });
});
