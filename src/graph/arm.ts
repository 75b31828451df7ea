/** ARM resource IDs: `/subscriptions/<s>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>[/<child>/<name>...]`. */

export interface ArmId {
  readonly subscription?: string;
  readonly resourceGroup?: string;
  /** Namespace and top-level type: `Microsoft.Storage/storageAccounts`. */
  readonly armType: string;
  readonly name: string;
  /** Child types and names below the top-level resource (`blobServices`/`default`, `containers`/`c`). */
  readonly children: readonly { readonly type: string; readonly name: string }[];
  /** The ID of the top-level resource, as written. */
  readonly topId: string;
}

const SEGMENT = /^[^/\s]+$/;

export function parseArmId(text: string): ArmId | undefined {
  if (!text.startsWith('/')) return undefined;
  const parts = text.split('/');
  // parts[0] is '' for the leading slash.
  let i = 1;
  let subscription: string | undefined;
  let resourceGroup: string | undefined;
  // Stryker disable next-line OptionalChaining: text starts with '/', so parts[1] is always a string
  if (parts[i]?.toLowerCase() === 'subscriptions') {
    subscription = parts[i + 1];
    i += 2;
    if (parts[i]?.toLowerCase() === 'resourcegroups') {
      resourceGroup = parts[i + 1];
      i += 2;
    }
  }
  if (parts[i]?.toLowerCase() !== 'providers') return undefined;
  const namespace = parts[i + 1];
  const type = parts[i + 2];
  const name = parts[i + 3];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: an empty namespace or type fails includes('.') or SEGMENT; a missing one means a missing name
  if (!namespace || !type || !name || !namespace.includes('.')) return undefined;
  if (!SEGMENT.test(namespace) || !SEGMENT.test(type) || !SEGMENT.test(name)) return undefined;
  const topEnd = i + 4;
  const children: { type: string; name: string }[] = [];
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: extra rounds at the end find no type or no name and break
  for (let j = topEnd; j + 1 < parts.length; j += 2) {
    const ct = parts[j];
    const cn = parts[j + 1];
    if (!ct || !cn) break;
    // An extension resource (`/providers/Microsoft.Authorization/...`) is not a child of this one.
    if (ct.toLowerCase() === 'providers') break;
    children.push({ type: ct, name: cn });
  }
  // The top-level ID is the text up to the slash after its name: its parts' lengths and the slashes between.
  let topLength = topEnd - 1;
  for (let j = 0; j < topEnd; j++) topLength += parts[j]!.length;
  const id: { -readonly [K in keyof ArmId]: ArmId[K] } = { armType: `${namespace}/${type}`, name, children, topId: text.slice(0, topLength) };
  if (subscription !== undefined) id.subscription = subscription;
  if (resourceGroup !== undefined) id.resourceGroup = resourceGroup;
  return id;
}

/** Finds ARM IDs inside free text (connection strings, JSON, commands). */
const NO_IDS: readonly ArmId[] = Object.freeze([]);

export function findArmIds(text: string): readonly ArmId[] {
  // Stryker disable next-line ConditionalExpression: a shortcut only; text without `/providers/` holds no ID parseArmId accepts
  if (!text.includes('/') || !/\/providers\//i.test(text)) return NO_IDS;
  const out: ArmId[] = [];
  for (const m of text.matchAll(/\/subscriptions\/[^\s"'`,;)}\]]+/gi)) {
    const id = parseArmId(m[0]);
    if (id) out.push(id);
  }
  return out;
}
