/** The resource graph every rule reads. Built once by a loader, then frozen. */

export type Key = string | number;
export type Path = readonly Key[];

/** A value as the linter knows it. `unknown` is "known after apply" or not evaluable: never read it as absent or false. */
export type Val =
  | { readonly state: 'known'; readonly value: unknown; readonly sensitive: boolean }
  | { readonly state: 'unknown'; readonly sensitive: boolean }
  | { readonly state: 'absent' };

export interface SourceRange {
  /** Path relative to the working directory, with '/'. */
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A `module` block: an inline suppression on it covers the findings of the module it calls. */
/**
 * A block whose inline suppression covers findings by address, wherever in the input they point: a `module`
 * block covers the resources of the module it calls (and of the modules that one calls); each block of a
 * resource written in several blocks (a primary file's and the override files') covers all of its findings.
 */
export interface CoveringBlock {
  /** The file the block is in, as findings show it. */
  readonly file: string;
  /** Its first and last line. */
  readonly from: number;
  readonly to: number;
  readonly kind: 'module' | 'resource';
  /** The configuration path of the module it calls (`module.a.module.b`), or the resource's configuration address. */
  readonly covers: string;
}

/** One reference from an attribute of a node to another node. */
export interface Ref {
  /** Address of the node referred to. */
  readonly target: string;
  /** The attribute read from it ('' for the whole object): `id`, `name`, `identity[0].principal_id`. */
  readonly attribute: string;
  /** True when the expression indexes the target by `each.key`, `each.value` or `count.index`. */
  readonly keyed: boolean;
}

export type NodeKind = 'managed' | 'data' | 'external';

export interface ChangeInfo {
  readonly actions: readonly string[];
  readonly replacePaths: readonly Path[];
  /**
   * For a replacement whose plan gives no replace_paths (before Terraform 0.15 it never does): the top-level
   * attributes whose value is known after and differs from before, sorted.
   */
  readonly changed?: readonly string[];
}

/** A piece of a command template: literal text, or an interpolation with what it refers to and its value when known. */
export type TemplatePiece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'expr';
      readonly refs: readonly Ref[];
      readonly value?: string;
      /** For a condition not known (`%{ if }`, `c ? "a" : "b"`) or a `%{ for }`: the texts it may make, each as pieces. */
      readonly alternatives?: readonly (readonly TemplatePiece[])[];
    };

/** A string attribute as written, with its interpolations: known when the text of the configuration is available. */
export type TemplateText = { readonly known: true; readonly pieces: readonly TemplatePiece[] } | { readonly known: false; readonly refs: readonly Ref[] };

export interface ProvisionerInfo {
  /** `local-exec`, `remote-exec`... */
  readonly type: string;
  readonly command?: TemplateText;
}

export interface GraphNode {
  /** Instance address from a plan (`module.a.azurerm_x.y["k"]`), configuration address from .tf, or the ARM type and name of an external resource. */
  readonly address: string;
  /** Address with module and resource instance keys removed. */
  readonly configAddress: string;
  readonly kind: NodeKind;
  /** Terraform type; for an external node, its ARM type. */
  readonly type: string;
  readonly name: string;
  readonly index?: Key;
  /** Module instance path (`module.a["x"].module.b`), '' for the root module. */
  readonly modulePath: string;
  /** False for resources the input only refers to, and for external ones. */
  readonly declared: boolean;
  /** ARM resource type, from the catalog or from the ARM ID. */
  readonly armType?: string;
  /** Attribute values (the plan's `after`, or evaluated .tf). */
  readonly values: unknown;
  /** Mirror of `values` with `true` where a value is unknown. */
  readonly unknown: unknown;
  /** Mirror of `values` with `true` where a value is sensitive. */
  readonly sensitive: unknown;
  /** References by attribute path with block indexes removed (`spark_config.content`, `provisioner.local-exec.command`, `depends_on`). */
  readonly refs: ReadonlyMap<string, readonly Ref[]>;
  /** Attribute paths whose expression refers to something the loader could not follow (a local, a missing variable). */
  readonly unresolved: ReadonlySet<string>;
  readonly change?: ChangeInfo;
  /** For a configuration node with `count` or `for_each`: how many instances it stands for, or 'unknown'. Absent: one. */
  readonly instances?: number | 'unknown';
  /**
   * A data source. From .tf, its values are only the arguments its block sets; every other attribute is
   * read from Azure at plan time. From a plan, its values are what it exports, which may leave out what a
   * rule reads (the workspace data source has no DEP setting). Either way, an attribute it lacks is unknown, not absent.
   */
  readonly unsetIsUnknown?: boolean;
  /**
   * String attributes whose value is not known but whose text is, with the interpolations marked
   * (`spark_config.content` = "...workspaceId ${azurerm_log_analytics_workspace.x.workspace_id}").
   */
  readonly templates?: ReadonlyMap<string, TemplateText>;
  /** Provisioners of the resource's configuration, with their commands. */
  readonly provisioners?: readonly ProvisionerInfo[];
  /** `lifecycle { ignore_changes }`: `all`, the attributes listed, or `unknown` when the input does not carry it (a plan without its .tf). */
  readonly ignoreChanges?: 'all' | readonly string[] | 'unknown';
  readonly location?: SourceRange;
  readonly attributeLocations?: AttributeLocations;
}

/** Where a node's attributes are written, by path (`name`, `identity.type`, `provisioner.local-exec.command`). */
export interface AttributeLocations {
  get(attribute: string): SourceRange | undefined;
}

/** A problem with the input that did not stop the run (a module that could not be followed, a reference to nothing). */
export interface LoadNote {
  readonly file: string;
  readonly message: string;
  readonly address?: string;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  node(address: string): GraphNode | undefined;
  ofType(type: string): readonly GraphNode[];
  /** Nodes whose references point at `address`, with the attribute that refers. */
  referrers(address: string): readonly { readonly from: GraphNode; readonly attribute: string; readonly ref: Ref }[];
  /** A resource by its known ARM ID (case-insensitive), or by ARM type and name, or an external node. */
  resolveArmId(id: string): GraphNode | undefined;
  /** A resource of `armType` whose known name is `name` (case-insensitive), or an external node. */
  resolveByName(armType: string, name: string): GraphNode | undefined;
  /** Every known string value marked sensitive in the input, for redaction. */
  readonly secrets: ReadonlySet<string>;
  readonly notes: readonly LoadNote[];
}
