import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import sharp from 'sharp';
import { makeLabReportPdf, makeTextPdf, SAMPLE_ROWS } from '../../../../test/helpers/documents.js';
import { rasterise } from '../../../../test/helpers/scans.js';
import { estimateSkew, measureText, otsu } from './deskew.js';

async function grey(png: Buffer, degrees: number) {
  const { data, info } = await sharp(png)
    .rotate(degrees, { background: '#ffffff' })
    .resize({ width: 1000 })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('deskew', () => {
  let table: Buffer;
  let prose: Buffer;
  before(async () => {
    table = await rasterise(await makeLabReportPdf([...SAMPLE_ROWS, ...SAMPLE_ROWS]), 150);
    const lines = Array.from(
      { length: 30 },
      (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog.`,
    );
    prose = await rasterise(await makeTextPdf([lines]), 150);
  });

  for (const degrees of [-8, -3, -1.5, 0, 2, 5, 10]) {
    test(`a table rotated by ${degrees}° is measured within half a degree`, async () => {
      const { data, width, height } = await grey(table, degrees);
      const skew = estimateSkew(data, width, height);
      assert.ok(Math.abs(skew + degrees) <= 0.5, `estimated ${skew} for a rotation of ${degrees}`);
    });
  }

  test('prose rotated by 4° is measured within half a degree', async () => {
    const { data, width, height } = await grey(prose, 4);
    assert.ok(Math.abs(estimateSkew(data, width, height) + 4) <= 0.5);
  });

  test('a blank page or a few specks: no skew claimed', () => {
    const blank = new Uint8Array(400 * 300).fill(255);
    assert.equal(estimateSkew(blank, 400, 300), 0);
    blank[1000] = 0;
    blank[50_000] = 0;
    assert.equal(estimateSkew(blank, 400, 300), 0);
  });

  test('glyph height grows with the resolution', async () => {
    const measure = async (dpi: number) => {
      const png = await rasterise(await makeLabReportPdf(SAMPLE_ROWS), dpi);
      const { data, info } = await sharp(png)
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      return measureText(data, info.width, info.height).glyphHeight ?? 0;
    };
    const [low, high] = [await measure(100), await measure(200)];
    assert.ok(low > 3 && Math.abs(high / low - 2) < 0.5, `glyph heights ${low} and ${high}`);
  });

  test('Otsu separates two populations', () => {
    const pixels = new Uint8Array(1000);
    pixels.fill(30, 0, 100);
    pixels.fill(220, 100);
    const threshold = otsu(pixels);
    assert.ok(threshold > 30 && threshold <= 220);
  });

  test('refuses an image that is not one grey channel', () => {
    assert.throws(() => estimateSkew(new Uint8Array(300), 10, 10));
  });
});
