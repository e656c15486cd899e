// Regenerates the protocol schemas from the `openai` package's types: protocol.schema.json
// (Realtime) and live-protocol.schema.json (GPT-Live). Run after upgrading `openai`:
// `npm run schema`. A test fails when a committed file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Schema } from 'ts-json-schema-generator';
import { buildProtocolSchema } from './protocol-schema-builder';
import { buildLiveProtocolSchema } from './live-protocol-schema-builder';

const folder = join(__dirname, '..', 'src', 'lib', 'protocol');
function write(file: string, schema: Schema): void {
  const target = join(folder, file);
  writeFileSync(target, JSON.stringify(schema, null, 1) + '\n');
  console.log(`wrote ${target}: ${Object.keys(schema.definitions ?? {}).length} definitions`);
}
write('protocol.schema.json', buildProtocolSchema());
write('live-protocol.schema.json', buildLiveProtocolSchema());
