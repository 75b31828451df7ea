/** The .tf position index: every range is checked against the text it was scanned from. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { resourceBlockKey, resourceBlocks, scanPositions, type AttributePos, type BlockPos, type FilePositions, type Pos, type Range } from '../src/load/hcl/positions.js';

/** The project root, found from this file (dist/test) or, when compiled elsewhere, from the working directory. */
function projectRoot(): string {
  for (const from of [import.meta.dirname, process.cwd()]) {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const pkg = path.join(dir, 'package.json');
      if (existsSync(pkg)) {
        try {
          if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'synapse-lint') return dir;
        } catch {
          // Not ours: keep walking up.
        }
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('the synapse-lint project root was not found');
}

const SEED_BLOG = path.join(projectRoot(), 'examples/seed-blog/main.tf');

// ---------------------------------------------------------------------------------------------------------------
// Checks against the text

const slice = (text: string, r: Range): string => text.slice(r.start.offset, r.end.offset);

/** Line and column of every offset, worked out the plain way, to compare each Pos with. */
function oracle(text: string): (offset: number) => { line: number; column: number } {
  const line = new Uint32Array(text.length + 1);
  const lineStart = new Uint32Array(text.length + 1);
  let l = 1;
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    line[i] = l;
    lineStart[i] = s;
    if (text[i] === '\n') {
      l++;
      s = i + 1;
    }
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return (offset) => {
    const ln = line[offset] ?? 0;
    const column = offset - (lineStart[offset] ?? 0) + 1 - (bom && ln === 1 && offset > 0 ? 1 : 0);
    return { line: ln, column };
  };
}

function checkPos(text: string, at: ReturnType<typeof oracle>, p: Pos, what: string): void {
  assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length, `${what}: offset ${p.offset} out of the text`);
  assert.deepEqual({ line: p.line, column: p.column }, at(p.offset), `${what}: line/column disagree with offset ${p.offset}`);
}

function checkRange(text: string, at: ReturnType<typeof oracle>, r: Range, what: string): void {
  checkPos(text, at, r.start, `${what} start`);
  checkPos(text, at, r.end, `${what} end`);
  assert.ok(r.start.offset <= r.end.offset, `${what}: start after end`);
}

const within = (inner: Range, outer: Range): boolean => inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v' || c === '\f';

/** Invariants that hold for any input, well-formed or not. Iterative: fuzz inputs nest deeply. */
function checkFile(text: string, fp: FilePositions): void {
  const at = oracle(text);
  let prev = 0;
  for (const c of fp.comments) {
    const what = `comment ${JSON.stringify(c.text)}`;
    checkRange(text, at, c.range, what);
    assert.ok(c.range.start.offset >= prev, `${what}: comments out of order or overlapping`);
    prev = c.range.end.offset;
    const raw = slice(text, c.range);
    assert.ok(raw.startsWith(c.style), `${what}: does not start with ${c.style}`);
    const inner = c.style === '#' ? raw.slice(1) : c.style === '//' ? raw.slice(2) : raw.length >= 4 && raw.endsWith('*/') ? raw.slice(2, -2) : raw.slice(2);
    assert.equal(c.text, inner.trim(), `${what}: text is not the trimmed comment body`);
    if (c.style !== '/*')
      assert.ok(!raw.includes('\n') && !(raw.endsWith('\r') && text[c.range.end.offset] === '\n'), `${what}: a line comment takes in its line break`);
  }
  const whole: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 0, column: 0, offset: text.length } };
  const todo: { attributes: ReadonlyMap<string, AttributePos>; blocks: readonly BlockPos[]; range: Range; where: string }[] = [
    { attributes: fp.attributes, blocks: fp.blocks, range: whole, where: 'file' },
  ];
  for (let body = todo.pop(); body !== undefined; body = todo.pop()) {
    for (const [name, a] of body.attributes) {
      const what: string = `${body.where} attribute ${name}`;
      assert.equal(a.name, name);
      checkRange(text, at, a.range, what);
      checkRange(text, at, a.nameRange, `${what} name`);
      checkRange(text, at, a.valueRange, `${what} value`);
      assert.equal(slice(text, a.nameRange), name, `${what}: name range`);
      assert.equal(a.range.start.offset, a.nameRange.start.offset, `${what}: range starts at the name`);
      assert.equal(a.range.end.offset, a.valueRange.end.offset, `${what}: range ends with the value`);
      assert.ok(a.valueRange.start.offset > a.nameRange.end.offset, `${what}: value before the =`);
      assert.ok(within(a.range, body.range), `${what}: outside its block`);
      const v = slice(text, a.valueRange);
      assert.ok(!isBlank(v[0]) && !isBlank(v[v.length - 1]), `${what}: value not trimmed: ${JSON.stringify(v)}`);
      assert.ok(
        /^\s*=$/.test(
          text
            .slice(a.nameRange.end.offset, a.valueRange.start.offset)
            .replace(/\/\*[^]*?\*\//g, '')
            .trimEnd(),
        ),
        `${what}: no = between name and value`,
      );
    }
    let last = body.range.start.offset;
    for (const b of body.blocks) {
      const what: string = `${body.where} > ${[b.type, ...b.labels].join(' ')}`;
      checkRange(text, at, b.range, what);
      checkRange(text, at, b.typeRange, `${what} type`);
      assert.equal(slice(text, b.typeRange), b.type, `${what}: type range`);
      assert.equal(b.range.start.offset, b.typeRange.start.offset, `${what}: range starts at the type`);
      assert.ok(b.range.end.offset === text.length || text[b.range.end.offset - 1] === '}', `${what}: range does not end with }`);
      assert.ok(within(b.range, body.range), `${what}: outside its parent`);
      assert.ok(b.range.start.offset >= last, `${what}: blocks out of order or overlapping`);
      last = b.range.end.offset;
      todo.push({ attributes: b.attributes, blocks: b.blocks, range: b.range, where: what });
    }
  }
}

function scan(text: string): FilePositions {
  const fp = scanPositions(text);
  checkFile(text, fp);
  return fp;
}

function block(parent: FilePositions | BlockPos, type: string, ...labels: string[]): BlockPos {
  const found = parent.blocks.filter((b) => b.type === type && labels.every((l, i) => b.labels[i] === l));
  assert.equal(found.length, 1, `expected one ${type} ${labels.join(' ')}, found ${found.length}`);
  return found[0]!;
}

function attr(parent: FilePositions | BlockPos, name: string): AttributePos {
  const a = parent.attributes.get(name);
  assert.ok(a, `attribute ${name} not found among ${[...parent.attributes.keys()].join(', ')}`);
  return a;
}

const heads = (blocks: readonly BlockPos[]): string[] => blocks.map((b) => [b.type, ...b.labels].join(' '));

