/** Sensitive values from the plan never reach any output, whatever a rule would put in a message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../src/cli.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const SECRETS = ['synapse-ws-sql--TopSecretName', 'P@ssw0rd-Zebra-42', 'AccountKey=c2VjcmV0LWtleS12YWx1ZQ==', 'stsecretlake'];

/** A DEP workspace whose endpoint name, SQL password, a sensitive variable and a linked service's JSON are secret. */
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  variables: { sql_password: { value: SECRETS[1] } },
  configuration: {
    root_module: {
      variables: { sql_password: { sensitive: true } },
      resources: [
        { address: 'azurerm_synapse_workspace.ws', mode: 'managed', type: 'azurerm_synapse_workspace', name: 'ws', expressions: { sql_administrator_login_password: { references: ['var.sql_password'] } } },
        { address: 'azurerm_synapse_managed_private_endpoint.m', mode: 'managed', type: 'azurerm_synapse_managed_private_endpoint', name: 'm', expressions: { synapse_workspace_id: { references: ['azurerm_synapse_workspace.ws.id', 'azurerm_synapse_workspace.ws'] } } },
        { address: 'azurerm_synapse_linked_service.ls', mode: 'managed', type: 'azurerm_synapse_linked_service', name: 'ls', expressions: { synapse_workspace_id: { references: ['azurerm_synapse_workspace.ws.id', 'azurerm_synapse_workspace.ws'] } } },
      ],
    },
  },
  resource_changes: [
    {
      address: 'azurerm_synapse_workspace.ws', mode: 'managed', type: 'azurerm_synapse_workspace', name: 'ws',
      change: { actions: ['create'], before: null, after: { name: 'ws', data_exfiltration_protection_enabled: true, managed_virtual_network_enabled: true, sql_administrator_login_password: SECRETS[1] }, after_unknown: { id: true }, after_sensitive: { sql_administrator_login_password: true } },
    },
    {
      address: 'azurerm_synapse_managed_private_endpoint.m', mode: 'managed', type: 'azurerm_synapse_managed_private_endpoint', name: 'm',
      change: { actions: ['create'], before: null, after: { name: SECRETS[0], subresource_name: 'blob', target_resource_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv' }, after_unknown: { id: true, synapse_workspace_id: true }, after_sensitive: { name: true } },
    },
    {
      address: 'azurerm_synapse_linked_service.ls', mode: 'managed', type: 'azurerm_synapse_linked_service', name: 'ls',
      change: { actions: ['create'], before: null, after: { name: 'ls', type: 'AzureBlobStorage', type_properties_json: `{"connectionString":"DefaultEndpointsProtocol=https;AccountName=${SECRETS[3]};${SECRETS[2]}"}` }, after_unknown: { id: true, synapse_workspace_id: true }, after_sensitive: { type_properties_json: true } },
    },
  ],
};

async function lintAs(format: string, extra: string[] = []): Promise<string> {
  let out = '';
  await run(['-', '--format', format, '--fail-on', 'never', ...extra], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    readStdin: () => new TextEncoder().encode(JSON.stringify(plan)),
    env: {},
    isTTY: false,
    cwd: ROOT,
  });
  return out;
}

describe('secrets', () => {
  for (const format of ['text', 'sarif', 'json', 'github', 'markdown']) {
    it(`${format} output holds no sensitive value, and still reports the workspace`, async () => {
      const out = await lintAs(format);
      for (const id of ['SYN201', 'SYN202', 'SYN208']) assert.match(out, new RegExp(id), `${id} reported`);
      for (const s of SECRETS) assert.ok(!out.includes(s), `${format} output contains ${s}`);
      for (const s of SECRETS) assert.ok(!out.includes(s.toLowerCase()), `${format} output contains ${s.toLowerCase()}`);
    });
  }
});

/** The output of linting a .tf root made of `files` (relative path -> text) in every format. */
async function lintTfEveryFormat(files: Record<string, string>): Promise<Map<string, string>> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  const dir = scratchDir('synapse-lint-secret-');
  mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const outputs = new Map<string, string>();
  for (const format of ['text', 'sarif', 'json', 'github', 'markdown']) {
    let out = '';
    await run([dir, '-f', format, '--fail-on', 'never'], { stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd: dir });
    outputs.set(format, out);
  }
  return outputs;
}

