/**
 * Media types a client may upload; which of them can be processed depends on the extractors.
 * HEIC is what iPhones shoot; image/heif is the same container under its generic name.
 */
export const MEDIA_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export function isMediaType(value: string): value is MediaType {
  return (MEDIA_TYPES as readonly string[]).includes(value);
}

/** `application/pdf; charset=x` → `application/pdf`; lower-cased, parameters dropped. */
export function essence(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const value = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return value === '' ? undefined : value;
}
