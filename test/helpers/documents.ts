import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { deflateSync, crc32 } from 'node:zlib';

export interface LabRow {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
  readonly range: string;
  readonly flag?: string;
}

export interface PdfOptions {
  /** Encrypts the PDF so it needs this password to open. */
  readonly userPassword?: string;
  /** Text lines per page. */
  readonly pages?: readonly (readonly string[])[];
  /** Embeds a PNG as the only content of one page (no text layer). */
  readonly imageOnly?: Buffer;
  /** Title metadata (for canary tests). */
  readonly title?: string;
  /** Adds an embedded file of this many random bytes: a large document that reads quickly. */
  readonly padBytes?: number;
}

function render(
  build: (doc: PDFKit.PDFDocument) => void,
  options: PdfOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      compress: true,
      ...(options.userPassword === undefined
        ? {}
        : { userPassword: options.userPassword, ownerPassword: `${options.userPassword}-owner` }),
      info: { Title: options.title ?? 'Test document', Producer: 'serenya-tests' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    if (options.padBytes !== undefined)
      doc.file(randomBytes(options.padBytes), {
        name: 'padding.bin',
        type: 'application/octet-stream',
      });
    doc.end();
  });
}

/** A PDF whose pages hold the given lines of text. */
export function makeTextPdf(
  pages: readonly (readonly string[])[],
  options: PdfOptions = {},
): Promise<Buffer> {
  return render((doc) => {
    pages.forEach((lines, index) => {
      if (index > 0) doc.addPage();
      doc.font('Helvetica').fontSize(11);
      for (const line of lines) doc.text(line);
    });
  }, options);
}

/** A one-page lab report laid out as a table: name, value, unit, range, flag in columns. */
export function makeLabReportPdf(
  rows: readonly LabRow[],
  options: PdfOptions & { header?: readonly string[] } = {},
): Promise<Buffer> {
  return render((doc) => {
    doc.font('Helvetica-Bold').fontSize(14).text('CITY LABORATORY SERVICES', 50, 50);
    doc.font('Helvetica').fontSize(10);
    let y = 80;
    for (const line of options.header ?? []) {
      doc.text(line, 50, y);
      y += 14;
    }
    y += 10;
    doc.font('Helvetica-Bold').fontSize(10);
    const columns = [50, 230, 300, 380, 500];
    ['Test', 'Result', 'Unit', 'Reference range', 'Flag'].forEach((h, i) =>
      doc.text(h, columns[i], y, { lineBreak: false }),
    );
    doc.font('Helvetica');
    for (const row of rows) {
      y += 18;
      [row.name, row.value, row.unit, row.range, row.flag ?? ''].forEach((cell, i) =>
        doc.text(cell, columns[i], y, { lineBreak: false }),
      );
    }
  }, options);
}

/** A PDF with one page that is only an image: no text layer. */
export function makeImageOnlyPdf(png: Buffer): Promise<Buffer> {
  return render((doc) => {
    doc.image(png, 50, 50, { width: 300 });
  });
}

/** A valid grayscale PNG of the given size (real bytes, decodable by any reader). */
export function makePng(width = 32, height = 32): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 255) / width;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first bytes of a JPEG (enough for sniffing; not a decodable image). */
export function jpegHeader(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\u0000', 'latin1'),
    Buffer.alloc(5000, 0x20),
  ]);
}

/** A little-endian TIFF header (II*\0), as scanners write. */
export function tiffHeader(): Buffer {
  return Buffer.concat([
    Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]),
    Buffer.alloc(5000),
  ]);
}

/** An ISO-BMFF header with the AVIF brand. */
export function avifHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypavif', 4, 'ascii');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1avif', 16, 'ascii');
  return Buffer.concat([ftyp, Buffer.alloc(5000)]);
}

/** An ISO-BMFF header with the HEIC brand, as an iPhone photo starts. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'ascii');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'ascii');
  return Buffer.concat([ftyp, Buffer.alloc(5000)]);
}

/** Builds a PDF from raw object bodies, for hostile inputs pdfkit would never write. */
export function rawPdf(objects: readonly string[], rootRef = '1 0 R'): Buffer {
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((content, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root ${rootRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A standard lab panel used across tests: two values outside their range. */
export const SAMPLE_ROWS: readonly LabRow[] = [
  { name: 'Hemoglobin', value: '11.2', unit: 'g/dL', range: '12.0 - 15.5', flag: 'L' },
  { name: 'White Blood Cells', value: '7.4', unit: '10^3/uL', range: '4.0 - 11.0' },
  { name: 'Platelets', value: '250', unit: '10^3/uL', range: '150 - 400' },
  { name: 'Glucose', value: '126', unit: 'mg/dL', range: '70 - 99', flag: 'H' },
  { name: 'Creatinine', value: '0.9', unit: 'mg/dL', range: '0.6 - 1.2' },
];