describe('secrets in .tf', () => {
  it('a sensitive variable used as an endpoint name and in a linked service never appears, in any format', async () => {
    const secret = 'synapse-ws-sql--Vault-Entry-77';
    const outputs = await lintTfEveryFormat({
      'main.tf': `variable "mpe_name" {
  type      = string
  sensitive = true
  default   = "${secret}"
}

variable "conn" {
  type      = string
  sensitive = true
  default   = "AccountName=stsecrettf;AccountKey=${SECRETS[2]}"
}

resource "azurerm_synapse_workspace" "ws" {
  name                                 = "ws"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}

resource "azurerm_synapse_managed_private_endpoint" "m" {
  name                 = var.mpe_name
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  target_resource_id   = azurerm_storage_account.x.id
  subresource_name     = "blob"
}

resource "azurerm_synapse_linked_service" "ls" {
  name                 = "ls"
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  type                 = "AzureBlobStorage"
  type_properties_json = jsonencode({ connectionString = var.conn })
}
`,
    });
    for (const [format, out] of outputs) {
      assert.match(out, /SYN208/, `${format}: the rule that would print the name ran`);
      for (const s of [secret, SECRETS[2]!, 'stsecrettf']) assert.ok(!out.includes(s), `${format} output contains ${s}`);
    }
  });

  it('a value computed from a sensitive one never appears: through a function and a local, sensitive(), a sensitive output or a module variable', async () => {
    // Each workspace's tenant list is not a list of UUIDs, so SYN105 would print it.
    const workspace = (name: string, tenants: string): string => `resource "azurerm_synapse_workspace" "${name}" {
  name                                 = "syn-${name}"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
  linking_allowed_for_aad_tenant_ids   = ${tenants}
}
`;
    const outputs = await lintTfEveryFormat({
      'main.tf': `variable "partner_tenants" {
  type      = list(string)
  sensitive = true
  default   = ["contoso-secret-tenant"]
}

locals {
  upper_tenants = [for t in var.partner_tenants : upper(t)]
  formatted     = format("%s-west", var.partner_tenants[0])
}

module "partners" {
  source = "./partners"
  tenant = "northwind-secret-tenant"
}

${workspace('upper', 'local.upper_tenants')}
${workspace('formatted', '[local.formatted]')}
${workspace('marked', '[upper(sensitive("inline-secret-tenant"))]')}
${workspace('output', 'module.partners.tenant_ids')}
${workspace('passed', 'module.partners.passed')}`,
      'partners/main.tf': `variable "tenant" {
  type      = string
  sensitive = true
}

output "tenant_ids" {
  value     = ["fabrikam-secret-tenant"]
  sensitive = true
}

output "passed" {
  value = [lower(var.tenant)]
}
`,
    });
    const secrets = ['contoso-secret-tenant', 'inline-secret-tenant', 'fabrikam-secret-tenant', 'northwind-secret-tenant'];
    const reported = (JSON.parse(outputs.get('json')!) as { ruleId: string; address: string }[]).filter((f) => f.ruleId === 'SYN105').map((f) => f.address);
    assert.deepEqual(reported.sort(), ['formatted', 'marked', 'output', 'passed', 'upper'].map((w) => `azurerm_synapse_workspace.${w}`));
    for (const [format, out] of outputs) {
      for (const s of secrets) for (const form of [s, s.toUpperCase(), `${s}-west`]) assert.ok(!out.includes(form), `${format} output contains ${form}`);
    }
  });
});

describe('redaction', () => {
  it('keeps resource addresses whole in messages, and still hides the secret in the values they name', async () => {
    const outputs = await lintTfEveryFormat({
      'main.tf': `variable "login" {
  type      = string
  sensitive = true
  default   = "synapse"
}

resource "azurerm_synapse_workspace" "ws" {
  name                                 = "syn-prod"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  sql_administrator_login              = var.login
  linking_allowed_for_aad_tenant_ids   = ["\${var.login}-tenant"]
}
`,
    });
    const findings = JSON.parse(outputs.get('json')!) as { ruleId: string; message: string }[];
    const message = (id: string): string => findings.find((f) => f.ruleId === id)?.message ?? '';
    assert.match(message('SYN105'), /^azurerm_synapse_workspace\.ws: linking_allowed_for_aad_tenant_ids has \(sensitive value\),/);
    for (const [format, out] of outputs) assert.doesNotMatch(out, /synapse-tenant/, format);
  });

  it('replaces every secret, overlapping or repeated, in one pass', async () => {
    const { Redactor, REDACTED } = await import('../src/engine/redact.js');
    const r = new Redactor(['hunter22', 'er22x', 'päss😀word', 'abc', 'abcdef']);
    assert.equal(r.redact('pw hunter22x and hunter22'), `pw ${REDACTED} and ${REDACTED}`);
    assert.equal(r.redact('a päss😀word b'), `a ${REDACTED} b`);
    assert.equal(r.redact('abc stays, abcdef goes'), `abc stays, ${REDACTED} goes`);
    assert.equal(r.redact('nothing here'), 'nothing here');
    assert.equal(new Redactor([]).redact('x'), 'x');
  });

  it('finds secrets like a substring search does (fast-check)', async () => {
    const { Redactor, REDACTED } = await import('../src/engine/redact.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 4, maxLength: 8, unit: fc.constantFrom('a', 'b', 'c') }), { maxLength: 5 }), fc.string({ maxLength: 40, unit: fc.constantFrom('a', 'b', 'c', ' ') }), (secrets, text) => {
        const out = new Redactor(secrets).redact(text);
        for (const s of secrets) assert.ok(!out.replaceAll(REDACTED, '\u0000').includes(s), `${s} left in ${out}`);
        if (!secrets.some((s) => text.includes(s))) assert.equal(out, text);
      }),
      { numRuns: 500, seed: 99 },
    );
  });

  it('finds secrets with characters outside the BMP and leaves other text whole (fast-check)', async () => {
    const { Redactor, REDACTED } = await import('../src/engine/redact.js');
    const fc = (await import('fast-check')).default;
    const unit = fc.constantFrom('a', 'ä', '😀', '😁', ' ');
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 2, maxLength: 6, unit }), { maxLength: 4 }), fc.string({ maxLength: 30, unit }), (secrets, text) => {
        const kept = secrets.filter((s) => s.length >= 4);
        const out = new Redactor(secrets).redact(text);
        for (const s of kept) assert.ok(!out.replaceAll(REDACTED, '\u0000').includes(s), `${s} left in ${out}`);
        if (!kept.some((s) => text.includes(s))) assert.equal(out, text);
        // Whole characters only: no surrogate half is left behind by a cut.
        assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out), `split pair in ${JSON.stringify(out)}`);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
