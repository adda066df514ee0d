import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { photograph, rasterise } from '../../test/helpers/scans.js';
import type { EvalDocument, Gold, GoldLab, GoldPhi } from '../types.js';

/** Page 1 only: the rasterised image is the first page of the rendered PDF. */
export function firstPage(gold: Gold): Gold {
  return {
    ...(gold.labs === undefined ? {} : { labs: gold.labs.filter((l) => (l.page ?? 1) === 1) }),
    ...(gold.phi === undefined ? {} : { phi: gold.phi.filter((p) => (p.page ?? 1) === 1) }),
  };
}

/** A clean 200 dpi scan (PNG) and a phone photo (rotated, uneven light, noise, JPEG) of page 1. */
export async function scannedDocuments(
  pdfs: readonly { id: string; bytes: Buffer; gold: Gold }[],
): Promise<EvalDocument[]> {
  const documents: EvalDocument[] = [];
  for (const [index, pdf] of pdfs.entries()) {
    const scan = await rasterise(pdf.bytes, 200);
    const gold = firstPage(pdf.gold);
    documents.push({
      id: `ocr-scan#${index + 1}`,
      source: 'ocr-scan',
      bytes: scan,
      mediaType: 'image/png',
      gold,
      slow: true,
    });
    const photo = await photograph(scan, { degrees: index % 2 === 0 ? 2 : -1.5, seed: index + 7 });
    documents.push({
      id: `ocr-photo#${index + 1}`,
      source: 'ocr-photo',
      bytes: photo,
      mediaType: 'image/jpeg',
      gold,
      slow: true,
    });
  }
  return documents;
}

interface LabsmartTruth {
  readonly file: string;
  readonly phi: Readonly<Record<string, string | readonly string[]>>;
  readonly results: readonly {
    readonly name: string;
    readonly value: string;
    readonly unit: string;
    readonly flag_expected?: string | null;
  }[];
}

const FLAGS: Readonly<Record<string, 'low' | 'high' | 'normal'>> = {
  N: 'normal',
  L: 'low',
  H: 'high',
};
const PHI_KINDS: Readonly<Record<string, GoldPhi['kind']>> = {
  patient_name: 'name',
  age_sex: 'age',
  reg_no: 'identifier',
  regd_no_header: 'identifier',
  dates: 'date',
};

/** "5,100" is five thousand one hundred; "3,5" is three and a half. */
const parseValue = (text: string) =>
  Number(/^\d{1,3}(,\d{3})+$/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.'));

/**
 * The real labsmart CBC image. Its suggested LOINC codes are the transcriber's, marked "verify
 * before use", so they are not used: tests match by the printed name.
 */
export async function labsmartDocument(dir: string): Promise<EvalDocument> {
  const truth = JSON.parse(await readFile(join(dir, 'ground_truth.json'), 'utf8')) as LabsmartTruth;
  const labs: GoldLab[] = truth.results.map((r) => {
    const flag = FLAGS[r.flag_expected ?? ''];
    return {
      name: r.name,
      value: parseValue(r.value),
      units: [r.unit],
      ...(flag === undefined ? {} : { flag }),
      page: 1,
    };
  });
  const phi: GoldPhi[] = Object.entries(truth.phi).flatMap(([key, value]) => {
    const kind = PHI_KINDS[key];
    if (kind === undefined) return [];
    return (typeof value === 'string' ? [value] : value).map((text) => ({ kind, text, page: 1 }));
  });
  return {
    id: 'ocr-labsmart#1',
    source: 'ocr-labsmart',
    bytes: await readFile(join(dir, truth.file)),
    mediaType: 'image/png',
    gold: { labs, phi },
    slow: true,
  };
}
