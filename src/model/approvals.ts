/**
 * Approval automation for managed private endpoints (SPEC §4, Approval): azapi resources on
 * `<target type>/privateEndpointConnections@<api>`, and `null_resource` / `terraform_data`
 * provisioners that run `az network private-endpoint-connection approve`.
 */
import { parseArmId } from '../graph/arm.js';
import { compare } from '../graph/build.js';
import type { GraphNode, Ref } from '../graph/types.js';
import { knownString, read } from '../graph/values.js';
import { azPrivateEndpointCommands, type AzCommand, type Word } from './commands.js';
import { oncePer } from './memo.js';
import { MPE, type Endpoint, type Pointer, type SynapseModel } from './synapse.js';

const AZAPI = new Set(['azapi_update_resource', 'azapi_resource_action', 'azapi_resource']);
const SCRIPTED = new Set(['null_resource', 'terraform_data']);
const CONNECTIONS = /\/privateEndpointConnections@/i;

export interface Approval {
  readonly node: GraphNode;
  readonly kind: 'azapi' | 'cli';
  /**
   * False when what it does is not known: a command whose text is not (a plan without its .tf), or an azapi
   * resource whose type is not known until apply. It may be an approval, but what it does cannot be read.
   */
  readonly readable: boolean;
  /** ARM types it names: `--type` of each az command, or the azapi type before `/privateEndpointConnections`. */
  readonly declaredTypes: readonly string[];
  /** Resources it names as the one whose connection it approves. */
  readonly targets: Pointer;
  /** Managed private endpoints it refers to or depends on. */
  readonly mpes: readonly GraphNode[];
  /** How it names the connection, when that is a guess: the endpoint's own name, or a fixed list index. */
  readonly guessedName?: { readonly how: 'mpe-name' | 'fixed-index'; readonly mpe?: GraphNode; /** The index taken, as written (`[0]`). */ readonly index?: string };
}

export interface ApprovalModel {
  readonly approvals: readonly Approval[];
  /** Approvals that cover an endpoint: they refer to it, or refer to no endpoint and name its target. */
  covering(e: Endpoint): readonly Approval[];
  /** Whether `from` references or depends on `to`, directly or through other resources. */
  reaches(from: GraphNode, to: GraphNode): boolean;
}

/** Built once per model (there is one model per graph). */
export const approvalModel: (synapse: SynapseModel) => ApprovalModel = oncePer(build);

const NO_APPROVALS: readonly Approval[] = Object.freeze([]);

const byNodeAddress = (a: Approval, b: Approval): number => compare(a.node.address, b.node.address);

function allRefs(node: GraphNode): Ref[] {
  return [...node.refs.values()].flat();
}

