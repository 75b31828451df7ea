/**
 * Spark logs to Log Analytics (SPEC §4, Log Analytics): which Spark pools send them, to which
 * Log Analytics workspace (LAW), which Azure Monitor Private Link Scopes (AMPLS) that LAW is in,
 * and which private endpoints reach each AMPLS.
 */
import type { GraphNode, Ref, TemplatePiece } from '../graph/types.js';
import { knownString, read } from '../graph/values.js';
import { oncePer } from './memo.js';
import type { Pointer, SynapseModel } from './synapse.js';

export const LAW = 'azurerm_log_analytics_workspace';
export const AMPLS = 'azurerm_monitor_private_link_scope';
const SCOPED = 'azurerm_monitor_private_link_scoped_service';
const PRIVATE_ENDPOINT = 'azurerm_private_endpoint';
const AMPLS_ARM = 'Microsoft.Insights/privateLinkScopes';

export interface SparkLogging {
  readonly pool: GraphNode;
  readonly workspace: GraphNode;
  /** True: logs go to Log Analytics; 'unknown': the Spark configuration could not be read. */
  readonly enabled: true | 'unknown';
  /** The Log Analytics workspaces it names; unknown when the workspace ID could not be resolved. */
  readonly laws: Pointer;
  /** Its Log Analytics settings are in a branch of a condition not known until apply (`%{ if }`, `c ? "…" : ""`): it may send none. */
  readonly conditional?: boolean;
}

export interface LogModel {
  /** Spark pools of `ws` that send (or may send) logs to Log Analytics. */
  loggingOf(ws: GraphNode): readonly SparkLogging[];
  /** The AMPLS a LAW is scoped into. */
  scopesOf(law: GraphNode): readonly GraphNode[];
  /** Every AMPLS of the input. */
  readonly scopes: readonly GraphNode[];
  /** Private endpoints (managed and azurerm_private_endpoint) that target an AMPLS. */
  endpointsTo(ampls: GraphNode): readonly GraphNode[];
}

/**
 * Spark configuration text, with each interpolation whose value is unknown replaced by a marker `\u0000<n>\u0000`,
 * and the same with every text a condition not known may make written out (`maybe`), on lines of their own.
 */
interface ConfText {
  readonly text: string;
  readonly maybe: string;
  readonly holes: readonly (readonly Ref[])[];
}

function confText(pool: GraphNode): ConfText | 'unknown' | undefined {
  const v = read(pool, 'spark_config.content');
  if (v.state === 'known' && typeof v.value === 'string') return { text: v.value, maybe: v.value, holes: [] };
  if (v.state === 'absent') return undefined;
  const t = pool.templates?.get('spark_config.content');
  if (!t?.known) return 'unknown';
  // Nothing of it is known text (`content = data.x.result.conf`): whether it sends logs cannot be read.
  const readable = (ps: readonly TemplatePiece[]): boolean =>
    ps.some((p) => (p.kind === 'text' ? p.text.trim() !== '' : p.value !== undefined || (p.alternatives ?? []).some(readable)));
  if (!readable(t.pieces)) return 'unknown';
  const holes: Ref[][] = [];
  const write = (ps: readonly TemplatePiece[], expand: boolean): string => {
    let text = '';
    for (const p of ps) {
      if (p.kind === 'text') text += p.text;
      else if (p.value !== undefined) text += p.value;
      else if (expand && p.alternatives) text += p.alternatives.map((a) => `\n${write(a, true)}\n`).join('');
      else {
        text += `\u0000${holes.length}\u0000`;
        holes.push([...p.refs]);
      }
    }
    return text;
  };
  const text = write(t.pieces, false);
  return { text, maybe: t.pieces.some((p) => p.kind === 'expr' && p.alternatives) ? write(t.pieces, true) : text, holes };
}

