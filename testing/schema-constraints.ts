// Finds every value constraint (integer type, numeric range or enum, array and string length,
// pattern) in OpenAI's official schema that the project's generated schema lacks or loosens.
// Both schemas are walked from each event by the wire path of every field, so definitions with
// different names still meet; an object whose `type` is a single literal (`server_vad`,
// `realtime`, `audio/pcm`...) names its branch in the path, so unions do not blur together.
// Used by scripts/protocol-schema.node.test.ts, and to derive SCHEMA_CONSTRAINTS by hand.

export type SchemaNode = { [keyword: string]: unknown };
type Direction = 'client' | 'server';

/** A constraint of the official schema at one wire path of one event. */
export interface OfficialConstraint {
  /** `client response.create`. */
  event: string;
  /** `/response/max_output_tokens`, with `<literal>` for a tagged branch and `[]` for items. */
  path: string;
  keyword: 'integer' | 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum' | 'enum' | 'minItems' | 'maxItems' | 'minLength' | 'maxLength' | 'pattern';
  value: unknown;
  /** JSON pointer into the official bundle. */
  source: string;
}

/** An official constraint the generated schema does not hold at the same wire path. */
export interface LooserField extends OfficialConstraint {
  /** `Definition/property/path` in the generated schema ('[]' for items). */
  ours: string;
  found: unknown;
}

export interface ConstraintComparison {
  constraints: OfficialConstraint[];
  looser: LooserField[];
  /** Official constraints on fields the generated schema has no node of that kind for (strict validation refuses them anyway). */
  absent: OfficialConstraint[];
}

interface Leaf {
  node: SchemaNode;
  /** `Definition/property/...` (the enclosing definition and the property path from it). */
  where: string;
  /** The exact JSON pointer of the node. */
  pointer: string;
}

type Visit = (path: string, leaf: Leaf) => void;

const NUMERIC = ['integer', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum'] as const;
const ARRAY = ['minItems', 'maxItems'] as const;
const STRING = ['minLength', 'maxLength', 'pattern'] as const;

function types(node: SchemaNode): string[] {
  const type = node.type;
  return typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : [];
}

const isNumeric = (node: SchemaNode) => types(node).some((t) => t === 'number' || t === 'integer');

/** The single literal an object's `type` property holds, if any. */
function tagOf(node: SchemaNode): string | null {
  const type = (node.properties as Record<string, SchemaNode> | undefined)?.type;
  if (!type) return null;
  if (typeof type.const === 'string') return type.const;
  const values = type.enum;
  return Array.isArray(values) && values.length === 1 && typeof values[0] === 'string' ? values[0] : null;
}

/** Walks a schema from `root` by wire path, following `$ref`s and every branch of a union. */
function walk(definitions: Record<string, SchemaNode>, refPrefix: string, rootName: string, visit: Visit): void {
  const seen = new Set<string>();
  const go = (node: SchemaNode, path: string, def: string, local: string, pointer: string): void => {
    if (path.split('/').length > 24) return;
    if (typeof node.$ref === 'string') {
      const name = decodeURIComponent(node.$ref.slice(refPrefix.length));
      const key = `${name}|${path}`;
      if (seen.has(key)) return;
      seen.add(key);
      const target = definitions[name];
      if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
      return go(target, path, name, '', `${refPrefix}${name}`);
    }
    for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches)) {
        (branches as SchemaNode[]).forEach((branch, i) => go(branch, path, def, local, `${pointer}/${keyword}/${i}`));
      }
    }
    if (node.type !== undefined || node.const !== undefined || node.enum !== undefined) visit(path, { node, where: `${def}${local}`, pointer });
    const tag = tagOf(node);
    const here = tag ? `${path}<${tag}>` : path;
    const properties = node.properties as Record<string, SchemaNode> | undefined;
    for (const [name, child] of Object.entries(properties ?? {})) {
      go(child, `${here}/${name}`, def, `${local}/${name}`, `${pointer}/properties/${name}`);
    }
    if (node.items && typeof node.items === 'object') go(node.items as SchemaNode, `${here}[]`, def, `${local}[]`, `${pointer}/items`);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      go(node.additionalProperties as SchemaNode, `${here}{}`, def, `${local}{}`, `${pointer}/additionalProperties`);
    }
  };
  const root = definitions[rootName];
  if (!root) throw new Error(`no definition ${rootName}`);
  go(root, '', rootName, '', `${refPrefix}${rootName}`);
}

