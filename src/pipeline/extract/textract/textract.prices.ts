/**
 * List prices of Amazon Textract AnalyzeDocument, in US dollars per page, for the first million
 * pages a month in us-east-1, from https://aws.amazon.com/textract/pricing/ (as of 2025). Prices
 * change and differ by region and volume: re-check them before relying on the cost metric.
 */
export const TEXTRACT_PRICES = {
  /** The Tables feature, per page. */
  tablesPerPage: 0.015,
  /** The Forms feature, per page. */
  formsPerPage: 0.05,
} as const;

/** What one page analysed with Tables and Forms costs at list price. */
export const TEXTRACT_PRICE_PER_PAGE = TEXTRACT_PRICES.tablesPerPage + TEXTRACT_PRICES.formsPerPage;