/** Every range of a scan, flattened in a fixed order with a key naming what it is. */
function flatten(fp: FilePositions): { key: string; range: Range }[] {
  const out: { key: string; range: Range }[] = [];
  const todo: { where: string; attributes: ReadonlyMap<string, AttributePos>; blocks: readonly BlockPos[] }[] = [{ where: '', ...fp }];
  for (let body = todo.shift(); body !== undefined; body = todo.shift()) {
    for (const [name, a] of body.attributes) {
      out.push(
        { key: `${body.where}.${name}`, range: a.range },
        { key: `${body.where}.${name}#name`, range: a.nameRange },
        { key: `${body.where}.${name}#value`, range: a.valueRange },
      );
    }
    body.blocks.forEach((b, i) => {
      const where = `${body.where}/${i}:${[b.type, ...b.labels].join(' ')}`;
      out.push({ key: where, range: b.range }, { key: `${where}#type`, range: b.typeRange });
      todo.push({ where, attributes: b.attributes, blocks: b.blocks });
    });
  }
  fp.comments.forEach((c, i) => out.push({ key: `comment ${i} ${c.style} ${c.text}`, range: c.range }));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures, written as parts so that each block's exact text is known

const HEADER = `# Root module for the analytics platform.
// Owned by the data team.
/* Reviewed: 2024-05-01 */

terraform {
  required_version = ">= 1.6"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}`;

const VAR_NETWORK = `variable "network" {
  description = "Network settings; braces { and } and # and // are text here = \\"quoted\\""
  type = object({
    address_space = list(string)
    subnets = map(object({
      cidr              = string
      service_endpoints = optional(list(string), [])
    }))
  })
  default = {
    address_space = ["10.0.0.0/16"]
    subnets = {
      data = { cidr = "10.0.1.0/24", service_endpoints = ["Microsoft.Storage"] }
    }
  }

  validation {
    condition     = length(var.network.address_space) >= 1 && alltrue([for s in values(var.network.subnets) : can(cidrhost(s.cidr, 0))])
    error_message = "At least one address space; every subnet needs a valid CIDR."
  }
}`;

const VAR_TAGS = `variable "tags" {
  type    = map(string)
  default = {}
}`;

const LOCALS = `locals {
  prefix     = "\${var.env}-\${lookup({ a = "}", b = "{" }, "a", "x")}"
  subnet_ids = { for k, v in azurerm_subnet.this : k => v.id if v.name != "" }
  names = [
    for s in var.storage_accounts : lower(s.name) # trailing comment in a list
  ]
  flag      = var.instances == 1 ? "one" : "many"
  literal   = "$\${not_interp} and %%{not_directive} \\\\ \\u00e9 \\n"
  directive = "%{ if var.enabled }on%{ else }off%{ endif }"
  escaped   = "$\${ and %%{ are literal: no closing brace"
  merged = merge(
    var.tags,
    {
      owner = "data" // inline comment in an object
    },
  )
}`;

const IGNORE_ABOVE = `# synapse-lint-ignore SYN301 reason: reached through the workspace's managed private endpoint`;

const STORAGE = `resource "azurerm_storage_account" "data" {
  name                     = "stdata\${var.env}"
  resource_group_name      = azurerm_resource_group.this.name
  account_tier             = "Standard"
  account_replication_type = "LRS"
  is_hns_enabled           = true

  identity { type = "SystemAssigned" }

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
    ip_rules = [
      "203.0.113.0/24", # office
      "198.51.100.7",
    ]
  }

  tags = merge(var.tags, {
    purpose = "lake"
  })
}`;

const WORKSPACE = `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-\${var.env}"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  # synapse-lint-ignore SYN302 reason: exfiltration protection is enforced by policy
  data_exfiltration_protection_enabled = false
  sql_administrator_login_password     = var.sql_password /* from Key Vault */

  identity {
    type = "SystemAssigned"
  }

  dynamic "aad_admin" {
    for_each = var.aad_admin == null ? [] : [var.aad_admin]
    content {
      login     = aad_admin.value.login
      object_id = aad_admin.value.object_id
      tenant_id = data.azurerm_client_config.current.tenant_id
    }
  }

  lifecycle { ignore_changes = [tags["created"]] }
}`;

const ENDPOINTS = `resource "azurerm_synapse_managed_private_endpoint" "this" {
  for_each = {
    for name, target in local.targets : name => target
    if target.enabled
  }
  name                 = "pe-\${each.key}"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = each.value.id
  subresource_name     = each.value.subresource
}`;

const HEREDOC_COMMAND = `<<-EOT
      # approve the pending connection { not a block }
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.data.id} \\
        --query "[?properties.privateLinkServiceConnectionState.status=='Pending'].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "ok" // done
      echo "\${azurerm_synapse_workspace.this.name} }" # trailing brace $\${HOME %%{
      echo "\${jsonencode({ a = "}" })}" /* not a comment */
    EOT`;

const APPROVE = `resource "null_resource" "approve" {
  triggers = { endpoint = azurerm_synapse_managed_private_endpoint.this["blob"].id }

  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = ${HEREDOC_COMMAND}
  }
}`;

const POLICY_RULE = `<<POLICY
{
  "if": { "field": "publicNetworkAccess", "equals": "Enabled" },
  "then": { "effect": "deny" }
}
POLICY`;

const POLICY = `resource "azurerm_policy_definition" "deny" {
  name         = "deny-public"
  policy_type  = "Custom"
  mode         = "All"
  display_name = "Deny public network access"
  policy_rule  = ${POLICY_RULE}
  metadata = jsonencode({ category = "Network" })
}`;

const MODULES = `module "network" {
  source  = "./modules/network"
  name    = "\${local.prefix}-vnet"
  subnets = var.network.subnets
  providers = {
    azurerm = azurerm.hub
  }
  depends_on = [azurerm_synapse_workspace.this]
}

module "monitoring" {
  source = "git::https://example.com/monitoring.git?ref=v1.2.0" # pinned
}`;

const OUTPUT = `output "workspace_url" {
  value       = "https://\${azurerm_synapse_workspace.this.name}.dev.azuresynapse.net"
  description = <<EOT
The workspace's development endpoint.
EOT
  sensitive = false
}`;

const ONE_LINERS = `locals { y = "x" }
data "azurerm_client_config" "current" {}
resource "azurerm_role_assignment" "reader" { principal_id = azurerm_synapse_workspace.this.identity[0].principal_id }`;

const ROOT =
  [HEADER, VAR_NETWORK, VAR_TAGS, LOCALS, `${IGNORE_ABOVE}\n${STORAGE}`, WORKSPACE, ENDPOINTS, APPROVE, POLICY, MODULES, OUTPUT, ONE_LINERS].join('\n\n') +
  '\n';

const TFVARS = `# Production values
env      = "prod"
location = "westeurope" // primary region
tags = {
  owner       = "data"
  cost_center = "1234"
}
allowed_ips = [
  "203.0.113.0/24",
  "198.51.100.7", /* office */
]
sql_password   = "p#ss//word{}"
startup_script = <<-EOT
  echo "\${upper("x")} }"
  EOT
enabled = true
env     = "duplicate"
`;

// ---------------------------------------------------------------------------------------------------------------

describe('scanPositions on a root module', () => {
  const fp = scan(ROOT);
  const offsetOf = (part: string): number => {
    const i = ROOT.indexOf(part);
    assert.ok(i >= 0 && ROOT.indexOf(part, i + 1) < 0, 'fixture part not found once');
    return i;
  };

  it('finds the top-level blocks in source order, labels unquoted', () => {
    assert.deepEqual(heads(fp.blocks), [
      'terraform',
      'variable network',
      'variable tags',
      'locals',
      'resource azurerm_storage_account data',
      'resource azurerm_synapse_workspace this',
      'resource azurerm_synapse_managed_private_endpoint this',
      'resource null_resource approve',
      'resource azurerm_policy_definition deny',
      'module network',
      'module monitoring',
      'output workspace_url',
      'locals',
      'data azurerm_client_config current',
      'resource azurerm_role_assignment reader',
    ]);
    assert.equal(fp.attributes.size, 0);
  });

  it('gives each block exactly its text, with the range offsets, lines and columns of the text', () => {
    for (const [part, b] of [
      [VAR_NETWORK, block(fp, 'variable', 'network')],
      [VAR_TAGS, block(fp, 'variable', 'tags')],
      [LOCALS, fp.blocks[3]!],
      [STORAGE, block(fp, 'resource', 'azurerm_storage_account')],
      [WORKSPACE, block(fp, 'resource', 'azurerm_synapse_workspace')],
      [ENDPOINTS, block(fp, 'resource', 'azurerm_synapse_managed_private_endpoint')],
      [APPROVE, block(fp, 'resource', 'null_resource')],
      [POLICY, block(fp, 'resource', 'azurerm_policy_definition')],
      [OUTPUT, block(fp, 'output')],
    ] as const) {
      assert.equal(slice(ROOT, b.range), part);
      const start = offsetOf(part);
      assert.equal(b.range.start.offset, start);
      assert.equal(b.range.start.line, ROOT.slice(0, start).split('\n').length);
      assert.equal(b.range.start.column, 1);
      assert.equal(b.range.end.line, b.range.start.line + part.split('\n').length - 1);
      assert.equal(b.range.end.column, 2);
    }
    assert.equal(slice(ROOT, block(fp, 'terraform').range), HEADER.slice(HEADER.indexOf('terraform {')));
    assert.equal(slice(ROOT, block(fp, 'module', 'network').range), MODULES.slice(0, MODULES.indexOf('\n\nmodule "monitoring"')));
  });

  it('reads nested blocks, and not the objects and for-expressions inside values', () => {
    const tf = block(fp, 'terraform');
    assert.deepEqual([...tf.attributes.keys()], ['required_version']);
    const rp = block(tf, 'required_providers');
    assert.deepEqual([...rp.attributes.keys()], ['azurerm']);
    assert.deepEqual(rp.blocks, []);
    assert.equal(slice(ROOT, attr(rp, 'azurerm').valueRange), '{\n      source  = "hashicorp/azurerm"\n      version = "~> 4.0"\n    }');

    const network = block(fp, 'variable', 'network');
    assert.deepEqual([...network.attributes.keys()], ['description', 'type', 'default']);
    assert.deepEqual(heads(network.blocks), ['validation']);
    assert.ok(slice(ROOT, attr(network, 'type').valueRange).startsWith('object({') && slice(ROOT, attr(network, 'type').valueRange).endsWith('})'));
    assert.equal(slice(ROOT, attr(block(network, 'validation'), 'error_message').valueRange), '"At least one address space; every subnet needs a valid CIDR."');
    assert.equal(slice(ROOT, attr(network, 'description').valueRange), '"Network settings; braces { and } and # and // are text here = \\"quoted\\""');

    const locals = fp.blocks[3]!;
    assert.deepEqual([...locals.attributes.keys()], ['prefix', 'subnet_ids', 'names', 'flag', 'literal', 'directive', 'escaped', 'merged']);
    assert.equal(slice(ROOT, attr(locals, 'escaped').valueRange), '"$${ and %%{ are literal: no closing brace"');
    assert.equal(slice(ROOT, attr(locals, 'prefix').valueRange), '"${var.env}-${lookup({ a = "}", b = "{" }, "a", "x")}"');
    assert.equal(slice(ROOT, attr(locals, 'subnet_ids').valueRange), '{ for k, v in azurerm_subnet.this : k => v.id if v.name != "" }');
    assert.equal(slice(ROOT, attr(locals, 'names').valueRange), '[\n    for s in var.storage_accounts : lower(s.name) # trailing comment in a list\n  ]');
    assert.equal(slice(ROOT, attr(locals, 'flag').valueRange), 'var.instances == 1 ? "one" : "many"');
    assert.equal(slice(ROOT, attr(locals, 'literal').valueRange), '"$${not_interp} and %%{not_directive} \\\\ \\u00e9 \\n"');
    assert.equal(slice(ROOT, attr(locals, 'directive').valueRange), '"%{ if var.enabled }on%{ else }off%{ endif }"');
    assert.ok(slice(ROOT, attr(locals, 'merged').valueRange).startsWith('merge(\n'));
    assert.ok(slice(ROOT, attr(locals, 'merged').valueRange).endsWith('},\n  )'));

    const storage = block(fp, 'resource', 'azurerm_storage_account', 'data');
    assert.deepEqual([...storage.attributes.keys()], ['name', 'resource_group_name', 'account_tier', 'account_replication_type', 'is_hns_enabled', 'tags']);
    assert.deepEqual(heads(storage.blocks), ['identity', 'network_rules']);
    assert.equal(slice(ROOT, attr(storage, 'name').range), 'name                     = "stdata${var.env}"');
    assert.equal(slice(ROOT, attr(storage, 'tags').valueRange), 'merge(var.tags, {\n    purpose = "lake"\n  })');
    const rules = block(storage, 'network_rules');
    assert.deepEqual([...rules.attributes.keys()], ['default_action', 'bypass', 'ip_rules']);
    assert.equal(slice(ROOT, attr(rules, 'ip_rules').valueRange), '[\n      "203.0.113.0/24", # office\n      "198.51.100.7",\n    ]');

    const endpoints = block(fp, 'resource', 'azurerm_synapse_managed_private_endpoint');
    assert.deepEqual([...endpoints.attributes.keys()], ['for_each', 'name', 'synapse_workspace_id', 'target_resource_id', 'subresource_name']);
    assert.equal(slice(ROOT, attr(endpoints, 'for_each').valueRange), '{\n    for name, target in local.targets : name => target\n    if target.enabled\n  }');

    const mod = block(fp, 'module', 'network');
    assert.deepEqual([...mod.attributes.keys()], ['source', 'name', 'subnets', 'providers', 'depends_on']);
    assert.deepEqual(mod.blocks, []);
    assert.equal(slice(ROOT, attr(block(fp, 'module', 'monitoring'), 'source').valueRange), '"git::https://example.com/monitoring.git?ref=v1.2.0"');
  });

  it('reads dynamic blocks with their content block', () => {
    const ws = block(fp, 'resource', 'azurerm_synapse_workspace', 'this');
    assert.deepEqual(heads(ws.blocks), ['identity', 'dynamic aad_admin', 'lifecycle']);
    const dyn = block(ws, 'dynamic', 'aad_admin');
    assert.deepEqual([...dyn.attributes.keys()], ['for_each']);
    assert.equal(slice(ROOT, attr(dyn, 'for_each').valueRange), 'var.aad_admin == null ? [] : [var.aad_admin]');
    const content = block(dyn, 'content');
    assert.deepEqual([...content.attributes.keys()], ['login', 'object_id', 'tenant_id']);
    assert.equal(slice(ROOT, content.range), WORKSPACE.slice(WORKSPACE.indexOf('content {'), WORKSPACE.indexOf('    }\n  }') + 5));
    assert.ok(within(content.range, dyn.range) && within(dyn.range, ws.range));
    // A trailing /* */ comment is not part of the value.
    assert.equal(slice(ROOT, attr(ws, 'sql_administrator_login_password').valueRange), 'var.sql_password');
  });

  it('ends a heredoc value at its closing marker, whatever the body holds', () => {
    const prov = block(block(fp, 'resource', 'null_resource', 'approve'), 'provisioner', 'local-exec');
    assert.deepEqual([...prov.attributes.keys()], ['interpreter', 'command']);
    const command = attr(prov, 'command');
    assert.equal(slice(ROOT, command.valueRange), HEREDOC_COMMAND);
    assert.equal(command.valueRange.end.column, '    EOT'.length + 1);
    assert.equal(command.valueRange.end.line, command.valueRange.start.line + HEREDOC_COMMAND.split('\n').length - 1);
    assert.equal(slice(ROOT, prov.range), APPROVE.slice(APPROVE.indexOf('provisioner'), APPROVE.lastIndexOf('  }') + 3));

    const policy = block(fp, 'resource', 'azurerm_policy_definition');
    assert.equal(slice(ROOT, attr(policy, 'policy_rule').valueRange), POLICY_RULE);
    assert.equal(slice(ROOT, attr(policy, 'metadata').valueRange), 'jsonencode({ category = "Network" })');
    const output = block(fp, 'output');
    assert.deepEqual([...output.attributes.keys()], ['value', 'description', 'sensitive']);
    assert.equal(slice(ROOT, attr(output, 'description').valueRange), "<<EOT\nThe workspace's development endpoint.\nEOT");
  });

  it('reads one-line blocks', () => {
    const storage = block(fp, 'resource', 'azurerm_storage_account', 'data');
    const identity = block(storage, 'identity');
    assert.equal(slice(ROOT, identity.range), 'identity { type = "SystemAssigned" }');
    assert.equal(slice(ROOT, attr(identity, 'type').range), 'type = "SystemAssigned"');
    const ws = block(fp, 'resource', 'azurerm_synapse_workspace', 'this');
    assert.equal(slice(ROOT, attr(block(ws, 'lifecycle'), 'ignore_changes').valueRange), '[tags["created"]]');
    const oneLocals = fp.blocks[12]!;
    assert.equal(slice(ROOT, oneLocals.range), 'locals { y = "x" }');
    assert.equal(slice(ROOT, attr(oneLocals, 'y').valueRange), '"x"');
    const data = block(fp, 'data', 'azurerm_client_config', 'current');
    assert.equal(slice(ROOT, data.range), 'data "azurerm_client_config" "current" {}');
    assert.equal(data.attributes.size, 0);
    const ra = block(fp, 'resource', 'azurerm_role_assignment', 'reader');
    assert.equal(slice(ROOT, attr(ra, 'principal_id').valueRange), 'azurerm_synapse_workspace.this.identity[0].principal_id');
    assert.equal(ra.range.end.offset, ROOT.length - 1);
  });

  it('finds every comment of the three styles, and none inside strings or heredocs', () => {
    assert.deepEqual(
      fp.comments.map((c) => [c.style, c.text]),
      [
        ['#', 'Root module for the analytics platform.'],
        ['//', 'Owned by the data team.'],
        ['/*', 'Reviewed: 2024-05-01'],
        ['#', 'trailing comment in a list'],
        ['//', 'inline comment in an object'],
        ['#', "synapse-lint-ignore SYN301 reason: reached through the workspace's managed private endpoint"],
        ['#', 'office'],
        ['#', 'synapse-lint-ignore SYN302 reason: exfiltration protection is enforced by policy'],
        ['/*', 'from Key Vault'],
        ['#', 'pinned'],
      ],
    );
    for (const c of fp.comments) assert.equal(slice(ROOT, c.range), ROOT.slice(c.range.start.offset, c.range.end.offset));
    assert.equal(slice(ROOT, fp.comments[2]!.range), '/* Reviewed: 2024-05-01 */');
  });

  it('places ignore comments above a block and inside one', () => {
    const above = fp.comments.find((c) => c.text.startsWith('synapse-lint-ignore SYN301'));
    assert.ok(above);
    assert.equal(slice(ROOT, above.range), IGNORE_ABOVE);
    const storage = block(fp, 'resource', 'azurerm_storage_account', 'data');
    assert.equal(above.range.end.line + 1, storage.range.start.line);
    assert.equal(above.range.start.column, 1);

    const inside = fp.comments.find((c) => c.text.startsWith('synapse-lint-ignore SYN302'));
    assert.ok(inside);
    const ws = block(fp, 'resource', 'azurerm_synapse_workspace', 'this');
    assert.ok(within(inside.range, ws.range));
    const dep = attr(ws, 'data_exfiltration_protection_enabled');
    assert.equal(inside.range.start.line + 1, dep.range.start.line);
    assert.equal(inside.range.start.column, dep.range.start.column);
    assert.equal(slice(ROOT, dep.valueRange), 'false');
  });
});

describe('scanPositions on line endings, BOM, tabs and astral characters', () => {
  const lf = scanPositions(ROOT);

  it('gives CRLF text the same lines and columns, offsets shifted by the CRs before', () => {
    const crlf = ROOT.replace(/\n/g, '\r\n');
    const a = flatten(lf);
    const b = flatten(scan(crlf));
    assert.deepEqual(
      b.map((e) => e.key),
      a.map((e) => e.key),
    );
    a.forEach((e, i) => {
      const r = b[i]!.range;
      for (const [p, q] of [
        [e.range.start, r.start],
        [e.range.end, r.end],
      ] as const) {
        assert.equal(q.line, p.line, e.key);
        assert.equal(q.column, p.column, e.key);
        assert.equal(q.offset, p.offset + p.line - 1, e.key);
      }
    });
    const c = scanPositions(crlf).comments[0]!;
    assert.equal(slice(crlf, c.range), '# Root module for the analytics platform.');
  });

  it('does not count a BOM as a column', () => {
    const withBom = `\uFEFF${ROOT}`;
    const a = flatten(lf);
    const b = flatten(scan(withBom));
    assert.deepEqual(
      b.map((e) => e.key),
      a.map((e) => e.key),
    );
    a.forEach((e, i) => {
      const r = b[i]!.range;
      assert.deepEqual(r.start, { ...e.range.start, offset: e.range.start.offset + 1 }, e.key);
      assert.deepEqual(r.end, { ...e.range.end, offset: e.range.end.offset + 1 }, e.key);
    });
    const first = scan('\uFEFFx = 1\n');
    assert.deepEqual(attr(first, 'x').range.start, { line: 1, column: 1, offset: 1 });
    assert.deepEqual(attr(first, 'x').valueRange.end, { line: 1, column: 6, offset: 6 });
  });

  it('counts a tab as one column and an astral character as two', () => {
    const text = 'resource "x" "\u{1F600}" {\n\tname\t= "\u{1F600}\u{1F600}" # ok\n  other = "\\U0001F600 \\u00e9"\n}\n';
    const fp = scan(text);
    const r = block(fp, 'resource', 'x');
    assert.deepEqual(r.labels, ['x', '\u{1F600}']);
    assert.deepEqual(attr(r, 'name').nameRange.start, { line: 2, column: 2, offset: text.indexOf('name') });
    assert.equal(attr(r, 'name').valueRange.start.column, 9);
    assert.equal(attr(r, 'name').valueRange.end.column, 15);
    const c = fp.comments[0]!;
    assert.deepEqual([c.range.start.line, c.range.start.column, c.range.end.column], [2, 16, 20]);
    assert.equal(attr(r, 'other').valueRange.end.column, '  other = "\\U0001F600 \\u00e9"'.length + 1);
  });

  it('unquotes labels the JSON way, keeping bare identifiers as written', () => {
    const fp = scan('block "a\\"b\\\\c\\u00e9" bare-label "\\U0001F600" {\n}\n');
    assert.deepEqual(fp.blocks[0]!.labels, ['a"b\\c\u00e9', 'bare-label', '\\U0001F600']);
  });
});

describe('scanPositions on other shapes', () => {
  it('reads a .tfvars file of top-level attributes, keeping the first of duplicates', () => {
    const fp = scan(TFVARS);
    assert.deepEqual(fp.blocks, []);
    assert.deepEqual([...fp.attributes.keys()], ['env', 'location', 'tags', 'allowed_ips', 'sql_password', 'startup_script', 'enabled']);
    assert.equal(slice(TFVARS, attr(fp, 'env').range), 'env      = "prod"');
    assert.equal(attr(fp, 'env').range.start.line, 2);
    assert.equal(slice(TFVARS, attr(fp, 'tags').valueRange), '{\n  owner       = "data"\n  cost_center = "1234"\n}');
    assert.equal(slice(TFVARS, attr(fp, 'allowed_ips').valueRange), '[\n  "203.0.113.0/24",\n  "198.51.100.7", /* office */\n]');
    assert.equal(slice(TFVARS, attr(fp, 'sql_password').valueRange), '"p#ss//word{}"');
    assert.equal(slice(TFVARS, attr(fp, 'startup_script').valueRange), '<<-EOT\n  echo "${upper("x")} }"\n  EOT');
    assert.deepEqual(attr(fp, 'enabled').valueRange.start, { line: 16, column: 11, offset: TFVARS.indexOf('true') });
    assert.deepEqual(
      fp.comments.map((c) => c.text),
      ['Production values', 'primary region', 'office'],
    );
  });

  it('does not take ==, >=, <=, != or => for an assignment', () => {
    const text = `check "health" {
  assert {
    condition     = var.a >= 1 && var.b <= 2 && var.c != 3 && var.d == 4
    error_message = "bad"
  }
  count == 1
  other => 2
  ok = { for k, v in var.m : k => v if v >= 0 }
}
`;
    const fp = scan(text);
    const check = block(fp, 'check', 'health');
    assert.deepEqual([...check.attributes.keys()], ['ok']);
    assert.equal(slice(text, attr(block(check, 'assert'), 'condition').valueRange), 'var.a >= 1 && var.b <= 2 && var.c != 3 && var.d == 4');
  });

  it('reads the seed-blog example from disk', () => {
    const text = readFileSync(SEED_BLOG, 'utf8');
    const fp = scan(text);
    assert.equal(fp.blocks[0]?.type, 'terraform');
    const resources = fp.blocks.filter((b) => b.type === 'resource');
    assert.ok(resources.length >= 8);
    for (const r of resources) {
      assert.equal(r.labels.length, 2);
      const header = `resource "${r.labels[0]}" "${r.labels[1]}" {`;
      assert.equal(r.range.start.offset, text.indexOf(header), header);
      assert.equal(r.range.start.line, text.slice(0, r.range.start.offset).split('\n').length);
      assert.ok(slice(text, r.range).endsWith('\n}'));
      for (const a of r.attributes.values()) {
        // An attribute on one line: its range is the line without indentation or trailing comment.
        if (a.range.start.line !== a.range.end.line) continue;
        const line = text.split('\n')[a.range.start.line - 1]!;
        assert.equal(slice(text, a.range), line.replace(/\s+#.*$/, '').trim());
      }
    }
    const required = block(block(fp, 'terraform'), 'required_providers');
    assert.deepEqual([...required.attributes.keys()], ['azurerm', 'null']);

    const ws = block(fp, 'resource', 'azurerm_synapse_workspace', 'this');
    const dep = attr(ws, 'data_exfiltration_protection_enabled');
    assert.equal(slice(text, dep.valueRange), 'true');
    const comment = fp.comments.find((c) => c.text === 'This is the key setting');
    assert.ok(comment);
    assert.equal(comment.range.start.line, dep.range.start.line);
    assert.equal(comment.range.start.column, text.split('\n')[dep.range.start.line - 1]!.indexOf('#') + 1);
    const identity = block(ws, 'identity');
    assert.equal(slice(text, attr(identity, 'type').valueRange), '"SystemAssigned"');
    assert.equal(identity.range.start.column, 3);

    const prov = block(block(fp, 'resource', 'null_resource'), 'provisioner', 'local-exec');
    const command = slice(text, attr(prov, 'command').valueRange);
    assert.ok(command.startsWith('<<-EOT\n') && command.endsWith('\n    EOT'));
    assert.ok(command.includes('${azurerm_resource_group.this.name}'));
    assert.ok(fp.comments.every((c) => !within(c.range, attr(prov, 'command').valueRange)));
    assert.ok(fp.comments.some((c) => c.text === "Auto-approval doesn't work for managed private endpoints"));
  });

  it('returns what it recognised from malformed input', () => {
    const unclosed = 'resource "a" "b" {\n  x = 1\n  nested {\n    y = 2\n';
    let fp = scan(unclosed);
    const a = block(fp, 'resource', 'a', 'b');
    assert.equal(a.range.end.offset, unclosed.length);
    assert.equal(block(a, 'nested').range.end.offset, unclosed.length);
    assert.equal(slice(unclosed, attr(block(a, 'nested'), 'y').valueRange), '2');

    fp = scan('a = "abc\nb = 2\n');
    assert.deepEqual([...fp.attributes.keys()], ['a', 'b']);
    assert.equal(slice('a = "abc\nb = 2\n', attr(fp, 'a').valueRange), '"abc');

    const heredoc = 'a = <<EOT\nfoo\nb = 1\n';
    fp = scan(heredoc);
    assert.deepEqual([...fp.attributes.keys()], ['a']);
    assert.equal(slice(heredoc, attr(fp, 'a').valueRange), '<<EOT\nfoo\nb = 1');
    // Trailing white space of an unclosed string or heredoc is not part of the value, even on a line of its own.
    for (const [text, value] of [['a = <<-EOT\n\r \t', '<<-EOT'], ['a = <<EOT\nfoo  \n  \r', '<<EOT\nfoo'], ['a = "abc  \t\r\nb = 1', '"abc'], ['a = "x ${b}  \n', '"x ${b}']]) {
      assert.equal(slice(text!, attr(scan(text!), 'a').valueRange), value, JSON.stringify(text));
    }

    fp = scan('}\nx = 1\n');
    assert.deepEqual([...fp.attributes.keys()], ['x']);

    const paren = 'resource "r" "n" {\n  x = foo(\n}\ny = 1\n';
    fp = scan(paren);
    assert.equal(slice(paren, block(fp, 'resource', 'r').range), 'resource "r" "n" {\n  x = foo(\n}');
    assert.deepEqual([...fp.attributes.keys()], ['y']);

    fp = scan('empty =\nnext = 1\nresource "x"\n{\n}\n');
    assert.deepEqual([...fp.attributes.keys()], ['empty', 'next']);
    assert.equal(attr(fp, 'empty').valueRange.start.offset, 'empty ='.length);
    assert.equal(attr(fp, 'empty').valueRange.end.offset, 'empty ='.length);

    assert.deepEqual(scan(''), { blocks: [], attributes: new Map(), comments: [] });
    assert.deepEqual(scan('\uFEFF').blocks, []);
  });

  it('stays linear and within the stack on adversarial input', () => {
    const n = 100_000;
    const started = performance.now();
    const deep = scan('a {\n'.repeat(n));
    let depth = 0;
    for (let b = deep.blocks[0]; b !== undefined; b = b.blocks[0]) depth++;
    assert.equal(depth, n);
    const closed = `${'a {'.repeat(n)}${'}'.repeat(n)}\nx = 1`;
    assert.equal(slice(closed, scan(closed).blocks[0]!.range), closed.slice(0, -6));
    for (const text of [
      `x = ${'['.repeat(n)}`,
      `x = ${'('.repeat(n)}${']'.repeat(n)}`,
      `x = "${'${'.repeat(n)}`,
      `x = "${'${"'.repeat(n)}`,
      '<<a\n'.repeat(n),
      `x = <<${'A'.repeat(n)}\n${'A'.repeat(n - 1)}\n`.repeat(3),
      `x = <<EOT\n${'${\n'.repeat(n)}`,
      '/*'.repeat(n),
      '"'.repeat(n),
      `r ${'"l" '.repeat(n)}\n`,
      `${'x'.repeat(n)} = ${'#'.repeat(n)}`,
      '\n'.repeat(n),
      '}'.repeat(n),
    ]) {
      scan(text);
    }
    // Quadratic behaviour on inputs this size would take minutes.
    assert.ok(performance.now() - started < 20_000);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generated configurations: the renderer records where each block, attribute and comment went

type Value =
  | { readonly k: 'lit'; readonly s: string }
  | { readonly k: 'list'; readonly items: readonly Value[]; readonly multi: boolean; readonly comment: string | null }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, Value])[]; readonly multi: boolean }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Value[]; readonly multi: boolean }
  | { readonly k: 'heredoc'; readonly flush: boolean; readonly id: string; readonly lines: readonly string[] };

type CommentStyle = '#' | '//' | '/*';
type Comment = readonly [CommentStyle, string];
type Label = { readonly raw: string; readonly value: string; readonly quoted: boolean };

type Item =
  | { readonly k: 'attr'; readonly name: string; readonly value: Value; readonly before: string; readonly after: string; readonly trailing: Comment | null }
  | { readonly k: 'block'; readonly type: string; readonly labels: readonly Label[]; readonly body: readonly Item[]; readonly headerComment: Comment | null }
  | { readonly k: 'oneline'; readonly type: string; readonly labels: readonly Label[]; readonly attr: { readonly name: string; readonly value: Value } | null }
  | { readonly k: 'comment'; readonly comment: Comment; readonly multiline: boolean }
  | { readonly k: 'blank'; readonly ws: string };

interface Config {
  readonly items: readonly Item[];
  readonly crlf: boolean;
  readonly bom: boolean;
  readonly finalNewline: boolean;
}

interface ExpAttr {
  readonly start: number;
  readonly nameEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

interface ExpBody {
  readonly attrs: Map<string, ExpAttr>;
  readonly blocks: ExpBlock[];
}

interface ExpBlock extends ExpBody {
  readonly type: string;
  readonly labels: readonly string[];
  readonly start: number;
  readonly typeEnd: number;
  end: number;
}

interface ExpComment {
  readonly style: CommentStyle;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A piece of text with the value it stands for inside a quoted label. */
const piece = (raw: string, value = raw): fc.Arbitrary<readonly [string, string]> => fc.constant([raw, value] as const);
const CHARS = ['a', 'Z', '0', '_', '-', '.', '/', ' ', '{', '}', '#', '=', '<', '>', "'", '*', '(', ']', 'é', '\u{1F600}'] as const;
const safeChar = fc.constantFrom(...CHARS, '\t');
// No tab in labels: a raw control character is not JSON, and such labels are kept as written.
const labelChar = fc.constantFrom(...CHARS);

const labelArb: fc.Arbitrary<Label> = fc.oneof(
  fc.constantFrom('azurerm_storage_account', 'data', 'this', 'local-exec', 'aad_admin', 'x').map((s) => ({ raw: s, value: s, quoted: false })),
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: labelChar.map((c) => [c, c] as const) },
        piece('\\"', '"'),
        piece('\\\\', '\\'),
        piece('\\n', '\n'),
        piece('\\u00e9', 'é'),
      ),
      {
        maxLength: 8,
      },
    )
    .map((ps) => ({ raw: `"${ps.map((p) => p[0]).join('')}"`, value: ps.map((p) => p[1]).join(''), quoted: true })),
);

const stringLit = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: safeChar },
      fc.constantFrom(
        '\\"',
        '\\\\',
        '\\n',
        '\\u00e9',
        '$${x}',
        '%%{y}',
        '$${',
        '%%{',
        '${var.a}',
        '${ {a = "}"}["a"] }',
        '${"#"}',
        '%{ if var.x }y%{ else }n%{ endif }',
        '//',
        '/*',
      ),
    ),
    { maxLength: 10 },
  )
  .map((ps) => `"${ps.join('')}"`);

