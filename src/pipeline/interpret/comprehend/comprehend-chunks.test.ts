import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutboundLine } from '../assist/assistant.port.js';
import { chunkLines, locate, resolveSpan } from './comprehend-chunks.js';

const line = (page: number, n: number, text: string): OutboundLine => ({ page, line: n, text });

test('lines are packed whole, joined by newlines, up to the character limit', () => {
  const lines = [line(1, 1, 'aaaa'), line(1, 2, 'bbbb'), line(2, 1, 'cccc'), line(2, 2, '   ')];
  const chunks = chunkLines(lines, { maxBytes: 1_000, maxChars: 9 });
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['aaaa\nbbbb', 'cccc'],
  );
  assert.deepEqual(chunks[0]?.lines, [
    { page: 1, line: 1, start: 0 },
    { page: 1, line: 2, start: 5 },
  ]);
  assert.deepEqual(chunks[1]?.lines, [{ page: 2, line: 1, start: 0 }]);
});

test('the byte limit counts UTF-8: multi-byte lines close a chunk sooner', () => {
  const lines = [line(1, 1, 'µµµ'), line(1, 2, 'µµµ'), line(1, 3, 'abc')];
  // 'µµµ' is 3 characters but 6 bytes: two of them and a newline make 13 bytes.
  const chunks = chunkLines(lines, { maxBytes: 12, maxChars: 100 });
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['µµµ', 'µµµ\nabc'],
  );
  for (const chunk of chunks) assert.ok(Buffer.byteLength(chunk.text) <= 12);
});

test('a line longer than the limits is cut at them, never inside a character', () => {
  const long = 'x'.repeat(7) + '😀' + 'y'.repeat(10);
  const [chunk, ...rest] = chunkLines([line(1, 1, 'short'), line(1, 2, long)], {
    maxBytes: 1_000,
    maxChars: 8,
  });
  assert.equal(chunk?.text, 'short');
  assert.deepEqual(
    rest.map((c) => c.text),
    ['x'.repeat(7)],
    'the emoji would straddle the limit',
  );
  assert.deepEqual(
    chunkLines([line(1, 1, 'é'.repeat(10))], { maxBytes: 7, maxChars: 100 })[0]?.text,
    'ééé',
  );
});

test('an offset maps to the line it falls in, the separator to the line before', () => {
  const [chunk] = chunkLines([line(1, 1, 'ab'), line(1, 4, 'cd'), line(3, 2, 'ef')]);
  assert.ok(chunk !== undefined);
  assert.equal(chunk.text, 'ab\ncd\nef');
  const at = (offset: number) => Object.values(locate(chunk, offset));
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(at), [
    [1, 1],
    [1, 1],
    [1, 1],
    [1, 4],
    [1, 4],
    [1, 4],
    [3, 2],
    [3, 2],
  ]);
});

test('offsets counted in code points are read as such when the text has astral characters', () => {
  const [chunk] = chunkLines([line(1, 1, '😀 fever'), line(1, 2, 'aspirin 😀 daily')]);
  assert.ok(chunk !== undefined);
  const inUnits = chunk.text.indexOf('aspirin');
  // In code points each emoji before the word counts once instead of twice.
  const inCodePoints = inUnits - 1;
  assert.deepEqual(resolveSpan(chunk, inUnits, inUnits + 7, 'aspirin'), {
    begin: inUnits,
    end: inUnits + 7,
  });
  assert.deepEqual(resolveSpan(chunk, inCodePoints, inCodePoints + 7, 'aspirin'), {
    begin: inUnits,
    end: inUnits + 7,
  });
  assert.deepEqual(
    locate(chunk, resolveSpan(chunk, inCodePoints, inCodePoints + 7, 'aspirin').begin),
    {
      page: 1,
      line: 2,
    },
  );
});
