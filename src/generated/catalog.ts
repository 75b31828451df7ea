/* Generated from rules/catalog.schema.json by `npm run gen:types`. Do not edit: change the schema and regenerate. */

/**
 * What synapse-lint knows about Azure: the Private Link target types a Synapse managed private endpoint can point at, and the azurerm Synapse resource types that exist.
 */
export interface Catalog {
  $schema?: string;
  /**
   * Private Link target types, sorted by armType.
   */
  stores: StoreType[];
  /**
   * Every azurerm_synapse_* resource and data source type the azurerm provider has (3.x to 5.x). Any other azurerm_synapse_* type does not exist.
   */
  synapseResourceTypes: string[];
  /**
   * Synapse linked service types whose endpoint is outside Azure PaaS (other clouds, SaaS, on-premises and generic protocols). Under data exfiltration protection only a self-hosted integration runtime reaches them.
   */
  externalLinkedServiceTypes: string[];
}
export interface StoreType {
  /**
   * Service name as people say it.
   */
  title: string;
  /**
   * ARM resource type, in the casing ARM documents (Microsoft.Storage/storageAccounts).
   */
  armType: string;
  /**
   * azurerm resource types whose id is of this ARM type.
   */
  terraformTypes: string[];
  /**
   * Private Link group IDs (subresource_name values) in canonical casing. Empty when the type has no Private Link groups.
   */
  groups: string[];
  /**
   * True where the empty subresource_name is the valid one (a Private Link service).
   */
  emptyGroupAllowed?: boolean;
  /**
   * Listed by Microsoft as a supported target of Synapse managed private endpoints.
   */
  synapseMpeTarget: boolean;
  /**
   * Counts as a data store a workspace uses (rules SYN201/SYN204). False for Log Analytics and AMPLS, which Spark reaches through an AMPLS.
   */
  dataStore: boolean;
  /**
   * The type the private endpoint connection is approved on: the az CLI --type value and the azapi <type>/privateEndpointConnections prefix.
   */
  approvalArmType: string;
  /**
   * DNS host patterns that name an instance of this type in URLs and connection strings. {name} stands for the resource name.
   */
  hosts: {
    pattern: string;
    /**
     * The group this host is served by, when it is one group.
     */
    group?: string;
  }[];
  /**
   * Synapse linked service types that reach this store, and the group each needs.
   */
  linkedServiceTypes: {
    [k: string]: string;
  };
  /**
   * Said when an endpoint targets this type wrongly.
   */
  hint?: string;
  /**
   * Where the facts come from.
   */
  sources?: string[];
}
