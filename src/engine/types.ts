/** What a rule is, what it reports, and what the engine makes of it. */
import type { Catalog } from '../catalog.js';
import type { Graph, GraphNode, SourceRange } from '../graph/types.js';
import type { SynapseModel } from '../model/synapse.js';

export type Level = 'error' | 'warning' | 'note';
/** `fail`: the rule's condition holds. `open`: a value it needs is unknown, so it could not decide. */
export type Kind = 'fail' | 'open';

export interface RuleMeta {
  /** Stable ID, `SYN201`. */
  readonly id: string;
  /** Kebab-case name, `missing-private-endpoint`. */
  readonly name: string;
  readonly level: Level;
  /** One line, for lists and SARIF shortDescription. */
  readonly summary: string;
  /** What the rule checks and why it matters, for SARIF fullDescription. */
  readonly description: string;
  /** Message templates by ID; `{name}` is filled from the finding's data. */
  readonly messages: Readonly<Record<string, string>>;
  /** How to fix it, in one or two sentences. */
  readonly fix: string;
  /** An HCL snippet that shows the fix, when one helps. */
  readonly snippet?: string;
  /**
   * A configuration on which the rule fires, and the same configuration fixed. Shown on the
   * rule's doc page, and linted by a test: the rule must report `fail` and stay quiet on `pass`.
   */
  readonly examples?: { readonly fail: string; readonly pass: string };
  /** SARIF tags besides `security` and `terraform`. */
  readonly tags: readonly string[];
  /** GitHub security-severity, 0.1 to 10. */
  readonly securitySeverity: number;
  readonly precision: 'very-high' | 'high' | 'medium' | 'low';
}

export interface RuleContext {
  readonly graph: Graph;
  readonly catalog: Catalog;
  readonly synapse: SynapseModel;
}

/** What a rule returns: a message by ID with its data, on one resource. */
export interface Report {
  readonly messageId: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly node: GraphNode;
  /** The attribute the finding is about, for a precise location. */
  readonly attribute?: string;
  readonly related?: readonly GraphNode[];
  /** Default `fail`. An `open` report is a note. */
  readonly kind?: Kind;
  /** A level other than the rule's, for a lesser case of the same rule (SYN204's `blob`). */
  readonly level?: Level;
  /** What tells this finding from another of the same rule on the same resource (kept in the fingerprint). */
  readonly detail?: string;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Pure: reads the graph, returns reports, changes nothing. */
  check(context: RuleContext): Iterable<Report>;
}

export interface Location extends SourceRange {}

export interface Finding {
  readonly ruleId: string;
  readonly level: Level;
  readonly kind: Kind;
  readonly message: string;
  readonly address: string;
  readonly location: Location;
  readonly related: readonly { readonly address: string; readonly location: Location }[];
  /** The tool's own fingerprint: rule, address and detail; independent of lines. */
  readonly fingerprint: string;
  /** Accepted by an inline comment (`inSource`) or the configuration file (`external`), with the reason given. */
  readonly suppressions?: readonly Suppression[];
  /** In the baseline given with --baseline: reported, but does not fail the gate. */
  readonly baselined?: boolean;
}

export interface Suppression {
  readonly kind: 'inSource' | 'external';
  readonly justification: string;
}

/** A finding that counts toward the exit code: neither suppressed nor baselined. */
export function isActive(f: Finding): boolean {
  return (f.suppressions?.length ?? 0) === 0 && f.baselined !== true;
}
