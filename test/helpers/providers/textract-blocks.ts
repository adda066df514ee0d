import type { Block, BlockType, EntityType, RelationshipType } from '@aws-sdk/client-textract';

/** One page as Textract would read it: a header line, a form field and a lab table. */
export interface TextractPageSpec {
  readonly header: string;
  /** A KEY_VALUE_SET pair, such as `['Collected:', '2024-03-01']`. */
  readonly field: readonly [key: string, value: string];
  /** Table rows (name, value, unit, range), top to bottom. */
  readonly rows: readonly (readonly string[])[];
  /** A line below the table, outside any structure. */
  readonly footer?: string;
  /** Textract's 0..100 confidence of the header line and its words (default 97.5). */
  readonly headerConfidence?: number;
}

/** A lab page used across the Textract tests. */
export const LAB_PAGE: TextractPageSpec = {
  header: 'CITY LABORATORY SERVICES',
  field: ['Collected:', '2024-03-01'],
  rows: [
    ['Hemoglobin', '11.2', 'g/dL', '12.0 - 15.5'],
    ['Glucose', '126', 'mg/dL', '70 - 99'],
    ['Creatinine', '0.9', 'mg/dL', '0.6 - 1.2'],
  ],
  footer: 'Reviewed by the laboratory',
};

/** Column left edges and widths of the table, as ratios of the page width. */
const COLUMNS = [
  [0.1, 0.28],
  [0.4, 0.12],
  [0.54, 0.12],
  [0.68, 0.2],
] as const;
const TABLE_TOP = 0.25;
const ROW_HEIGHT = 0.04;
const TEXT_HEIGHT = 0.02;

interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Builds the Blocks of AnalyzeDocument answers (TABLES and FORMS) as the API reference documents
 * them: PAGE, LINE and WORD blocks, a KEY and a VALUE KEY_VALUE_SET, a TABLE of CELLs whose
 * CHILD relationships name their WORDs. Ids are UUID-shaped and unique per generator.
 */
export class TextractBlocks {
  #next = 0;
  readonly #byId = new Map<string, Block>();

