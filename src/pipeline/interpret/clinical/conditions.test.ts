import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Condition } from '../../../domain/result.js';
import { doc } from '../../../../test/helpers/source-lines.js';
import { extractConditions } from './conditions.js';
import { negatedSpans } from './negation.js';

const brief = (c: Condition) =>
  `${c.negated ? 'no ' : ''}${c.name}${c.code === undefined ? '' : ` [${c.code.code}]`} @${c.line}`;

describe('extractConditions', () => {
  it('reads a past medical history list with abbreviations', () => {
    const conditions = extractConditions(
      doc('PAST MEDICAL HISTORY: HTN, DM2, CAD, GERD and COPD.'),
    );
    assert.deepEqual(conditions.map(brief), [
      'Hypertension @1',
      'Type 2 diabetes mellitus @1',
      'Coronary artery disease @1',
      'Gastroesophageal reflux disease @1',
      'Chronic obstructive pulmonary disease @1',
    ]);
  });

  it('marks negated findings with NegEx scope that ends at a conjunction or period', () => {
    const conditions = extractConditions(
      doc(
        'HPI: No history of diabetes. She denies chest pain, shortness of breath or palpitations but has asthma.',
        'Negative for fever. Pneumonia was ruled out; anemia noted. CT without evidence of pulmonary embolism.',
      ),
    );
    assert.deepEqual(conditions.map(brief), [
      'no Diabetes mellitus @1',
      'no Chest pain @1',
      'no Shortness of breath @1',
      'no Palpitations @1',
      'Asthma [195967001] @1',
      'no Fever @2',
      'no Pneumonia [233604007] @2',
      'Anemia [271737000] @2',
      'no Pulmonary embolism @2',
    ]);
  });

  it('reads numbered diagnoses and keeps an unrecognised item at lower confidence', () => {
    const conditions = extractConditions(
      doc(
        'DIAGNOSES:',
        '1. Controlled hypertension.',
        '2. Morbid obesity.',
        '3. Costal margin syndrome.',
        'PLAN:',
        'Echocardiogram.',
      ),
    );
    assert.deepEqual(conditions.map(brief), [
      'Hypertension [38341003] @2',
      'Obesity @3',
      'Costal margin syndrome @4',
    ]);
    const unknown = conditions.at(-1);
    assert.ok(unknown !== undefined && unknown.confidence < 0.7);
  });

  it('reads problem tables from their problem column and skips code rows', () => {
    const conditions = extractConditions(
      doc(
        'Problems',
        [
          ['Group Description', 40],
          ['Code System', 200],
          ['Code', 280],
          ['Code Description', 340],
          ['Status', 560],
        ],
        [
          ['Hypertension', 40],
          ['SNOMED-CT', 200],
          ['59621000', 280],
          ['Essential hypertension', 340],
          ['Active', 560],
        ],
        [
          ['ICD-10-CM', 200],
          ['I10', 280],
          ['Essential (primary) hypertension', 340],
        ],
        [
          ['Breast Cancer History', 40],
          ['SNOMED-CT', 200],
          ['429087003', 280],
          ['History of malignant neoplasm of breast', 340],
        ],
        [
          ['Name', 40],
          ['Dates', 340],
          ['Details', 560],
        ],
        [
          ['Asthma (493.90, J45.909)', 40],
          ['Onset: 12-Mar-2011', 340],
          ['Status: Active', 560],
        ],
      ),
    );
    assert.deepEqual(conditions.map(brief), [
      'Essential hypertension [59621000] @3',
      'History of breast cancer [429087003] @5',
      'Asthma [195967001] @7',
    ]);
  });

  it('skips allergy, family history and medication sections, and relatives in prose', () => {
    const conditions = extractConditions(
      doc(
        'ALLERGIES: Penicillin causes hives and rash.',
        'FAMILY HISTORY: Diabetes, hypertension and stroke.',
        'MEDICATIONS: Lisinopril for hypertension.',
        'SOCIAL HISTORY: Denies alcohol abuse.',
        'HPI: Her mother had breast cancer. No known drug allergies.',
      ),
    );
    assert.deepEqual(conditions, []);
  });

  it('does not take warnings, goals or the lists they introduce for conditions', () => {
    const conditions = extractConditions(
      doc(
        'Hospital Discharge Instructions',
        '- 1. If you experience any of the following symptoms, call your physician:',
        '- - Chest pain',
        '- - Nausea or vomiting',
        '- 2. Schedule a follow up appointment for your asthma',
        'Return to clinic if you experience shortness of breath or fever.',
        'If he develops a fever, he takes acetaminophen for his arthritis.',
        'Goal: Weight loss',
      ),
    );
    assert.deepEqual(conditions.map(brief), ['Asthma [195967001] @5', 'Arthritis @7']);
  });

  it('keeps labels, placeholders and wrapped fragments out of problem lists', () => {
    const conditions = extractConditions(
      doc(
        'Assessment and Plan',
        'Extracted from:',
        'Title: Care Plan (Goals and Instructions)',
        'Assessment excluded/not available',
        'Costal margin syndrome',
        'Problems',
        [
          ['Group', 40],
          ['Code', 120],
          ['Code Description', 240],
          ['Status', 500],
        ],
        [
          ['Description', 40],
          ['System', 120],
        ],
        [
          ['Depression', 40],
          ['SNOMED-CT', 120],
          ['Recurrent major depressive episodes', 240],
          ['Active', 500],
        ],
      ),
    );
    assert.deepEqual(conditions.map(brief), [
      'Costal margin syndrome @5',
      'Recurrent major depressive episodes @9',
    ]);
  });

  it('reads a labelled cell of another table without opening a problem list', () => {
    const conditions = extractConditions(
      doc(
        'Encounters',
        [
          ['Office Visit Encounter Diagnosis: Asthma', 40],
          ['On 02-Mar-2012', 380],
        ],
        'Karen Smith, MD',
        'Admit Source Clinic West',
      ),
    );
    assert.deepEqual(conditions.map(brief), ['Asthma [195967001] @2']);
  });

  it('leaves pseudo-negations alone', () => {
    const text = 'No change in his hypertension.';
    assert.deepEqual(negatedSpans(text), []);
    assert.deepEqual(extractConditions(doc(`ASSESSMENT: ${text}`)).map(brief), [
      'Hypertension [38341003] @1',
    ]);
  });
});

