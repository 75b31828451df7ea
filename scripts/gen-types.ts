/** Regenerates TypeScript types from the JSON Schemas (`npm run gen:types`). A test checks they do not drift. */
import { writeFileSync } from 'node:fs';
import { generatedTypes } from './schema-types.js';

for (const { file, text } of await generatedTypes()) {
  writeFileSync(new URL(`../../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