function officialFacts(node: SchemaNode): Array<[OfficialConstraint['keyword'], unknown]> {
  const facts: Array<[OfficialConstraint['keyword'], unknown]> = [];
  const kinds = types(node);
  if (kinds.includes('integer') || kinds.includes('number')) {
    if (kinds.includes('integer')) facts.push(['integer', true]);
    for (const keyword of NUMERIC) if (keyword !== 'integer' && node[keyword] !== undefined) facts.push([keyword, node[keyword]]);
  }
  if (kinds.includes('array')) for (const keyword of ARRAY) if (node[keyword] !== undefined) facts.push([keyword, node[keyword]]);
  if (kinds.includes('string')) for (const keyword of STRING) if (node[keyword] !== undefined) facts.push([keyword, node[keyword]]);
  return facts;
}

/** The values a node allows, when it lists them (`const` or `enum`). */
function literals(node: SchemaNode): unknown[] | null {
  if (node.const !== undefined) return [node.const];
  return Array.isArray(node.enum) ? (node.enum as unknown[]) : null;
}

/** Whether a generated leaf holds an official constraint at least as tightly. */
function holds(leaf: SchemaNode, keyword: OfficialConstraint['keyword'], value: unknown): boolean {
  const n = (k: string) => (typeof leaf[k] === 'number' ? (leaf[k] as number) : undefined);
  const listed = literals(leaf);
  const v = value as number;
  switch (keyword) {
    case 'integer':
      return !types(leaf).includes('number') || (listed !== null && listed.every((x) => Number.isInteger(x)));
    case 'minimum':
      return (n('minimum') ?? n('exclusiveMinimum') ?? -Infinity) >= v || (listed?.every((x) => (x as number) >= v) ?? false);
    case 'exclusiveMinimum':
      return (n('exclusiveMinimum') ?? -Infinity) >= v || (n('minimum') ?? -Infinity) > v;
    case 'maximum':
      return (n('maximum') ?? n('exclusiveMaximum') ?? Infinity) <= v || (listed?.every((x) => (x as number) <= v) ?? false);
    case 'exclusiveMaximum':
      return (n('exclusiveMaximum') ?? Infinity) <= v || (n('maximum') ?? Infinity) < v;
    case 'enum':
      return listed !== null && listed.every((x) => (value as unknown[]).includes(x));
    case 'minItems':
    case 'minLength':
      return (n(keyword) ?? 0) >= v;
    case 'maxItems':
    case 'maxLength':
      return (n(keyword) ?? Infinity) <= v;
    case 'pattern':
      return leaf.pattern === value;
  }
}

function kindMatches(leaf: SchemaNode, keyword: OfficialConstraint['keyword']): boolean {
  if ((NUMERIC as readonly string[]).includes(keyword)) return isNumeric(leaf);
  if ((ARRAY as readonly string[]).includes(keyword)) return types(leaf).includes('array');
  return types(leaf).includes('string');
}

export interface EventIndex {
  client: Record<string, { def: string } | Array<{ def: string }>>;
  server: Record<string, { def: string } | Array<{ def: string }>>;
}

/**
 * Compares the official bundle (`realtime-ga.schema.json`, `$defs`) with the generated schema
 * (`definitions`), event by event. `ourEvents` maps each event type to its generated definition.
 */
export function compareConstraints(
  official: { $defs: Record<string, SchemaNode> },
  index: EventIndex,
  ours: { definitions: Record<string, SchemaNode> },
  ourEvents: Record<Direction, ReadonlyMap<string, string>>,
): ConstraintComparison {
  const constraints: OfficialConstraint[] = [];
  const looser: LooserField[] = [];
  const absent: OfficialConstraint[] = [];
  for (const direction of ['client', 'server'] as const) {
    for (const [type, entry] of Object.entries(index[direction])) {
      const ourDef = ourEvents[direction].get(type);
      if (!ourDef) continue; // an event the types do not know: refused by type
      const officialDef = (Array.isArray(entry) ? entry[0] : entry).def;
      const event = `${direction} ${type}`;
      const found: OfficialConstraint[] = [];
      walk(official.$defs, '#/$defs/', officialDef, (path, leaf) => {
        for (const [keyword, value] of officialFacts(leaf.node)) {
          found.push({ event, path: path || '/', keyword, value, source: leaf.pointer });
        }
      });
      const leaves = new Map<string, Leaf[]>();
      walk(ours.definitions, '#/definitions/', ourDef, (path, leaf) => {
        const key = path || '/';
        leaves.set(key, [...(leaves.get(key) ?? []), leaf]);
      });
      for (const constraint of found) {
        constraints.push(constraint);
        const candidates = (leaves.get(constraint.path) ?? []).filter((leaf) => kindMatches(leaf.node, constraint.keyword));
        if (candidates.length === 0) absent.push(constraint);
        for (const leaf of candidates) {
          if (!holds(leaf.node, constraint.keyword, constraint.value)) {
            looser.push({ ...constraint, ours: leaf.where, found: leaf.node });
          }
        }
      }
    }
  }
  return { constraints, looser, absent };
}
