/**
 * Skew of the text in a grayscale image, from neighbouring glyphs: characters of a line sit
 * side by side, so the direction from each glyph to its nearest neighbour on the right is the
 * line's direction (plus noise from letter shapes). The median over all glyphs is robust, and
 * unlike projection profiles it is not fooled by tables, whose regular row pitch makes a tilted
 * table look aligned at the wrong angle. Returns degrees: rotating the image by it (sharp's
 * rotate, clockwise) makes the text level; 0 when there is too little text to tell.
 */
const MAX_DEGREES = 20;

export function estimateSkew(gray: Uint8Array, width: number, height: number): number {
  return measureText(gray, width, height).skew;
}

/**
 * The skew (as above) and the median glyph height in pixels (undefined without enough text),
 * from one pass over the image's glyphs.
 */
export function measureText(
  gray: Uint8Array,
  width: number,
  height: number,
): { skew: number; glyphHeight: number | undefined } {
  const found = findGlyphs(gray, width, height);
  // The text's size is the median height weighted by ink, so many small specks (sensor noise,
  // dust) cannot pass for it; then only blobs of about that size count as glyphs.
  const byHeight = [...found].sort((a, b) => a.h - b.h);
  const ink = found.reduce((sum, g) => sum + g.ink, 0);
  let seen = 0;
  const size = byHeight.find((g) => (seen += g.ink) >= ink / 2)?.h;
  const glyphs =
    size === undefined ? [] : found.filter((g) => g.h >= 0.5 * size && g.h <= 2 * size);
  if (glyphs.length < 20) return { skew: 0, glyphHeight: undefined };
  const heights = glyphs.map((g) => g.h).sort((a, b) => a - b);
  return { skew: skewOf(glyphs), glyphHeight: heights[Math.floor(heights.length / 2)] };
}

/** Glyphs up to this many neighbours apart along a line: far enough that whole pixels resolve the angle. */
const CHAIN = 8;
/** Short cells (a value, a unit) still count from this many neighbours on. */
const MIN_CHAIN = 3;

function skewOf(glyphs: readonly Glyph[]): number {
  // Each glyph's nearest neighbour on the right (sorted by x, so only a short scan is needed).
  const order = glyphs.map((_, i) => i).sort((a, b) => (glyphs[a]?.x ?? 0) - (glyphs[b]?.x ?? 0));
  const next = new Map<number, number>();
  for (let k = 0; k < order.length; k++) {
    const ai = order[k] ?? 0;
    const a = glyphs[ai];
    if (a === undefined) continue;
    let best: number | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let m = k + 1; m < order.length; m++) {
      const bi = order[m] ?? 0;
      const b = glyphs[bi];
      if (b === undefined) continue;
      const dx = b.x - a.x;
      if (dx > 3 * a.h) break;
      if (dx <= 0) continue;
      const dy = b.y - a.y;
      if (Math.abs(dy) > dx * Math.tan((MAX_DEGREES * Math.PI) / 180) + 0.5 * a.h) continue;
      if (b.h < 0.5 * a.h || b.h > 2 * a.h) continue;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) [best, bestDistance] = [bi, distance];
    }
    if (best !== undefined) next.set(ai, best);
  }
  // The direction from each glyph to the one CHAIN steps along its line: adjacent glyphs are too
  // close for a small angle to show in whole pixels, which would bias the estimate towards 0.
  const angles: number[] = [];
  for (const [start] of next) {
    let end = start;
    let steps = 0;
    for (
      let following = next.get(end);
      following !== undefined && steps < CHAIN;
      following = next.get(end)
    ) {
      end = following;
      steps++;
    }
    const a = glyphs[start];
    const b = glyphs[end];
    if (steps >= MIN_CHAIN && a !== undefined && b !== undefined)
      angles.push(Math.atan2(b.y - a.y, b.x - a.x));
  }
  if (angles.length < 10) return 0;
  angles.sort((p, q) => p - q);
  const median = ((angles[Math.floor(angles.length / 2)] ?? 0) * 180) / Math.PI;
  // Refined by projection profiles close to the estimate, where they are precise (far from it
  // a table's rows can alias). Text going down to the right is levelled anticlockwise.
  return -refine(glyphs, median);
}

/** The angle near `around` (degrees) at which glyph baselines project onto the sharpest rows. */
function refine(glyphs: readonly Glyph[], around: number): number {
  let best = around;
  let bestScore = -1;
  for (let d = around - 0.6; d <= around + 0.6 + 1e-9; d += 0.1) {
    const rad = (d * Math.PI) / 180;
    const bins = new Map<number, number>();
    for (const g of glyphs) {
      const row = Math.round(g.y * Math.cos(rad) - g.x * Math.sin(rad));
      bins.set(row, (bins.get(row) ?? 0) + 1);
    }
    let score = 0;
    for (const count of bins.values()) score += count * count;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return Math.round(best * 10) / 10;
}

interface Glyph {
  /** Centre of the bottom edge (close to the baseline for most letters). */
  readonly x: number;
  readonly y: number;
  readonly h: number;
  /** Pixels of ink. */
  readonly ink: number;
}

/** Connected components of ink of a glyph's size (not specks, not rules or photos). */
function findGlyphs(gray: Uint8Array, width: number, height: number): Glyph[] {
  if (gray.length !== width * height) throw new Error('expected one 8-bit channel');
  const threshold = otsu(gray);
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const glyphs: Glyph[] = [];
  for (let start = 0; start < gray.length; start++) {
    if (seen[start] === 1 || (gray[start] ?? 255) >= threshold) continue;
    let x0 = width;
    let x1 = 0;
    let y0 = height;
    let y1 = 0;
    let count = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const p = stack.pop() ?? 0;
      const x = p % width;
      const y = (p - x) / width;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (const q of [p - 1, p + 1, p - width, p + width]) {
        if (q < 0 || q >= gray.length || seen[q] === 1) continue;
        if ((q === p - 1 && x === 0) || (q === p + 1 && x === width - 1)) continue;
        if ((gray[q] ?? 255) >= threshold) continue;
        seen[q] = 1;
        stack.push(q);
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (h < 4 || h > 80 || w > 3 * h + 10 || count < 6) continue;
    glyphs.push({ x: (x0 + x1) / 2, y: y1, h, ink: count });
  }
  return glyphs;
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsu(gray: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const value of gray) histogram[value] = (histogram[value] ?? 0) + 1;
  const total = gray.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * (histogram[i] ?? 0);
  let sumBack = 0;
  let weightBack = 0;
  let best = 127;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBack += histogram[t] ?? 0;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += t * (histogram[t] ?? 0);
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const variance = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (variance > bestVariance) [best, bestVariance] = [t, variance];
  }
  return best + 1;
}