const litArb: fc.Arbitrary<Value> = fc
  .oneof(
    stringLit,
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isFinite(d) ? String(d) : '0')),
    fc.constantFrom(
      'true',
      'null',
      'var.x',
      'azurerm_storage_account.data.id',
      'each.value["k"]',
      'local.a[0]',
      '!var.enabled',
      'var.a == 1 ? "x" : "y"',
      'var.a >= var.b',
      'var.a <= 2 && var.b != "}"',
      '[for x in var.list : upper(x)]',
      '{ for k, v in var.map : k => v if v != "" }',
      'a / b',
      '"${lookup({ a = "}" }, "a", "{")}"',
    ),
  )
  .map((s) => ({ k: 'lit', s }));

const commentText = (style: CommentStyle): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom('a', 'b', ' ', '{', '}', '"', '#', '=', '$', '%', 'é', '\u{1F600}', '\t', ...(style === '/*' ? [] : ['*', '/'])), { maxLength: 12 })
    .map((cs) => cs.join(''));
const commentArb: fc.Arbitrary<Comment> = fc.oneof(
  fc.constant('synapse-lint-ignore SYN301 reason').map((t) => ['#', ` ${t}`] as const),
  ...(['#', '//', '/*'] as const).map((style) => commentText(style).map((t) => [style, t] as const)),
);

