/** Reference strings read as what they name: the fast reading of names-only traversals agrees with parsing them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { distinctSubjects, parsedSubject, subjectOf } from '../src/load/references.js';

const name = fc.oneof(
  fc.constantFrom('var', 'local', 'each', 'count', 'path', 'terraform', 'self', 'module', 'data', 'azurerm_storage_account', 'x', 'a_b', 'value', 'id'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
);
const namesOnly = fc.array(name, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));

describe('references', () => {
  it('reads names-only traversals as parsing them does (fast-check)', () => {
    fc.assert(
      fc.property(namesOnly, (ref) => {
        assert.deepEqual(subjectOf(ref), parsedSubject(ref));
      }),
      { seed: 20261128, numRuns: 3000 },
    );
  });

  it('reads each kind of reference', () => {
    assert.deepEqual(subjectOf('azurerm_storage_account.lake.primary_dfs_endpoint'), {
      kind: 'resource', mode: 'managed', type: 'azurerm_storage_account', name: 'lake', address: 'azurerm_storage_account.lake', attribute: 'primary_dfs_endpoint', steps: 3,
    });
    assert.deepEqual(subjectOf('data.azurerm_client_config.current.tenant_id'), {
      kind: 'resource', mode: 'data', type: 'azurerm_client_config', name: 'current', address: 'data.azurerm_client_config.current', attribute: 'tenant_id', steps: 4,
    });
    assert.deepEqual(subjectOf('module.net.subnet_id'), { kind: 'module', name: 'net', attribute: 'subnet_id', steps: 3 });
    assert.deepEqual(subjectOf('module.net["a"].subnet_id'), { kind: 'module', name: 'net', index: 'a', attribute: 'subnet_id', steps: 4 });
    assert.deepEqual(subjectOf('var.region'), { kind: 'var', name: 'region', attribute: '', steps: 2 });
    assert.deepEqual(subjectOf('local.tags.env'), { kind: 'local', name: 'tags', attribute: 'env', steps: 3 });
    assert.deepEqual(subjectOf('local.m["k"].x'), { kind: 'local', name: 'm', attribute: '["k"].x', steps: 4 });
    assert.deepEqual(subjectOf('each.value.id'), { kind: 'meta', name: 'each', attribute: 'value.id', steps: 3 });
    assert.deepEqual(subjectOf('azurerm_x.y[0].id'), { kind: 'resource', mode: 'managed', type: 'azurerm_x', name: 'y', index: 0, address: 'azurerm_x.y', attribute: 'id', steps: 4 });
    assert.deepEqual(subjectOf('plain'), { kind: 'other', name: 'plain', attribute: '', steps: 1 });
    assert.equal(subjectOf('data.only'), undefined);
    assert.equal(subjectOf('var'), undefined);
    assert.equal(subjectOf('module'), undefined);
    assert.equal(subjectOf('.x'), undefined);
  });

  it('keeps the longest traversal per subject, in first-seen order, for short and long lists', () => {
    const short = ['azurerm_a.x.id', 'azurerm_a.x', 'var.v', 'azurerm_b.y', 'azurerm_b.y.identity.principal_id', 'data.azurerm_a.x'];
    assert.deepEqual(
      distinctSubjects(short).map((s) => `${s.mode ?? s.kind}:${s.type ?? ''}.${s.name}.${s.attribute}`),
      ['managed:azurerm_a.x.id', 'var:.v.', 'managed:azurerm_b.y.identity.principal_id', 'data:azurerm_a.x.'],
    );
    // Over the scan limit, a map keeps the same answers.
    const long = [...short, ...Array.from({ length: 20 }, (_, i) => `azurerm_c.n${i % 5}${i >= 10 ? '.id' : ''}`)];
    const got = distinctSubjects(long).map((s) => `${s.type ?? s.kind}.${s.name}.${s.attribute}`);
    assert.deepEqual(got.slice(4), ['azurerm_c.n0.id', 'azurerm_c.n1.id', 'azurerm_c.n2.id', 'azurerm_c.n3.id', 'azurerm_c.n4.id']);
    assert.equal(new Set(got).size, got.length);
  });
});