function build(synapse: SynapseModel): ApprovalModel {
  const { graph } = synapse;
  const mpeNames = new Map<string, GraphNode[]>();
  for (const e of synapse.endpoints) {
    const name = knownString(e.node, 'name')?.toLowerCase();
    if (name === undefined) continue;
    const list = mpeNames.get(name);
    if (list) list.push(e.node);
    else mpeNames.set(name, [e.node]);
  }
  const targetsOfMpes = new Set(synapse.endpoints.flatMap((e) => e.target.nodes));

  const mpesOf = (node: GraphNode): GraphNode[] => {
    const out: GraphNode[] = [];
    const seen = new Set<GraphNode>();
    for (const refs of node.refs.values()) {
      for (const r of refs) {
        const t = graph.node(r.target);
        if (t?.type === MPE && t.declared && !seen.has(t)) {
          seen.add(t);
          out.push(t);
        }
      }
    }
    return out.length > 1 ? out.sort((a, b) => compare(a.address, b.address)) : out;
  };

  /** What a word of a command names: by reference, or a literal ARM ID or name. */
  const wordTargets = (word: Word | undefined, typeHint: string | undefined): Pointer => {
    if (!word) return { nodes: [], unknown: false };
    const nodes: GraphNode[] = [];
    for (const r of word.refs) {
      const t = graph.node(r.target);
      if (t && t.type !== MPE && !nodes.includes(t)) nodes.push(t);
    }
    if (word.known && word.text !== '') {
      const id = parseArmId(word.text);
      const hit = id ? graph.resolveArmId(id.topId) : typeHint ? graph.resolveByName(typeHint, word.text) : undefined;
      if (hit && !nodes.includes(hit)) nodes.push(hit);
    }
    return { nodes, unknown: !word.known && nodes.length === 0 };
  };

  const approvals: Approval[] = [];
  for (const type of AZAPI) {
    for (const node of graph.ofType(type)) {
      if (!node.declared) continue;
      const type = read(node, 'type');
      const t = type.state === 'known' && typeof type.value === 'string' ? type.value : undefined;
      if (t === undefined && type.state !== 'unknown') continue;
      if (t !== undefined && !CONNECTIONS.test(t)) continue;
      const parent = synapse.pointsTo(node, 'parent_id');
      const resource = synapse.pointsTo(node, 'resource_id');
      const nodes = [...parent.nodes, ...resource.nodes].filter((n, i, a) => n.type !== MPE && a.indexOf(n) === i);
      const mpes = mpesOf(node);
      if (t === undefined) {
        // Its type is not known until apply: it may approve the endpoints it refers to, or those to a target it names.
        if (mpes.length === 0 && !nodes.some((n) => targetsOfMpes.has(n))) continue;
        approvals.push({ node, kind: 'azapi', readable: false, declaredTypes: [], targets: { nodes, unknown: (parent.unknown || resource.unknown) && nodes.length === 0 }, mpes });
        continue;
      }
      const declared = t.split(/\/privateEndpointConnections/i)[0]!;
      // An azapi name is usually looked up by a filter that mentions the endpoint's name; only the CLI form is judged (SPEC: SYN305).
      approvals.push({
        node,
        kind: 'azapi',
        readable: true,
        declaredTypes: [declared],
        targets: { nodes, unknown: (parent.unknown || resource.unknown) && nodes.length === 0 },
        mpes,
      });
    }
  }
  for (const type of SCRIPTED) {
    for (const node of graph.ofType(type)) {
      if (!node.declared) continue;
      for (const p of node.provisioners ?? []) {
        if (p.type !== 'local-exec' || !p.command) continue;
        const mpes = mpesOf(node);
        if (!p.command.known) {
          // The text is not known: it counts as an approval only where it refers to an endpoint or an endpoint's target.
          const refersToTarget = allRefs(node).some((r) => {
            const t = graph.node(r.target);
            return t !== undefined && targetsOfMpes.has(t);
          });
          if (mpes.length === 0 && !refersToTarget) continue;
          const nodes = allRefs(node)
            .map((r) => graph.node(r.target))
            .filter((n): n is GraphNode => n !== undefined && targetsOfMpes.has(n));
          approvals.push({ node, kind: 'cli', readable: false, declaredTypes: [], targets: { nodes: [...new Set(nodes)], unknown: true }, mpes });
          continue;
        }
        const commands = azPrivateEndpointCommands(p.command);
        if (!commands.some((c) => c.verb === 'approve')) continue;
        approvals.push(cliApproval(node, commands, mpes, wordTargets, mpeNames));
      }
    }
  }
  approvals.sort(byNodeAddress);

  // Indexed by endpoint and by target, so that covering() does not scan every approval for every endpoint.
  const byMpe = new Map<string, Approval[]>();
  const byTarget = new Map<string, Approval[]>();
  for (const a of approvals) {
    const keys = a.mpes.length > 0 ? a.mpes.map((m) => [byMpe, m.address] as const) : a.targets.nodes.map((t) => [byTarget, t.address] as const);
    for (const [map, key] of keys) {
      const list = map.get(key);
      if (list) list.push(a);
      else map.set(key, [a]);
    }
  }
  for (const list of byMpe.values()) Object.freeze(list);
  for (const list of byTarget.values()) Object.freeze(list);
  const covering = (e: Endpoint): readonly Approval[] => {
    const lists: (readonly Approval[])[] = [];
    const own = byMpe.get(e.node.address);
    if (own) lists.push(own);
    for (const t of e.target.nodes) {
      const l = byTarget.get(t.address);
      if (l) lists.push(l);
    }
    // Each list is in address order with no repeats (approvals are indexed in that order): one list is the answer.
    if (lists.length === 0) return NO_APPROVALS;
    if (lists.length === 1) return lists[0]!;
    return [...new Set(lists.flat())].sort(byNodeAddress);
  };

  const reachMemo = new Map<string, Set<string>>();
  const reachable = (from: GraphNode): Set<string> => {
    const hit = reachMemo.get(from.address);
    if (hit) return hit;
    const seen = new Set<string>();
    let frontier = [from.address];
    for (let depth = 0; depth < 8 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const a of frontier) {
        const n = graph.node(a);
        if (!n) continue;
        for (const refs of n.refs.values()) {
          for (const r of refs) {
            if (seen.has(r.target)) continue;
            seen.add(r.target);
            next.push(r.target);
          }
        }
      }
      frontier = next;
    }
    reachMemo.set(from.address, seen);
    return seen;
  };

  // Most approvals refer to their endpoint directly: that is answered from the node's own references,
  // without keeping every resource a node reaches (for many counted approvals, that is quadratic memory).
  const refersTo = (from: GraphNode, to: GraphNode): boolean => {
    for (const refs of from.refs.values()) for (const r of refs) if (r.target === to.address) return true;
    return false;
  };

  return { approvals, covering, reaches: (from, to) => refersTo(from, to) || reachable(from).has(to.address) };
}

