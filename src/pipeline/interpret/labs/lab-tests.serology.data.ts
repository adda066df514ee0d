// Lab tests for infection serology (qualitative): HIV, hepatitis B and C, syphilis (RPR).
import type { LabTestDefinition } from './lab-tests.data.js';

export const SEROLOGY_TESTS: readonly LabTestDefinition[] = [
  // Infection serology (qualitative)
  {
    id: 'hiv',
    display: 'HIV antibody',
    loinc: '5220-9',
    alsoSeen: ['73906-0'],
    names: ['hiv', 'hiv antibody', 'hiv 1 & 2 antibody', 'hiv i & ii', 'anti-hiv', 'hiv 1+2'],
    qualitative: true,
    explains: 'antibodies the body makes against HIV',
  },
  {
    id: 'hbsag',
    display: 'Hepatitis B surface antigen',
    loinc: '5196-1',
    names: ['hbsag', 'hepatitis b surface antigen', 'australia antigen'],
    qualitative: true,
    explains: 'a protein of the hepatitis B virus',
  },
  {
    id: 'hcv',
    display: 'Hepatitis C antibody',
    loinc: '16128-1',
    names: [
      'hcv',
      'anti-hcv',
      'hcv antibody',
      'hepatitis c antibody',
      'hepatitis c virus antibody',
    ],
    qualitative: true,
    explains: 'antibodies the body makes against the hepatitis C virus',
  },
  {
    id: 'rpr',
    display: 'RPR',
    loinc: '5292-8',
    names: ['rpr', 'vdrl'],
    qualitative: true,
    explains: 'antibodies used to screen for syphilis',
  },
];