const heredocArb: fc.Arbitrary<Value> = fc.record({
  k: fc.constant('heredoc' as const),
  flush: fc.boolean(),
  id: fc.constantFrom('EOT', 'POLICY', 'END_OF_TEXT'),
  lines: fc.array(
    fc
      .array(
        fc.oneof(
          { weight: 5, arbitrary: safeChar },
          fc.constantFrom('"', '\\', '${var.a}', '$${x}', '$${', '%%{', '%{ if true }x%{ endif }', '//', '/* ', 'EOT', '}'),
        ),
        { maxLength: 10 },
      )
      .map((ps) => ps.join('')),
    { maxLength: 4 },
  ),
});

const { entry: entryArb } = fc.letrec<{ value: Value; entry: Value }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'value' },
    { weight: 4, arbitrary: litArb },
    fc.record({ k: fc.constant('list' as const), items: fc.array(tie('value'), { maxLength: 3 }), multi: fc.boolean(), comment: fc.option(commentText('#')) }),
    fc.record({
      k: fc.constant('obj' as const),
      entries: fc.array(fc.tuple(fc.constantFrom('a', 'key', '"quoted key"', 'for_each'), tie('entry')), { maxLength: 3 }),
      multi: fc.boolean(),
    }),
    fc.record({
      k: fc.constant('call' as const),
      fn: fc.constantFrom('merge', 'jsonencode', 'lookup'),
      args: fc.array(tie('value'), { maxLength: 3 }),
      multi: fc.boolean(),
    }),
  ),
  entry: fc.oneof({ weight: 5, arbitrary: tie('value') }, heredocArb),
}));

