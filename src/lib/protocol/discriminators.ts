// Unions whose branches are told apart by a `type` constant (a session is `realtime` or
// `transcription`, an item `message` or `function_call`, …) are checked as discriminated
// unions: only the branch the object names is validated. As plain `anyOf`, a value out of range
// in the `realtime` branch also reported every field the `transcription` branch lacks, and the
// simulator answered `unknown_parameter session.audio.output` for `speed: 3`.

interface SchemaNode {
  $ref?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  const?: unknown;
  enum?: unknown[];
  [keyword: string]: unknown;
}

type Definitions = Record<string, SchemaNode>;

/** The `type` value a branch requires, or null when it names none. */
export function tagOf(branch: SchemaNode, definitions: Definitions, seen = new Set<string>()): string | null {
  if (branch.$ref) {
    const name = decodeURIComponent(branch.$ref.replace('#/definitions/', ''));
    if (seen.has(name)) return null;
    seen.add(name);
    const target = definitions[name];
    return target ? tagOf(target, definitions, seen) : null;
  }
  const tag = branch.properties?.type;
  if (!tag || !branch.required?.includes('type')) return null;
  if (typeof tag.const === 'string') return tag.const;
  if (Array.isArray(tag.enum) && tag.enum.length === 1 && typeof tag.enum[0] === 'string') return tag.enum[0];
  return null;
}

/** A copy of the schema with each `anyOf` of distinct `type` constants made a discriminated `oneOf`. */
export function withDiscriminators<T>(schema: T): T {
  const definitions = (schema as { definitions?: Definitions }).definitions ?? {};
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) copy[key] = convert(value);
    const branches = (node as SchemaNode).anyOf;
    if (Array.isArray(branches) && branches.length > 1) {
      const tags = branches.map((branch) => tagOf(branch, definitions));
      if (tags.every((tag) => tag !== null) && new Set(tags).size === tags.length) {
        copy.oneOf = copy.anyOf;
        delete copy.anyOf;
        copy.discriminator = { propertyName: 'type' };
      }
    }
    return copy;
  };
  return convert(schema) as T;
}

/** The `type` values a discriminated `oneOf` accepts, for an error message. */
export function allowedTags(parentSchema: unknown, definitions: Definitions): string[] {
  const branches = (parentSchema as SchemaNode | undefined)?.oneOf;
  if (!Array.isArray(branches)) return [];
  return (branches as SchemaNode[]).map((branch) => tagOf(branch, definitions)).filter((tag): tag is string => tag !== null);
}
