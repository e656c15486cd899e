// Which GA server event types the reference client handles: a `case 'type':` of a switch on
// `<something>.type` in src/lib/realtime (tests and test support left out) whose body does
// something. A case that only `break`s or returns nothing (`return []`, `return null`) is
// "seen", not handled: the event is logged by the transport and nothing changes.
// Run: npx tsx scripts/handled-server-events.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { SERVER_EVENT_TYPES } from '../src/lib/protocol/validate';

export const CLIENT_DIR = join(__dirname, '..', 'src', 'lib', 'realtime');

export interface HandledEvents {
  /** Every GA server event type (the generated schema). */
  all: string[];
  handled: string[];
  unhandled: string[];
  /** type → the files whose switch handles it. */
  where: Map<string, string[]>;
}

function clientSources(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(dir, name));
}

/** `break;`, `return;`, `return [];`, `return null;`: the case does nothing. */
function isEmptyBody(statements: readonly ts.Statement[]): boolean {
  if (statements.length === 0) return true;
  if (statements.length > 1) return false;
  const [only] = statements;
  if (ts.isBreakStatement(only)) return true;
  if (!ts.isReturnStatement(only)) return false;
  const value = only.expression;
  if (!value) return true;
  if (value.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isArrayLiteralExpression(value) && value.elements.length === 0;
}

/** The string labels of each switch on `x.type` and whether their (shared) body does something. */
function handledIn(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const handled = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isSwitchStatement(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'type') {
      let labels: string[] = [];
      for (const clause of node.caseBlock.clauses) {
        if (ts.isCaseClause(clause) && ts.isStringLiteralLike(clause.expression)) labels.push(clause.expression.text);
        if (clause.statements.length === 0) continue; // falls through to the next clause's body
        if (!isEmptyBody(clause.statements)) for (const label of labels) handled.add(label);
        labels = [];
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return handled;
}

export function handledServerEvents(dir = CLIENT_DIR): HandledEvents {
  const all = Array.from(SERVER_EVENT_TYPES.keys()).sort();
  const where = new Map<string, string[]>();
  for (const file of clientSources(dir)) {
    for (const type of handledIn(file)) {
      if (!SERVER_EVENT_TYPES.has(type)) continue;
      where.set(type, [...(where.get(type) ?? []), file.slice(dir.length + 1)]);
    }
  }
  const handled = all.filter((t) => where.has(t));
  return { all, handled, unhandled: all.filter((t) => !where.has(t)), where };
}

if (require.main === module) {
  const { all, handled, unhandled, where } = handledServerEvents();
  console.log(`GA server event types the client handles: ${handled.length} of ${all.length}`);
  for (const type of handled) console.log(`  ✓ ${type}  (${(where.get(type) ?? []).join(', ')})`);
  for (const type of unhandled) console.log(`  ✗ ${type}`);
}