  /** Every block of one page. LINEs are not in reading order: the header comes last. */
  page(spec: TextractPageSpec, page = 1): Block[] {
    const blocks: Block[] = [];
    const lines: Block[] = [];
    const add = (block: Block) => (blocks.push(block), block);
    const line = (text: string, box: Box, confidence = 99.2): { line: Block; words: Block[] } => {
      const words = this.#words(text, box, confidence, page);
      const block = this.#block('LINE', box, page, { Text: text, Confidence: confidence }, [
        ['CHILD', words],
      ]);
      lines.push(block);
      return { line: block, words };
    };

    // Textract reads a printed "Key: value" as one LINE; FORMS pairs its words.
    const field = line(`${spec.field[0]} ${spec.field[1]}`, {
      left: 0.1,
      top: 0.12,
      width: 0.3,
      height: TEXT_HEIGHT,
    });
    const keyCount = spec.field[0].split(' ').length;
    const keyWords = field.words.slice(0, keyCount);
    const valueWords = field.words.slice(keyCount);
    const valueSet = this.#block(
      'KEY_VALUE_SET',
      this.#around(valueWords),
      page,
      {
        Confidence: 95.1,
        EntityTypes: ['VALUE'] satisfies EntityType[],
      },
      [['CHILD', valueWords]],
    );
    const keySet = this.#block(
      'KEY_VALUE_SET',
      this.#around(keyWords),
      page,
      {
        Confidence: 95.1,
        EntityTypes: ['KEY'] satisfies EntityType[],
      },
      [
        ['VALUE', [valueSet]],
        ['CHILD', keyWords],
      ],
    );

    const cells: Block[] = [];
    spec.rows.forEach((row, r) => {
      row.forEach((text, c) => {
        const [left, width] = COLUMNS[c] ?? [0.9, 0.05];
        const cellBox = { left, top: TABLE_TOP + r * ROW_HEIGHT, width, height: ROW_HEIGHT };
        const textBox = { ...cellBox, top: cellBox.top + 0.01, height: TEXT_HEIGHT };
        // An empty cell has no words and no LINE.
        const words = text === '' ? [] : line(text, { ...textBox, width: width * 0.8 }).words;
        cells.push(
          this.#block(
            'CELL',
            cellBox,
            page,
            {
              Confidence: 88.4,
              RowIndex: r + 1,
              ColumnIndex: c + 1,
              RowSpan: 1,
              ColumnSpan: 1,
            },
            [['CHILD', words]],
          ),
        );
      });
    });
    const table = this.#block(
      'TABLE',
      { left: 0.1, top: TABLE_TOP, width: 0.78, height: spec.rows.length * ROW_HEIGHT },
      page,
      { Confidence: 99.0, EntityTypes: ['STRUCTURED_TABLE'] satisfies EntityType[] },
      [['CHILD', cells]],
    );

    if (spec.footer !== undefined)
      line(spec.footer, {
        left: 0.1,
        top: TABLE_TOP + spec.rows.length * ROW_HEIGHT + 0.05,
        width: 0.4,
        height: TEXT_HEIGHT,
      });
    line(
      spec.header,
      { left: 0.1, top: 0.05, width: 0.5, height: 0.03 },
      spec.headerConfidence ?? 97.5,
    );

    const pageBlock = this.#block('PAGE', { left: 0, top: 0, width: 1, height: 1 }, page, {}, [
      ['CHILD', [...lines, table, keySet, valueSet]],
    ]);
    add(pageBlock);
    for (const block of lines) add(block);
    for (const block of lines) for (const id of childIds(block)) add(this.#byId.get(id)!);
    for (const block of [keySet, valueSet, table, ...cells]) add(block);
    return blocks;
  }

  /** An AnalyzeDocument answer for one page. */
  analyzeDocument(spec: TextractPageSpec = LAB_PAGE) {
    return {
      DocumentMetadata: { Pages: 1 },
      Blocks: this.page(spec, 1),
      AnalyzeDocumentModelVersion: '1.0',
    };
  }

  #words(text: string, box: Box, confidence: number, page: number): Block[] {
    const parts = text.split(' ');
    const total = parts.reduce((n, part) => n + part.length + 1, -1);
    let left = box.left;
    return parts.map((part) => {
      const width = (box.width * part.length) / Math.max(1, total);
      const word = this.#block('WORD', { ...box, left, width }, page, {
        Text: part,
        TextType: 'PRINTED',
        Confidence: confidence - 0.3,
      });
      left += (box.width * (part.length + 1)) / Math.max(1, total);
      return word;
    });
  }

  #around(words: readonly Block[]): Box {
    const boxes = words.map((word) => word.Geometry!.BoundingBox!);
    const left = Math.min(...boxes.map((b) => b.Left!));
    const top = Math.min(...boxes.map((b) => b.Top!));
    const right = Math.max(...boxes.map((b) => b.Left! + b.Width!));
    const bottom = Math.max(...boxes.map((b) => b.Top! + b.Height!));
    return { left, top, width: right - left, height: bottom - top };
  }

  #block(
    type: BlockType,
    box: Box,
    page: number,
    fields: Partial<Block>,
    relations: readonly (readonly [RelationshipType, readonly Block[]])[] = [],
  ): Block {
    this.#next += 1;
    const id = `4f1c2a7e-0b3d-4e5f-8a9b-${this.#next.toString(16).padStart(12, '0')}`;
    const { left, top, width, height } = box;
    // Textract leaves out Relationships a block does not have (an empty cell has no CHILD).
    const named = relations.filter(([, blocks]) => blocks.length > 0);
    const block: Block = {
      BlockType: type,
      ...fields,
      Geometry: {
        BoundingBox: { Width: width, Height: height, Left: left, Top: top },
        Polygon: [
          { X: left, Y: top },
          { X: left + width, Y: top },
          { X: left + width, Y: top + height },
          { X: left, Y: top + height },
        ],
      },
      Id: id,
      ...(named.length === 0
        ? {}
        : {
            Relationships: named.map(([Type, blocks]) => ({
              Type,
              Ids: blocks.map((b) => b.Id!),
            })),
          }),
      Page: page,
    };
    this.#byId.set(id, block);
    return block;
  }
}

function childIds(block: Block): string[] {
  return (block.Relationships ?? []).filter((r) => r.Type === 'CHILD').flatMap((r) => r.Ids ?? []);
}

/**
 * GetDocumentAnalysis answers for a finished job: the blocks of `pages`, `perAnswer` pages to an
 * answer, chained by NextToken `next-<n>`.
 */
export function documentAnalysisAnswers(pages: readonly Block[][], perAnswer = 1) {
  const answers = [];
  for (let i = 0; i < pages.length; i += perAnswer) {
    const n: number = answers.length + 1;
    answers.push({
      DocumentMetadata: { Pages: pages.length },
      JobStatus: 'SUCCEEDED',
      Blocks: pages.slice(i, i + perAnswer).flat(),
      AnalyzeDocumentModelVersion: '1.0',
      ...(i + perAnswer < pages.length ? { NextToken: `next-${n + 1}` } : {}),
    });
  }
  return answers;
}