function cliApproval(
  node: GraphNode,
  commands: AzCommand[],
  mpes: GraphNode[],
  wordTargets: (w: Word | undefined, typeHint: string | undefined) => Pointer,
  mpeNames: Map<string, GraphNode[]>,
): Approval {
  const declaredTypes: string[] = [];
  const nodes: GraphNode[] = [];
  let unknown = false;
  let guessed: Approval['guessedName'];
  for (const c of commands) {
    const type = c.options.get('--type');
    if (type?.known && type.text !== '' && !declaredTypes.includes(type.text)) declaredTypes.push(type.text);
    const hint = type?.known ? type.text : undefined;
    for (const opt of ['--id', '--resource-name']) {
      const p = wordTargets(c.options.get(opt), hint);
      for (const n of p.nodes) if (!nodes.includes(n)) nodes.push(n);
      unknown ||= p.unknown;
    }
    const query = c.options.get('--query');
    // `[0].id`, or from the end, `[-1].id`.
    const index = query?.known ? /^\s*(\[\s*-?\d+\s*\])/.exec(query.text)?.[1] : undefined;
    if (index !== undefined) guessed ??= { how: 'fixed-index', index: index.replace(/\s+/g, '') };
    if (c.verb === 'approve') {
      const name = c.options.get('--name');
      const mpe = name?.refs.map((r) => r.target).find((t) => mpes.some((m) => m.address === t));
      const byRef = mpe ? mpes.find((m) => m.address === mpe) : undefined;
      const byText = name?.known ? mpeNames.get(name.text.toLowerCase())?.[0] : undefined;
      // The connection's name as the last part of --id (`.../privateEndpointConnections/<name>`).
      const inId = /\/privateEndpointConnections\/([^/\u0000]+)\/?$/i.exec(c.options.get('--id')?.text ?? '')?.[1];
      const byId = inId !== undefined ? mpeNames.get(inId.toLowerCase())?.[0] : undefined;
      if (byRef ?? byText ?? byId) guessed = { how: 'mpe-name', mpe: (byRef ?? byText ?? byId)! };
    }
  }
  return { node, kind: 'cli', readable: true, declaredTypes, targets: { nodes, unknown: unknown && nodes.length === 0 }, mpes, ...(guessed ? { guessedName: guessed } : {}) };
}

/** Whether a declared type is the target's ARM type, ignoring case (the CLI matches it so). */
export function typeMatches(declared: string, armType: string): boolean {
  return declared.toLowerCase() === armType.toLowerCase();
}