/** `key value`, `key=value` or `key: value` lines of a Spark configuration file. */
function confEntries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^\s=:]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (!m) continue;
    out.set(m[1]!, m[2]!.trim().replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** The Log Analytics workspace IDs Spark configuration entries send logs to: the logAnalytics settings, and each emitter of that type. */
function workspaceIds(entries: Map<string, string>): (string | undefined)[] {
  const ids: (string | undefined)[] = [];
  if (entries.get('spark.synapse.logAnalytics.enabled')?.toLowerCase() === 'true') ids.push(entries.get('spark.synapse.logAnalytics.workspaceId'));
  for (const [k, v] of entries) {
    const m = /^spark\.synapse\.diagnostic\.emitter\.([^.]+)\.type$/.exec(k);
    if (m && v.toLowerCase() === 'azureloganalytics') ids.push(entries.get(`spark.synapse.diagnostic.emitter.${m[1]}.workspaceId`));
  }
  return ids;
}

/** Built once per model (there is one model per graph). */
export const logModel: (synapse: SynapseModel) => LogModel = oncePer(build);

function build(synapse: SynapseModel): LogModel {
  const { graph } = synapse;
  const byWorkspaceId = new Map<string, GraphNode>();
  for (const law of graph.ofType(LAW)) {
    const id = knownString(law, 'workspace_id');
    if (id !== undefined && !byWorkspaceId.has(id.toLowerCase())) byWorkspaceId.set(id.toLowerCase(), law);
  }

  /** The LAW a `workspaceId` value names: an interpolation that refers to one, or a known workspace ID. */
  const lawFrom = (value: string | undefined, holes: readonly (readonly Ref[])[]): Pointer => {
    if (value === undefined) return { nodes: [], unknown: true };
    const nodes: GraphNode[] = [];
    let unknown = false;
    for (const m of value.matchAll(/\u0000(\d+)\u0000/g)) {
      const refs = holes[Number(m[1])] ?? [];
      const laws = refs.map((r) => graph.node(r.target)).filter((n): n is GraphNode => n?.type === LAW);
      if (laws.length === 0) unknown = true;
      for (const l of laws) if (!nodes.includes(l)) nodes.push(l);
    }
    const literal = value.replace(/\u0000\d+\u0000/g, '').trim();
    if (literal !== '' && !value.includes('\u0000')) {
      const hit = byWorkspaceId.get(literal.toLowerCase());
      if (hit) nodes.push(hit);
      else unknown = true;
    }
    return { nodes, unknown: unknown && nodes.length === 0 };
  };

  const logging = new Map<string, SparkLogging[]>();
  for (const ws of synapse.workspaces) {
    const list: SparkLogging[] = [];
    for (const pool of synapse.pointingAt(ws, 'azurerm_synapse_spark_pool', 'synapse_workspace_id')) {
      const conf = confText(pool);
      if (conf === undefined) continue;
      if (conf === 'unknown') {
        list.push({ pool, workspace: ws, enabled: 'unknown', laws: { nodes: [], unknown: true } });
        continue;
      }
      let ids = workspaceIds(confEntries(conf.text));
      const conditional = ids.length === 0 && conf.maybe !== conf.text;
      if (conditional) ids = workspaceIds(confEntries(conf.maybe));
      if (ids.length === 0) continue;
      const nodes: GraphNode[] = [];
      let unknown = false;
      for (const id of ids) {
        const p = lawFrom(id, conf.holes);
        for (const n of p.nodes) if (!nodes.includes(n)) nodes.push(n);
        unknown ||= p.unknown;
      }
      list.push({ pool, workspace: ws, enabled: true, laws: { nodes, unknown }, ...(conditional ? { conditional } : {}) });
    }
    logging.set(ws.address, list);
  }

  const scopes = graph.ofType(AMPLS).filter((n) => n.declared || n.kind === 'external');
  const scopedInto = new Map<string, GraphNode[]>();
  for (const s of graph.ofType(SCOPED)) {
    if (!s.declared) continue;
    const laws = synapse.pointsTo(s, 'linked_resource_id').nodes.filter((n) => n.type === LAW);
    const name = knownString(s, 'scope_name');
    const byRef = (s.refs.get('scope_name') ?? []).map((r) => graph.node(r.target)).filter((n): n is GraphNode => n?.type === AMPLS);
    const byName = name !== undefined ? graph.resolveByName(AMPLS_ARM, name) : undefined;
    const amplsNodes = [...byRef, ...(byName && !byRef.includes(byName) ? [byName] : [])];
    for (const law of laws) {
      const l = scopedInto.get(law.address) ?? [];
      for (const a of amplsNodes) if (!l.includes(a)) l.push(a);
      scopedInto.set(law.address, l);
    }
  }

  const endpointsTo = new Map<string, GraphNode[]>();
  const add = (target: GraphNode, pe: GraphNode): void => {
    const l = endpointsTo.get(target.address) ?? [];
    if (!l.includes(pe)) l.push(pe);
    endpointsTo.set(target.address, l);
  };
  for (const e of synapse.endpoints) for (const t of e.target.nodes) if (t.type === AMPLS || t.armType === AMPLS_ARM) add(t, e.node);
  for (const pe of graph.ofType(PRIVATE_ENDPOINT)) {
    if (!pe.declared) continue;
    for (const t of synapse.pointsTo(pe, 'private_service_connection.private_connection_resource_id').nodes) if (t.type === AMPLS) add(t, pe);
  }

  return {
    loggingOf: (ws) => logging.get(ws.address) ?? [],
    scopesOf: (law) => scopedInto.get(law.address) ?? [],
    scopes,
    endpointsTo: (a) => endpointsTo.get(a.address) ?? [],
  };
}
