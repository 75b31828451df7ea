/** Which schema generates which TypeScript file, and how. */
import { readFileSync } from 'node:fs';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const SCHEMAS = [
  { schema: 'rules/catalog.schema.json', file: 'src/generated/catalog.ts', name: 'Catalog' },
  { schema: 'schema/synapse-lint.schema.json', file: 'src/generated/config.ts', name: 'SynapseLintConfig' },
] as const;

const BANNER = '/* Generated from {schema} by `npm run gen:types`. Do not edit: change the schema and regenerate. */';

export async function generatedTypes(): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const s of SCHEMAS) {
    const schema = JSON.parse(readFileSync(new URL(`../../${s.schema}`, import.meta.url), 'utf8')) as JSONSchema;
    const text = await compile(schema, s.name, {
      bannerComment: BANNER.replace('{schema}', s.schema),
      additionalProperties: false,
      style: { singleQuote: true, printWidth: 120 },
    });
    out.push({ file: s.file, text });
  }
  return out;
}
