/**
 * The compact shape of a JSON answer (`?shape=compact` on the result): members that are null or
 * empty arrays are left out instead of sent, at any depth. Everything else is unchanged, so a
 * client reads an absent member as null (or as an empty array where the full shape has one).
 */

type SchemaNode = Record<string, unknown>;

/** A copy of `value` without null members and empty-array members, at any depth. */
export function compactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null || member === undefined) continue;
    if (Array.isArray(member) && member.length === 0) continue;
    out[key] = compactJson(member);
  }
  return out;
}

/**
 * The JSON Schema of the compact shape of `schema`: nullable members lose their null branch and
 * become optional, array members become optional with at least one item.
 */
export function compactSchema(schema: object, annotations: SchemaNode = {}): SchemaNode {
  // A JSON copy: TypeBox schemas carry symbols and modifiers that are not part of the document.
  return { ...compactNode(JSON.parse(JSON.stringify(schema)) as SchemaNode), ...annotations };
}

function compactNode(node: SchemaNode): SchemaNode {
  const out: SchemaNode = { ...node };
  const properties = node.properties as Record<string, SchemaNode> | undefined;
  if (properties !== undefined) {
    const optional = new Set<string>();
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, member]) => {
        let compacted = compactNode(member);
        const nonNull = withoutNull(compacted);
        if (nonNull !== compacted || compacted.type === 'array') optional.add(name);
        compacted = nonNull;
        if (compacted.type === 'array')
          compacted = { ...compacted, minItems: Math.max(1, Number(compacted.minItems ?? 0)) };
        return [name, compacted];
      }),
    );
    const required = (node.required as string[] | undefined)?.filter((n) => !optional.has(n));
    if (required === undefined) delete out.required;
    else out.required = required;
  }
  if (typeof node.items === 'object' && node.items !== null)
    out.items = compactNode(node.items as SchemaNode);
  if (Array.isArray(node.anyOf)) out.anyOf = (node.anyOf as SchemaNode[]).map(compactNode);
  return out;
}

/** The schema without its null branch, or the same object when it has none. */
function withoutNull(node: SchemaNode): SchemaNode {
  if (!Array.isArray(node.anyOf)) return node;
  const branches = (node.anyOf as SchemaNode[]).filter((branch) => branch.type !== 'null');
  if (branches.length === node.anyOf.length) return node;
  const { anyOf: _anyOf, ...rest } = node;
  return branches.length === 1 ? { ...rest, ...branches[0] } : { ...rest, anyOf: branches };
}
