// Regenerates src/lib/protocol/protocol.schema.json from the `openai` package's realtime types.
// Run after upgrading `openai`: `npm run schema`. A test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProtocolSchema } from './protocol-schema-builder';

const target = join(__dirname, '..', 'src', 'lib', 'protocol', 'protocol.schema.json');
const schema = buildProtocolSchema();
writeFileSync(target, JSON.stringify(schema, null, 1) + '\n');
console.log(`wrote ${target}: ${Object.keys(schema.definitions ?? {}).length} definitions`);
