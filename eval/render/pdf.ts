import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;

/** Builds a PDF in memory (the harness never writes documents into the repository). */
export function renderPdf(
  build: (doc: Doc) => void,
  layout: 'portrait' | 'landscape' = 'portrait',
) {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout,
      margin: 40,
      compress: true,
      info: { Title: 'Report', Producer: 'serenya-eval' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

export interface Cell {
  readonly text: string;
  readonly x: number;
  /** Wrap width; the text wraps inside it. */
  readonly width: number;
  readonly font?: string;
  readonly align?: 'left' | 'right';
}

/**
 * Writes top to bottom with explicit positions, breaking pages itself (pdfkit's own page breaks
 * would lose track of which page a row landed on, which the ground truth needs).
 */
export class PageWriter {
  readonly doc: Doc;
  page = 1;
  y: number;
  readonly top: number;
  readonly bottom: number;
  /** Called after each page break (to repeat a table header, say). */
  onNewPage: (() => void) | undefined;

  constructor(doc: Doc, top = 50) {
    this.doc = doc;
    this.top = top;
    this.y = top;
    this.bottom = doc.page.height - 50;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Starts a new page when `height` more points do not fit. */
  ensure(height: number): void {
    if (this.y + height <= this.bottom) return;
    this.doc.addPage();
    this.page += 1;
    this.y = this.top;
    this.onNewPage?.();
  }

  /** One line of text at x (wrapping within the page); returns the page it was written on. */
  text(text: string, options: { x?: number; font?: string; size?: number; gap?: number } = {}) {
    const x = options.x ?? this.left;
    const width = this.doc.page.width - this.doc.page.margins.right - x;
    this.doc.font(options.font ?? 'Helvetica').fontSize(options.size ?? 10);
    const height = this.doc.heightOfString(text, { width });
    this.ensure(height);
    const page = this.page;
    this.doc.text(text, x, this.y, { width });
    this.y += height + (options.gap ?? 2);
    return page;
  }

  /** A table row: each cell wraps inside its column; the row is as tall as its tallest cell. */
  row(cells: readonly Cell[], options: { size?: number; gap?: number } = {}): number {
    const size = options.size ?? 9;
    const heights = cells.map((cell) => {
      this.doc.font(cell.font ?? 'Helvetica').fontSize(size);
      return this.doc.heightOfString(cell.text === '' ? ' ' : cell.text, { width: cell.width });
    });
    const height = Math.max(...heights, size);
    this.ensure(height);
    const page = this.page;
    for (const cell of cells) {
      if (cell.text === '') continue;
      this.doc.font(cell.font ?? 'Helvetica').fontSize(size);
      this.doc.text(cell.text, cell.x, this.y, { width: cell.width, align: cell.align ?? 'left' });
    }
    this.y += height + (options.gap ?? 4);
    return page;
  }

  space(points: number): void {
    this.y += points;
  }
}

/** Column x positions and widths from relative weights across the writable width. */
export function columns(writer: PageWriter, weights: readonly number[], gutter = 6): Cell[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let x = writer.left;
  return weights.map((weight) => {
    const width = (writer.width * weight) / total;
    const cell = { text: '', x, width: width - gutter };
    x += width;
    return cell;
  });
}
