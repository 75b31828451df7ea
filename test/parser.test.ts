/** The HCL parser's Go runtime: its collector setting reaches the runtime, and the environment can change it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GO_GC_PERCENT, goGcPercent, parseHcl } from '../src/load/hcl/parser.js';

describe('HCL parser runtime', () => {
  it('uses GOGC from the environment when set, else its own', () => {
    assert.equal(goGcPercent({}), GO_GC_PERCENT);
    assert.equal(goGcPercent({ GOGC: '' }), GO_GC_PERCENT);
    assert.equal(goGcPercent({ GOGC: '  ' }), GO_GC_PERCENT);
    assert.equal(goGcPercent({ GOGC: '100' }), '100');
    assert.equal(goGcPercent({ GOGC: 'off' }), 'off');
    assert.notEqual(GO_GC_PERCENT, '100');
  });

  it('starts the Go runtime with that GOGC, and parses as before', async () => {
    const json = await parseHcl('main.tf', 'resource "azurerm_resource_group" "rg" {\n  name = "rg-${var.env}"\n}\n');
    assert.deepEqual(json, { resource: { azurerm_resource_group: { rg: [{ name: 'rg-${var.env}' }] } } });
    const Go = (globalThis as { Go?: new () => { env: Record<string, string> } }).Go;
    assert.ok(Go, 'the parser defines Go');
    assert.equal(new Go().env.GOGC, goGcPercent());
  });
});
