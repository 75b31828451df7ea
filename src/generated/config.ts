/* Generated from schema/synapse-lint.schema.json by `npm run gen:types`. Do not edit: change the schema and regenerate. */

/**
 * Configuration of synapse-lint: .synapse-lint.json, found from the input upward, or given with --config.
 */
export interface SynapseLintConfig {
  /**
   * This schema, for editors: "./node_modules/synapse-lint/schema/synapse-lint.schema.json" or its URL.
   */
  $schema?: string;
  /**
   * Rule levels by ID: error, warning or note, or off to turn the rule off. --rule ID=LEVEL overrides these.
   */
  rules?: {
    [k: string]: 'error' | 'warning' | 'note' | 'off';
  };
  /**
   * Findings accepted for a reason: they stay in SARIF as suppressed and never fail the gate.
   */
  ignore?: IgnoreEntry[];
  /**
   * Globs of files, relative to this file's folder: only findings located in matching files are reported.
   */
  include?: string[];
  /**
   * Globs of files, relative to this file's folder: findings located in matching files are not reported.
   */
  exclude?: string[];
  /**
   * Data stores the workspaces use that the configuration does not show (a store read by a notebook, say), with the subresources they need.
   */
  stores?: ExtraStore[];
  /**
   * Stores whose managed private endpoints and their approvals are managed outside Terraform (the default-storage endpoint the service created, say): no finding asks for them.
   */
  outsideTerraform?: OutsideTerraform[];
  /**
   * Private Link target types to add to the catalog, in the catalog's own shape (rules/catalog.schema.json, StoreType).
   */
  storeTypes?: {}[];
}
export interface IgnoreEntry {
  /**
   * A rule ID, or * for every rule.
   */
  rule: string;
  /**
   * A Terraform address or a glob of addresses (minimatch; . is not special): module.legacy.*
   */
  address: string;
  /**
   * Why the finding is accepted; shown as the SARIF justification.
   */
  reason: string;
}
export interface ExtraStore {
  /**
   * The store: a Terraform address (azurerm_storage_account.raw) or an ARM ID.
   */
  store: string;
  /**
   * Groups it needs an endpoint for: dfs, blob, vault, sqlServer...
   *
   * @minItems 1
   */
  subresources: [string, ...string[]];
  /**
   * Globs of the workspace addresses that use it (default: every workspace with data exfiltration protection).
   */
  workspaces?: string[];
  reason?: string;
}
export interface OutsideTerraform {
  /**
   * A Terraform address or an ARM ID.
   */
  store: string;
  /**
   * Its managed private endpoints are made outside Terraform (default true).
   */
  endpoints?: boolean;
  /**
   * Its endpoints are approved outside Terraform (default true).
   */
  approvals?: boolean;
  reason: string;
}