const names = fc.constantFrom('name', 'type', 'tags', 'count', 'for_each', 'default', 'command', 'value', 'a-b', 'enabled');
const types = fc.constantFrom('resource', 'module', 'variable', 'locals', 'provisioner', 'identity', 'dynamic', 'content', 'network_rules', 'lifecycle');

const { items: itemsArb } = fc.letrec<{ items: Item[]; item: Item }>((tie) => ({
  items: fc.array(tie('item'), { maxLength: 5 }),
  item: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'block' },
    {
      weight: 4,
      arbitrary: fc.record({
        k: fc.constant('attr' as const),
        name: names,
        value: entryArb,
        before: fc.constantFrom(' ', '', '    ', '\t'),
        after: fc.constantFrom(' ', '', '  '),
        trailing: fc.option(commentArb),
      }),
    },
    fc.record({ k: fc.constant('comment' as const), comment: commentArb, multiline: fc.boolean() }),
    fc.record({ k: fc.constant('blank' as const), ws: fc.constantFrom('', '  ', '\t') }),
    fc.record({
      k: fc.constant('oneline' as const),
      type: types,
      labels: fc.array(labelArb, { maxLength: 2 }),
      attr: fc.option(fc.record({ name: names, value: litArb })),
    }),
    fc.record({
      k: fc.constant('block' as const),
      type: types,
      labels: fc.array(labelArb, { maxLength: 2 }),
      body: tie('items'),
      headerComment: fc.option(commentArb),
    }),
  ),
}));

