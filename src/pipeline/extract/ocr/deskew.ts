/**
 * Skew of the text in a grayscale image, by projection profiles: at the right angle the rows of
 * text line up, so the histogram of dark pixels projected onto the vertical axis has the
 * sharpest peaks (largest sum of squares). Coarse search over ±MAX degrees, then a fine one.
 * Returns degrees: rotating the image by it (sharp's rotate, clockwise) makes the text level.
 */
const MAX_DEGREES = 15;
const MAX_SAMPLES = 120_000;

export function estimateSkew(gray: Uint8Array, width: number, height: number): number {
  const threshold = otsu(gray);
  const xs: number[] = [];
  const ys: number[] = [];
  // Sample dark pixels evenly so large images cost the same as small ones.
  let dark = 0;
  for (const value of gray) if (value < threshold) dark++;
  const step = Math.max(1, Math.ceil(dark / MAX_SAMPLES));
  let seen = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if ((gray[y * width + x] ?? 255) >= threshold) continue;
      if (seen++ % step !== 0) continue;
      xs.push(x);
      ys.push(y);
    }
  if (xs.length < 100) return 0;
  const score = (degrees: number) => profileScore(xs, ys, height + width, degrees);
  let best = 0;
  let bestScore = score(0);
  for (let d = -MAX_DEGREES; d <= MAX_DEGREES; d += 0.5) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5; d += 0.1) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return Math.round(best * 10) / 10;
}

/** Sum of squared bin counts of the pixels' rows after rotating them by `degrees`. */
function profileScore(xs: number[], ys: number[], span: number, degrees: number): number {
  const rad = (degrees * Math.PI) / 180;
  const sin = Math.sin(rad);
  const cos = Math.cos(rad);
  const bins = new Float64Array(2 * span + 1);
  for (let i = 0; i < xs.length; i++) {
    const y = (ys[i] ?? 0) * cos + (xs[i] ?? 0) * sin;
    bins[Math.round(y) + span] = (bins[Math.round(y) + span] ?? 0) + 1;
  }
  let sum = 0;
  for (const count of bins) sum += count * count;
  return sum;
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

/**
 * Typical height of a text line in pixels: the median height of the bands of rows that hold
 * ink (after deskew). Used to scale the image so text has the size OCR reads best.
 */
export function estimateLineHeight(
  gray: Uint8Array,
  width: number,
  height: number,
): number | undefined {
  const threshold = otsu(gray);
  const inkRows: boolean[] = [];
  for (let y = 0; y < height; y++) {
    let ink = 0;
    for (let x = 0; x < width; x++) if ((gray[y * width + x] ?? 255) < threshold) ink++;
    inkRows.push(ink > Math.max(2, width * 0.002));
  }
  const bands: number[] = [];
  let run = 0;
  for (const ink of [...inkRows, false]) {
    if (ink) run++;
    else if (run > 0) {
      if (run >= 3) bands.push(run);
      run = 0;
    }
  }
  if (bands.length < 3) return undefined;
  bands.sort((a, b) => a - b);
  return bands[Math.floor(bands.length / 2)];
}