describe('extractConditions: reference text printed on lab reports', () => {
  it('explanations and lists of possible causes name no condition of the patient', () => {
    const texts = [
      'Clinical Notes:',
      'A complete blood count (CBC) is used to evaluate overall health and detect a wide range of disorders, including anemia,',
      'infection, and leukemia. There have been some reports of lower counts.',
      'Possible causes of abnormal parameters:',
      'RBC, Hb or HCT   Dehydration, polycythemia, shock   Anemia, thalassemia',
      'MCV   Macrocytic anemia, liver disease   Microcytic anemia',
      'WBC   Acute stress, infection   Sepsis',
    ];
    const lines = texts.map((text, i) => ({
      page: 1,
      line: i + 1,
      text,
      cells: text.split(/ {3,}/).map((t, j) => ({ text: t, x0: j * 200, x1: j * 200 + 150 })),
      confidence: 1,
    }));
    assert.deepEqual(extractConditions(lines), []);
  });

  it('a diagnosis after the reference text is still found', () => {
    const texts = ['This test may indicate anemia.', 'ASSESSMENT:', 'Hypertension.'];
    const lines = texts.map((text, i) => ({
      page: 1,
      line: i + 1,
      text,
      cells: [{ text, x0: 0, x1: 100 }],
      confidence: 1,
    }));
    assert.deepEqual(
      extractConditions(lines).map((c) => c.name),
      ['Hypertension'],
    );
  });
});