const configArb: fc.Arbitrary<Config> = fc.record({ items: itemsArb, crlf: fc.boolean(), bom: fc.boolean(), finalNewline: fc.boolean() });

function isMulti(v: Value): boolean {
  switch (v.k) {
    case 'lit':
      return false;
    case 'heredoc':
      return true;
    case 'list':
      return (v.multi && v.items.length > 0) || v.items.some(isMulti);
    case 'call':
      return (v.multi && v.args.length > 0) || v.args.some(isMulti);
    case 'obj':
      return (v.multi && v.entries.length > 0) || v.entries.some((e) => isMulti(e[1]));
  }
}

class Writer {
  text = '';
  readonly comments: ExpComment[] = [];
  constructor(readonly nl: string) {}
  get at(): number {
    return this.text.length;
  }
  w(s: string): void {
    this.text += s;
  }
  comment([style, raw]: Comment, multiline = false): void {
    const body = style === '/*' && multiline ? `${raw}${this.nl}  ${raw}` : raw;
    const start = this.at;
    this.w(style === '/*' ? `/*${body}*/` : `${style}${body}`);
    this.comments.push({ style, text: body.trim(), start, end: this.at });
  }

  value(v: Value, indent: string): void {
    const inner = `${indent}  `;
    const nl = this.nl;
    switch (v.k) {
      case 'lit':
        this.w(v.s);
        return;
      case 'heredoc':
        this.w(`<<${v.flush ? '-' : ''}${v.id}${nl}`);
        // A body line that reads as the marker would end the heredoc early: that is not what is being generated.
        for (const line of v.lines) this.w(`${v.flush ? inner : ''}${line.trim() === v.id ? `${line}x` : line}${nl}`);
        this.w(`${v.flush ? indent : ''}${v.id}`);
        return;
      case 'list':
      case 'call': {
        const [open, close, items] = v.k === 'list' ? ['[', ']', v.items] : [`${v.fn}(`, ')', v.args];
        this.w(open);
        if (!isMulti(v)) {
          items.forEach((item, i) => {
            if (i > 0) this.w(', ');
            this.value(item, indent);
          });
        } else {
          if (v.k === 'list' && v.comment !== null) {
            this.w(' ');
            this.comment(['#', v.comment]);
          }
          this.w(nl);
          items.forEach((item, i) => {
            this.w(inner);
            this.value(item, inner);
            if (v.k === 'list' || i < items.length - 1) this.w(',');
            this.w(nl);
          });
          this.w(indent);
        }
        this.w(close);
        return;
      }
      case 'obj':
        if (v.entries.length === 0) {
          this.w('{}');
        } else if (!isMulti(v)) {
          this.w('{ ');
          v.entries.forEach(([key, value], i) => {
            if (i > 0) this.w(', ');
            this.w(`${key} = `);
            this.value(value, indent);
          });
          this.w(' }');
        } else {
          this.w(`{${nl}`);
          for (const [key, value] of v.entries) {
            this.w(`${inner}${key} = `);
            this.value(value, inner);
            this.w(nl);
          }
          this.w(`${indent}}`);
        }
    }
  }

