import { XMLParser } from 'fast-xml-parser';

/** The human-readable parts of a C-CDA section, in document order. */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'item'; readonly text: string }
  | {
      readonly kind: 'table';
      readonly rows: readonly (readonly string[])[];
      readonly headerRows: number;
    };

export interface NarrativeSection {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** C-CDA Problem Observation: what the ground truth's `problems` are read from. */
const PROBLEM_OBSERVATION = '2.16.840.1.113883.10.20.22.4.4';

/** preserveOrder nodes: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  trimValues: false,
  htmlEntities: true,
});

const tagOf = (node: XmlNode): string => Object.keys(node).find((k) => k !== ':@') ?? '';
const childrenOf = (node: XmlNode): XmlNode[] => {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
};
const attribute = (node: XmlNode, name: string): unknown =>
  (node[':@'] as Record<string, unknown> | undefined)?.[name];
/** Whether a `templateId` with this root occurs anywhere under the nodes. */
const holdsTemplate = (nodes: readonly XmlNode[], root: string): boolean =>
  nodes.some(
    (n) =>
      (tagOf(n) === 'templateId' && attribute(n, 'root') === root) ||
      holdsTemplate(childrenOf(n), root),
  );
const childElements = (nodes: readonly XmlNode[], tag: string) =>
  nodes.filter((n) => tagOf(n) === tag);
const squash = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');

/** Inline text of a node: text and inline elements concatenated, `<br/>` as a line break. */
function inline(nodes: readonly XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === '#text') text += String(node['#text']);
    else if (tag === 'br') text += '\n';
    else if (tag === 'paragraph' || tag === 'item' || tag === 'tr')
      text += `\n${inline(childrenOf(node))}\n`;
    else if (tag === 'td' || tag === 'th') text += ` ${inline(childrenOf(node))} `;
    else text += inline(childrenOf(node));
  }
  return text;
}

function tableRows(table: readonly XmlNode[]): { rows: string[][]; headerRows: number } {
  const rows: string[][] = [];
  let headerRows = 0;
  const addRows = (trs: readonly XmlNode[], header: boolean) => {
    for (const tr of trs) {
      const cells = childrenOf(tr)
        .filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th')
        .map((c) => squash(inline(childrenOf(c))).replace(/\n/g, ' '));
      if (cells.every((c) => c === '')) continue;
      rows.push(cells);
      if (header) headerRows += 1;
    }
  };
  for (const part of table) {
    const tag = tagOf(part);
    if (tag === 'thead') addRows(childElements(childrenOf(part), 'tr'), true);
    else if (tag === 'tbody' || tag === 'tfoot')
      addRows(childElements(childrenOf(part), 'tr'), false);
    else if (tag === 'tr') addRows([part], false);
  }
  return { rows, headerRows };
}

function blocks(nodes: readonly XmlNode[]): Block[] {
  const out: Block[] = [];
  let pending = '';
  const flush = () => {
    for (const line of squash(pending).split('\n'))
      if (line !== '') out.push({ kind: 'paragraph', text: line });
    pending = '';
  };
  for (const node of nodes) {
    const tag = tagOf(node);
    const children = childrenOf(node);
    if (tag === 'table') {
      flush();
      const caption = childElements(children, 'caption')[0];
      if (caption !== undefined)
        out.push({ kind: 'heading', text: squash(inline(childrenOf(caption))) });
      const { rows, headerRows } = tableRows(children);
      if (rows.length > 0) out.push({ kind: 'table', rows, headerRows });
    } else if (tag === 'list') {
      flush();
      for (const item of childElements(children, 'item'))
        for (const line of squash(inline(childrenOf(item))).split('\n'))
          if (line !== '') out.push({ kind: 'item', text: line });
    } else if (tag === 'paragraph' || tag === 'caption') {
      flush();
      pending = inline(children);
      flush();
    } else if (tag === 'br') {
      pending += '\n';
    } else if (tag === 'renderMultiMedia' || tag === 'footnote') {
      continue;
    } else if (tag === '#text') {
      pending += String(node['#text']);
    } else if (children.some((c) => ['table', 'list', 'paragraph'].includes(tagOf(c)))) {
      flush();
      out.push(...blocks(children));
    } else {
      pending += inline(children);
    }
  }
  flush();
  return out;
}

function sections(
  components: readonly XmlNode[],
  into: NarrativeSection[],
  problems: Set<number>,
): void {
  for (const component of components) {
    for (const section of childElements(childrenOf(component), 'section')) {
      const parts = childrenOf(section);
      const title = squash(inline(childElements(parts, 'title').flatMap(childrenOf)));
      const text = childElements(parts, 'text')[0];
      if (holdsTemplate(childElements(parts, 'entry'), PROBLEM_OBSERVATION))
        problems.add(into.length);
      into.push({ title, blocks: text === undefined ? [] : blocks(childrenOf(text)) });
      sections(childElements(parts, 'component'), into, problems);
    }
  }
}

/**
 * The document title and every section's narrative, nested sections flattened in order;
 * `problemSections` holds the indices of the sections whose coded entries hold problem
 * observations (where the C-CDA conditions truth comes from).
 */
export function parseNarrative(xml: string): {
  title: string;
  sections: NarrativeSection[];
  problemSections: ReadonlySet<number>;
} {
  const root = (parser.parse(xml) as XmlNode[]).find((n) => tagOf(n) === 'ClinicalDocument');
  const doc = root === undefined ? [] : childrenOf(root);
  const title = squash(inline(childElements(doc, 'title').flatMap(childrenOf)));
  const body = childElements(doc, 'component')
    .flatMap(childrenOf)
    .filter((n) => tagOf(n) === 'structuredBody');
  const out: NarrativeSection[] = [];
  const problems = new Set<number>();
  for (const structured of body)
    sections(childElements(childrenOf(structured), 'component'), out, problems);
  return { title, sections: out, problemSections: problems };
}
