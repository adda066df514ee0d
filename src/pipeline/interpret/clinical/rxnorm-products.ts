/**
 * RxNorm product codes (RxCUI) with their display strings, each verified against the shared
 * reference files (test/shared/clinical-codes.test.ts checks every pair). A code is given to a
 * medication only when the printed product reads exactly as one of these displays, so a code is
 * never inferred from a name alone.
 */
export const RXNORM_PRODUCTS: readonly (readonly [rxcui: string, display: string])[] = [
  ['314076', 'lisinopril 10 MG Oral Tablet'],
  ['860975', '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet'],
  ['861007', 'Metformin hydrochloride 500 MG Oral Tablet'],
  ['314231', 'Simvastatin 10 MG Oral Tablet'],
  ['312961', 'Simvastatin 20 MG Oral Tablet'],
  ['310798', 'Hydrochlorothiazide 25 MG Oral Tablet'],
  ['904419', 'Alendronic acid 10 MG Oral Tablet'],
  ['313782', 'Acetaminophen 325 MG Oral Tablet'],
  ['849574', 'Naproxen sodium 220 MG Oral Tablet'],
  ['198014', 'Naproxen 500 MG Oral Tablet'],
  ['562251', 'Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet'],
  ['308192', 'Amoxicillin 500 MG Oral Tablet'],
  ['310965', 'Ibuprofen 200 MG Oral Tablet'],
  ['198405', 'Ibuprofen 100 MG Oral Tablet'],
  ['243670', 'Aspirin 81 MG Oral Tablet'],
  ['705129', 'Nitroglycerin 0.4 MG/ACTUAT Mucosal Spray'],
  ['834061', 'Penicillin V Potassium 250 MG Oral Tablet'],
  ['834102', 'Penicillin V Potassium 500 MG Oral Tablet'],
  ['1049630', 'diphenhydrAMINE Hydrochloride 25 MG Oral Tablet'],
  ['997488', 'Fexofenadine hydrochloride 30 MG Oral Tablet'],
  ['861467', 'Meperidine Hydrochloride 50 MG Oral Tablet'],
  ['197591', 'Diazepam 5 MG Oral Tablet'],
  ['310325', 'ferrous sulfate 325 MG Oral Tablet'],
  ['866412', '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet'],
  ['866924', 'Metoprolol Tartrate 25 MG Oral Tablet'],
  ['197319', 'Allopurinol 100 MG Oral Tablet'],
  ['895994', '120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler'],
  ['745679', '200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'],
  ['312617', 'predniSONE 5 MG Oral Tablet'],
  ['1014676', 'cetirizine hydrochloride 5 MG Oral Tablet'],
  ['351109', 'budesonide 0.25 MG/ML Inhalation Suspension'],
  ['351137', 'albuterol 0.21 MG/ML Inhalation Solution'],
  ['858828', 'Enalapril Maleate 10 MG / Hydrochlorothiazide 25 MG Oral Tablet'],
  ['630208', 'Albuterol 0.83 MG/ML Inhalant Solution'],
  ['351136', 'Albuterol 0.417 MG/ML Inhalant Solution'],
  ['313195', 'Tamoxifen 20 MG Oral Tablet'],
  ['617314', 'atorvastatin 10 MG Oral Tablet [Lipitor]'],
  ['199850', 'valsartan 80 MG Oral Capsule'],
  ['309114', 'Cephalexin 500 MG Oral Tablet'],
  ['903884', 'Fluvoxamine Maleate 100 MG Oral Tablet'],
  ['318142', 'salmeterol 0.05 MG/ACTUAT Inhalant Powder'],
  ['309078', 'cefpodoxime 200 MG Oral Tablet'],
  ['744863', 'exenatide 0.25 MG/ML Injectable Solution'],
  ['1046847', '24 HR Nicotine 0.313 MG/HR Transdermal Patch'],
];

const key = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
const BY_DISPLAY = new Map(RXNORM_PRODUCTS.map(([code, display]) => [key(display), code]));

export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/**
 * The code of a printed product: the text must be one of the displays, alone or followed by
 * instructions (never by a bracketed brand, which would be a different, branded product).
 */
export function rxnormFor(
  product: string,
): { system: string; code: string; display: string } | undefined {
  const text = key(product);
  for (const [display, code] of BY_DISPLAY) {
    if (
      text === display ||
      (text.startsWith(`${display} `) && !/^[[(]/.test(text.slice(display.length + 1)))
    ) {
      const printed = RXNORM_PRODUCTS.find(([c]) => c === code)?.[1] ?? display;
      return { system: RXNORM_SYSTEM, code, display: printed };
    }
  }
  return undefined;
}
