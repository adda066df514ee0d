import { AnalyzeDocumentCommand, type TextractClient } from '@aws-sdk/client-textract';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import { checkedAnalysis, checkedBlocks, type TextractAnalysis } from './block-index.js';
import { refusable, REFUSED, type Refused } from './textract.classify.js';

/** Largest document AnalyzeDocument takes as bytes (Textract's documented synchronous limit). */
export const SYNC_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * One-page document (an image or a one-page PDF) sent as bytes to AnalyzeDocument with tables
 * and forms. An answer without a PAGE block is invalid and retried like any transient failure.
 */
export function analyzeBytes(
  client: TextractClient,
  caller: ProviderCaller,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<TextractAnalysis | Refused> {
  return caller.call(
    'AnalyzeDocument',
    async (callSignal) => {
      const command = new AnalyzeDocumentCommand({
        Document: { Bytes: bytes },
        FeatureTypes: ['TABLES', 'FORMS'],
      });
      const answer = await refusable(() => client.send(command, { abortSignal: callSignal }));
      if (answer === REFUSED) return REFUSED;
      return checkedAnalysis(checkedBlocks(answer.Blocks), answer.DocumentMetadata?.Pages);
    },
    signal,
  );
}
