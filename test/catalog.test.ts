/** The knowledge file: valid against its schema, types not drifted, look-ups right. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundledCatalog, CatalogError, createCatalog, readCatalogFiles } from '../src/catalog.js';
import { generatedTypes } from '../scripts/schema-types.js';
import { ROOT } from './fixture-lib.js';

describe('the compiled validators', () => {
  it("count a string's length as ajv's own runtime does, lone surrogates included (fast-check)", async () => {
    const fc = (await import('fast-check')).default;
    const { codePointLength } = await import('../src/generated/validators.js');
    const { createRequire } = await import('node:module');
    const ucs2length = (createRequire(import.meta.url)('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default;
    const unit = fc.oneof(fc.constantFrom('a', 'é', '\uD83D', '\uDE00', '😀'), fc.string({ unit: 'binary', maxLength: 2 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        assert.equal(codePointLength(s), ucs2length(s));
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('load no module at run time: the build writes them without require()', () => {
    const text = readFileSync(path.join(ROOT, 'dist/src/generated/validators.js'), 'utf8');
    assert.doesNotMatch(text, /require\(/);
  });
});

describe('catalog', () => {
  const catalog = bundledCatalog();

  it('generated TypeScript types match the schemas (npm run gen:types)', async () => {
    for (const { file, text } of await generatedTypes()) {
      assert.equal(readFileSync(path.join(ROOT, file), 'utf8'), text, `${file} is stale`);
    }
  });

  it('is rejected when an entry breaks the schema, naming the key path', () => {
    const { data, schema } = readCatalogFiles();
    const bad = structuredClone(data) as { stores: { groups: unknown }[] };
    bad.stores[3]!.groups = 'blob';
    assert.throws(() => createCatalog(bad, schema), (e: Error) => e instanceof CatalogError && /\/stores\/3\/groups/.test(e.message));
  });

  it('lists each ARM type and Terraform type once, stores sorted by ARM type', () => {
    const arm = catalog.stores.map((s) => s.armType.toLowerCase());
    assert.equal(new Set(arm).size, arm.length);
    assert.deepEqual([...arm].sort(), arm);
    const tf = catalog.stores.flatMap((s) => s.terraformTypes);
    assert.equal(new Set(tf).size, tf.length);
  });

  it('knows the groups and casing the rules depend on', () => {
    const storage = catalog.byTerraformType('azurerm_storage_account')!;
    assert.equal(storage.armType, 'Microsoft.Storage/storageAccounts');
    for (const g of ['blob', 'dfs', 'file', 'queue', 'table']) assert.ok(storage.groups.includes(g));
    assert.equal(catalog.canonicalGroup(catalog.byArmType('microsoft.sql/SERVERS')!, 'SQLSERVER'), 'sqlServer');
    assert.deepEqual(catalog.byArmType('Microsoft.EventHub/namespaces')!.groups, ['namespace']);
    assert.deepEqual(catalog.byArmType('Microsoft.OperationalInsights/workspaces')!.groups, []);
    assert.equal(catalog.byArmType('Microsoft.OperationalInsights/workspaces')!.dataStore, false);
    assert.deepEqual(catalog.byArmType('Microsoft.Insights/privateLinkScopes')!.groups, ['azuremonitor']);
    assert.equal(catalog.byArmType('Microsoft.ServiceBus/namespaces')!.synapseMpeTarget, false);
    assert.ok(catalog.byArmType('Microsoft.Network/privateLinkServices')!.emptyGroupAllowed);
  });

  it('maps every linked service type of SPEC §4 to its group', () => {
    const want: Record<string, string> = {
      AzureBlobFS: 'dfs', AzureBlobStorage: 'blob', AzureFileStorage: 'file', AzureTableStorage: 'table',
      AzureSqlDatabase: 'sqlServer', AzureSqlDW: 'sqlServer', AzureSqlMI: 'managedInstance', AzureKeyVault: 'vault',
      CosmosDb: 'Sql', CosmosDbMongoDbApi: 'MongoDB', AzureDataExplorer: 'cluster', AzureMySql: 'mysqlServer',
      AzurePostgreSql: 'postgresqlServer', AzureMariaDB: 'mariadbServer', AzureSearch: 'searchService',
      AzureMLService: 'amlworkspace', AzureDatabricks: 'databricks_ui_api', AzureFunction: 'sites',
    };
    for (const [type, group] of Object.entries(want)) {
      const on = catalog.stores.filter((s) => s.linkedServiceTypes[type] !== undefined);
      assert.ok(on.length > 0, `${type} is on no store type`);
      for (const s of on) {
        assert.equal(s.linkedServiceTypes[type], group, `${type} on ${s.armType}`);
        assert.ok(s.groups.includes(group), `${group} is a group of ${s.armType}`);
      }
    }
  });

  it('finds store hosts in text, not look-alikes', () => {
    const hits = catalog.findHosts('abfss://data@StLake01.dfs.core.windows.net/x; Server=tcp:sql-prod.database.windows.net,1433; https://x.privatelink.blob.core.windows.net');
    assert.deepEqual(
      hits.map((h) => [h.name, h.types[0]!.store.armType, h.types[0]!.group]),
      [
        ['stlake01', 'Microsoft.Storage/storageAccounts', 'dfs'],
        ['sql-prod', 'Microsoft.Sql/servers', 'sqlServer'],
      ],
    );
    assert.deepEqual(catalog.findHosts('https://example.com/dfs.core.windows.net.evil'), []);
  });

  it('knows which azurerm_synapse_* types exist', () => {
    assert.ok(catalog.isSynapseType('azurerm_synapse_workspace'));
    assert.ok(catalog.isSynapseType('azurerm_synapse_managed_private_endpoint'));
    assert.ok(!catalog.isSynapseType('azurerm_synapse_workspace_package'));
  });
});