  header(type: string, labels: readonly Label[], indent: string, into: ExpBody): ExpBlock {
    this.w(indent);
    const start = this.at;
    this.w(type);
    const b: ExpBlock = { type, labels: labels.map((l) => l.value), start, typeEnd: this.at, end: -1, attrs: new Map(), blocks: [] };
    into.blocks.push(b);
    for (const l of labels) this.w(` ${l.raw}`);
    this.w(' {');
    return b;
  }

  attribute(name: string, value: Value, before: string, after: string, into: ExpBody): void {
    const start = this.at;
    this.w(name);
    const nameEnd = this.at;
    this.w(`${before}=${after}`);
    const valueStart = this.at;
    this.value(value, '');
    if (!into.attrs.has(name)) into.attrs.set(name, { start, nameEnd, valueStart, valueEnd: this.at });
  }

  body(items: readonly Item[], indent: string, into: ExpBody): void {
    const nl = this.nl;
    for (const item of items) {
      switch (item.k) {
        case 'blank':
          this.w(`${item.ws}${nl}`);
          break;
        case 'comment':
          this.w(indent);
          this.comment(item.comment, item.multiline);
          this.w(nl);
          break;
        case 'attr': {
          this.w(indent);
          // Values are written at the body's indentation.
          const start = this.at;
          this.w(item.name);
          const nameEnd = this.at;
          this.w(`${item.before}=${item.after}`);
          const valueStart = this.at;
          this.value(item.value, indent);
          if (!into.attrs.has(item.name)) into.attrs.set(item.name, { start, nameEnd, valueStart, valueEnd: this.at });
          // Nothing may follow a heredoc's closing marker on its line.
          if (item.trailing !== null && item.value.k !== 'heredoc') {
            this.w(' ');
            this.comment(item.trailing);
          }
          this.w(nl);
          break;
        }
        case 'oneline': {
          const b = this.header(item.type, item.labels, indent, into);
          if (item.attr === null) this.w('}');
          else {
            this.w(' ');
            this.attribute(item.attr.name, item.attr.value, ' ', ' ', b);
            this.w(' }');
          }
          b.end = this.at;
          this.w(nl);
          break;
        }
        case 'block': {
          const b = this.header(item.type, item.labels, indent, into);
          if (item.headerComment !== null && item.headerComment[0] !== '/*') {
            this.w(' ');
            this.comment(item.headerComment);
          }
          this.w(nl);
          this.body(item.body, `${indent}  `, b);
          this.w(`${indent}}`);
          b.end = this.at;
          this.w(nl);
          break;
        }
      }
    }
  }
}

