// Lab tests for inflammation, heart and muscle: CRP, CK, troponins, NT-proBNP and lactate.
import type { LabTestDefinition } from './lab-tests.data.js';

export const CARDIAC_AND_INFLAMMATION_TESTS: readonly LabTestDefinition[] = [
  // Inflammation, heart, muscle
  {
    id: 'crp',
    display: 'C-reactive protein',
    loinc: '1988-5',
    names: ['crp', 'c-reactive protein', 'c reactive protein', 'c-reactive protein (crp)'],
    explains: 'a protein that rises with inflammation or infection',
  },
  {
    id: 'hs-crp',
    display: 'hs-CRP',
    loinc: '30522-7',
    names: [
      'hs-crp',
      'hscrp',
      'hs crp',
      'high sensitivity crp',
      'c-reactive protein, high sensitivity',
      'crp, high sensitivity',
    ],
    explains: 'a sensitive measure of low-level inflammation, used for heart risk',
  },
  {
    id: 'ck',
    display: 'Creatine kinase',
    loinc: '2157-6',
    names: ['ck', 'cpk', 'creatine kinase', 'creatine kinase (ck)', 'creatine phosphokinase'],
    explains: 'an enzyme released when muscles are damaged',
  },
  {
    id: 'troponin-t',
    display: 'Troponin T',
    loinc: '6598-7',
    names: ['troponin t', 'troponin t, serum', 'trop t', 'ctnt'],
    explains: 'a heart muscle protein released when the heart is damaged',
  },
  {
    id: 'troponin-i',
    display: 'Troponin I',
    loinc: '10839-9',
    names: ['troponin i', 'trop i', 'ctni', 'troponin'],
    explains: 'a heart muscle protein released when the heart is damaged',
  },
  {
    id: 'nt-probnp',
    display: 'NT-proBNP',
    loinc: '33762-6',
    names: ['nt-probnp', 'ntprobnp', 'nt pro bnp', 'pro-bnp'],
    explains: 'a hormone released when the heart is under strain',
  },
  {
    id: 'lactate',
    display: 'Lactate',
    loinc: '32693-4',
    names: ['lactate', 'lactic acid'],
    explains: 'a by-product of the body using energy without enough oxygen',
  },
];
