/** Regenerates docs/rules/<ID>.md and the README's rules table from the rules (`npm run docs`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { ruleDocPage, withRulesTable } from '../src/report/rule-docs.js';
import { REPORT_RULES as RULES } from '../src/cli.js';

const root = new URL('../../', import.meta.url);
for (const rule of RULES) {
  writeFileSync(new URL(`docs/rules/${rule.meta.id}.md`, root), ruleDocPage(rule));
}
const readme = new URL('README.md', root);
writeFileSync(readme, withRulesTable(readFileSync(readme, 'utf8'), RULES));
console.log(`wrote ${RULES.length} rule pages and the README rules table`);