function render(config: Config): { text: string; top: ExpBody; comments: ExpComment[] } {
  const w = new Writer(config.crlf ? '\r\n' : '\n');
  if (config.bom) w.w('\uFEFF');
  const top: ExpBody = { attrs: new Map(), blocks: [] };
  w.body(config.items, '', top);
  const text = config.finalNewline || !w.text.endsWith(w.nl) ? w.text : w.text.slice(0, -w.nl.length);
  return { text, top, comments: w.comments };
}

function compareBody(text: string, got: { attributes: ReadonlyMap<string, AttributePos>; blocks: readonly BlockPos[] }, want: ExpBody, where: string): void {
  const offsets = (r: Range): [number, number] => [r.start.offset, r.end.offset];
  assert.deepEqual([...got.attributes.keys()], [...want.attrs.keys()], `${where}: attribute names`);
  for (const [name, e] of want.attrs) {
    const a = got.attributes.get(name)!;
    assert.deepEqual(offsets(a.range), [e.start, e.valueEnd], `${where}.${name} range`);
    assert.deepEqual(offsets(a.nameRange), [e.start, e.nameEnd], `${where}.${name} name`);
    assert.deepEqual(offsets(a.valueRange), [e.valueStart, e.valueEnd], `${where}.${name} value ${JSON.stringify(text.slice(e.valueStart, e.valueEnd))}`);
  }
  assert.deepEqual(
    heads(got.blocks),
    want.blocks.map((b) => [b.type, ...b.labels].join(' ')),
    `${where}: blocks`,
  );
  want.blocks.forEach((e, i) => {
    const b = got.blocks[i]!;
    assert.deepEqual(b.labels, e.labels, `${where}/${i} labels`);
    assert.deepEqual(offsets(b.range), [e.start, e.end], `${where}/${i} range`);
    assert.deepEqual(offsets(b.typeRange), [e.start, e.typeEnd], `${where}/${i} type`);
    compareBody(text, b, e, `${where}/${i}`);
  });
}

describe('scanPositions on generated input (fast-check)', () => {
  it('finds every generated block, attribute and comment with its exact range', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const { text, top, comments } = render(config);
        const fp = scan(text);
        compareBody(text, fp, top, '');
        assert.deepEqual(
          fp.comments.map((c) => ({ style: c.style, text: c.text, start: c.range.start.offset, end: c.range.end.offset })),
          comments,
        );
      }),
      { seed: 20240501, numRuns: 200 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkFile(text, scanPositions(text));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('never throws on mutations of the fixtures', () => {
    const fixtures = [ROOT, TFVARS, ROOT.replace(/\n/g, '\r\n'), readFileSync(SEED_BLOG, 'utf8')];
    const insert = fc
      .array(
        fc.constantFrom(
          '{',
          '}',
          '"',
          '\\',
          '$',
          '%',
          '${',
          '%{',
          '<<',
          '<<-EOT\n',
          'EOT',
          '#',
          '//',
          '/*',
          '*/',
          '\n',
          '\r\n',
          '\r',
          '=',
          '==',
          '=>',
          '(',
          ')',
          '[',
          ']',
          ' ',
          'a',
          '\uFEFF',
          '\u{1F600}',
          '\uD800',
        ),
        { maxLength: 6 },
      )
      .map((ps) => ps.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 }), insert), { minLength: 1, maxLength: 6 }), (fixture, edits) => {
        let text = fixture;
        for (const [at, remove, add] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + add + text.slice(i + remove);
        }
        checkFile(text, scanPositions(text));
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});

describe('resourceBlocks', () => {
  it('finds the block a scan in file order finds, for every keyword, type and name (fast-check)', () => {
    const label = fc.constantFrom('a', 'b', 'x_y', '', 'resource', 'a\u0000b', 'b\u0000', '\u0000', '","');
    const block = fc.record({ type: fc.constantFrom('resource', 'data', 'module', 'provisioner', 'locals'), labels: fc.array(label, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 12 }), fc.constantFrom('resource', 'data'), label, label, (shapes, keyword, type, name) => {
        const blocks = shapes.map((b, i) => ({ ...b, range: { start: { line: i + 1 } } }) as unknown as BlockPos);
        const scanned = blocks.find((b) => b.type === keyword && b.labels[0] === type && b.labels[1] === name);
        assert.equal(resourceBlocks(blocks).get(resourceBlockKey(keyword, type, name)), scanned);
      }),
      { numRuns: 2000, seed: 1128 },
    );
  });
});
