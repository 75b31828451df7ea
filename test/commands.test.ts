/** Reading `az network private-endpoint-connection` commands out of provisioner scripts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Ref, TemplatePiece, TemplateText } from '../src/graph/types.js';
import { azPrivateEndpointCommands, tokenize } from '../src/model/commands.js';

const ref = (target: string, attribute = 'name'): Ref => ({ target, attribute, keyed: false });
const text = (t: string): TemplatePiece => ({ kind: 'text', text: t });
const hole = (r: Ref, value?: string): TemplatePiece => (value === undefined ? { kind: 'expr', refs: [r] } : { kind: 'expr', refs: [r], value });
const tpl = (...pieces: TemplatePiece[]): TemplateText => ({ known: true, pieces });

describe('az commands', () => {
  it('reads the seed approval: continuations, interpolations, quoted values', () => {
    const t = tpl(
      text('az network private-endpoint-connection approve \\\n  --resource-group '),
      hole(ref('azurerm_resource_group.this')),
      text(' \\\n  --resource-name '),
      hole(ref('azurerm_storage_account.data')),
      text(' \\\n  --name '),
      hole(ref('azurerm_synapse_managed_private_endpoint.storage'), 'pe-storage-blob'),
      text(' \\\n  --type Microsoft.Storage/storageAccounts \\\n  --description "Approved for Synapse"\n'),
    );
    const [c, ...rest] = azPrivateEndpointCommands(t);
    assert.equal(rest.length, 0);
    assert.equal(c!.verb, 'approve');
    assert.equal(c!.options.get('--type')!.text, 'Microsoft.Storage/storageAccounts');
    assert.equal(c!.options.get('--description')!.text, 'Approved for Synapse');
    assert.equal(c!.options.get('--name')!.text, 'pe-storage-blob');
    assert.deepEqual(c!.options.get('--resource-name')!.refs, [ref('azurerm_storage_account.data')]);
    assert.equal(c!.options.get('--resource-name')!.known, false);
  });

  it('finds commands in $(...) inside double quotes, after && and on later lines, with short options', () => {
    const t = tpl(
      text('set -e\nID="$(az network private-endpoint-connection list --id '),
      hole(ref('azurerm_key_vault.kv', 'id')),
      text(` --query "[?ends_with(properties.privateEndpoint.id, 'ws.kv')].id | [0]" -o tsv)"\n`),
      text('az network private-endpoint-connection approve --id "$ID" -d ok && echo done; az network private-endpoint-connection show -g rg -n x --type=Microsoft.KeyVault/vaults'),
    );
    const cmds = azPrivateEndpointCommands(t);
    assert.deepEqual(cmds.map((c) => c.verb), ['list', 'approve', 'show']);
    assert.equal(cmds[0]!.options.get('--query')!.text, "[?ends_with(properties.privateEndpoint.id, 'ws.kv')].id | [0]");
    assert.equal(cmds[0]!.options.get('--output')!.text, 'tsv');
    assert.equal(cmds[1]!.options.get('--id')!.text, '$ID');
    assert.equal(cmds[2]!.options.get('--resource-group')!.text, 'rg');
    assert.equal(cmds[2]!.options.get('--name')!.text, 'x');
    assert.equal(cmds[2]!.options.get('--type')!.text, 'Microsoft.KeyVault/vaults');
  });

  it('reads PowerShell continuations (a backtick at the end of a line, LF or CRLF); a backtick elsewhere still ends a command', () => {
    for (const nl of ['\n', '\r\n']) {
      const t = tpl(
        text(`$id = az network private-endpoint-connection list --id `),
        hole(ref('azurerm_storage_account.lake', 'id')),
        text(` \`${nl}  --type Microsoft.KeyVault/vaults \`  ${nl}  --query "[0].id" -o tsv${nl}az network private-endpoint-connection approve --id $id\`az network private-endpoint-connection show --name n`),
      );
      const cmds = azPrivateEndpointCommands(t);
      assert.deepEqual(cmds.map((c) => c.verb), ['list', 'approve', 'show']);
      assert.equal(cmds[0]!.options.get('--type')!.text, 'Microsoft.KeyVault/vaults');
      assert.equal(cmds[0]!.options.get('--query')!.text, '[0].id');
      assert.equal(cmds[1]!.options.get('--id')!.text, '$id');
    }
  });

  it('ignores other az commands and comments', () => {
    const t = tpl(text('# az network private-endpoint-connection approve --id x\naz synapse workspace show -n ws\n'));
    assert.deepEqual(azPrivateEndpointCommands(t), []);
    assert.deepEqual(azPrivateEndpointCommands({ known: false, refs: [] }), []);
  });

  it('never throws on arbitrary scripts (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }).map(text), fc.constantFrom(hole(ref('a.b')), text('$('), text(')'), text('"'), text("'"), text('\\'), text(' --type '), text('az network private-endpoint-connection approve'))), { maxLength: 30 }), (pieces) => {
        const t = tpl(...pieces);
        tokenize(t);
        for (const c of azPrivateEndpointCommands(t)) assert.equal(typeof c.verb, 'string');
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
