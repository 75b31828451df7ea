/** Reference strings (`azurerm_x.y[0].id`, `var.x`, `module.m.out`) read as what they name: shared by the plan and .tf loaders. */
import { formatSteps, NAMES_ONLY, parseTraversal } from '../graph/traversal.js';
import type { Key, Ref } from '../graph/types.js';

export function isEachRef(r: string): boolean {
  return r === 'each.key' || r === 'each.value' || r.startsWith('each.value.') || r.startsWith('each.value[');
}

export interface Subject {
  /** `resource` (managed or data), `module` output, `var`, or something that names no node. */
  readonly kind: 'resource' | 'module' | 'var' | 'local' | 'meta' | 'other';
  readonly mode?: 'managed' | 'data';
  readonly type?: string;
  readonly name: string;
  readonly index?: Key;
  /** For a resource: its address in its module, `type.name` or `data.type.name`. */
  readonly address?: string;
  /** For a module call: the call's instance key, then the output name in `attribute`. */
  readonly attribute: string;
  readonly steps: number;
}

/** Most references are names only: those are read from the dots' positions, without parsing steps. */
export function subjectOf(ref: string): Subject | undefined {
  return NAMES_ONLY.test(ref) ? plainSubject(ref) : parsedSubject(ref);
}

/** subjectOf by parsing the traversal into steps: any reference. */
export function parsedSubject(ref: string): Subject | undefined {
  const steps = parseTraversal(ref);
  if (!steps || steps.length === 0) return undefined;
  const first = steps[0]!;
  if (first.kind !== 'attr') return undefined;
  const second = steps[1];
  const name2 = second?.kind === 'attr' ? second.name : undefined;
  switch (first.name) {
    case 'var':
      return name2 ? { kind: 'var', name: name2, attribute: formatSteps(steps.slice(2)), steps: steps.length } : undefined;
    case 'local':
      return { kind: 'local', name: name2 ?? '', attribute: name2 ? formatSteps(steps.slice(2)) : '', steps: steps.length };
    case 'each':
    case 'count':
    case 'path':
    case 'terraform':
    case 'self':
      return { kind: 'meta', name: first.name, attribute: formatSteps(steps.slice(1)), steps: steps.length };
    case 'module': {
      if (!name2) return undefined;
      let i = 2;
      let index: Key | undefined;
      const s = steps[i];
      if (s?.kind === 'index') {
        index = s.key;
        i++;
      }
      return { kind: 'module', name: name2, ...(index !== undefined ? { index } : {}), attribute: formatSteps(steps.slice(i)), steps: steps.length };
    }
    case 'data': {
      const t = name2;
      const n = steps[2];
      if (!t || n?.kind !== 'attr') return undefined;
      let i = 3;
      const s = steps[i];
      let index: Key | undefined;
      if (s?.kind === 'index') {
        index = s.key;
        i++;
      }
      return { kind: 'resource', mode: 'data', type: t, name: n.name, ...(index !== undefined ? { index } : {}), address: `data.${t}.${n.name}`, attribute: formatSteps(steps.slice(i)), steps: steps.length };
    }
    default: {
      if (!name2 || !first.name.includes('_')) return { kind: 'other', name: first.name, attribute: '', steps: steps.length };
      let i = 2;
      const s = steps[i];
      let index: Key | undefined;
      if (s?.kind === 'index') {
        index = s.key;
        i++;
      }
      return { kind: 'resource', mode: 'managed', type: first.name, name: name2, ...(index !== undefined ? { index } : {}), address: `${first.name}.${name2}`, attribute: formatSteps(steps.slice(i)), steps: steps.length };
    }
  }
}

/** subjectOf for a names-only traversal: the same answers, from the dots' positions. */
function plainSubject(ref: string): Subject | undefined {
  const d1 = ref.indexOf('.');
  const d2 = d1 < 0 ? -1 : ref.indexOf('.', d1 + 1);
  const d3 = d2 < 0 ? -1 : ref.indexOf('.', d2 + 1);
  let steps = 1;
  for (let i = d1; i >= 0; i = ref.indexOf('.', i + 1)) steps++;
  const first = d1 < 0 ? ref : ref.slice(0, d1);
  const second = d1 < 0 ? undefined : ref.slice(d1 + 1, d2 < 0 ? ref.length : d2);
  const rest = (from: number): string => (from < 0 ? '' : ref.slice(from + 1));
  switch (first) {
    case 'var':
      return second !== undefined ? { kind: 'var', name: second, attribute: rest(d2), steps } : undefined;
    case 'local':
      return { kind: 'local', name: second ?? '', attribute: rest(d2), steps };
    case 'each':
    case 'count':
    case 'path':
    case 'terraform':
    case 'self':
      return { kind: 'meta', name: first, attribute: rest(d1), steps };
    case 'module':
      return second !== undefined ? { kind: 'module', name: second, attribute: rest(d2), steps } : undefined;
    case 'data': {
      if (second === undefined || d2 < 0) return undefined;
      const end = d3 < 0 ? ref.length : d3;
      return { kind: 'resource', mode: 'data', type: second, name: ref.slice(d2 + 1, end), address: ref.slice(0, end), attribute: rest(d3), steps };
    }
    default:
      if (second === undefined || !first.includes('_')) return { kind: 'other', name: first, attribute: '', steps };
      return { kind: 'resource', mode: 'managed', type: first, name: second, address: d2 < 0 ? ref : ref.slice(0, d2), attribute: rest(d2), steps };
  }
}

function subjectKey(s: Subject): string {
  return `${s.kind}|${s.mode ?? ''}|${s.type ?? ''}|${s.name}`;
}

/** Keeps, of Terraform's "full traversal, then each shorter one" lists, the most precise entry per subject. */
export function distinctSubjects(refs: readonly string[]): Subject[] {
  const out: Subject[] = [];
  // Lists are short (a traversal and its prefixes): a scan is cheaper than keyed look-ups; long ones get a map.
  const index = refs.length > 16 ? new Map<string, number>() : undefined;
  for (const r of refs) {
    const s = subjectOf(r);
    if (!s) continue;
    let at = -1;
    if (index) {
      at = index.get(subjectKey(s)) ?? -1;
    } else {
      for (let i = 0; i < out.length; i++) {
        const o = out[i]!;
        if (o.kind === s.kind && o.mode === s.mode && o.type === s.type && o.name === s.name) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) {
      index?.set(subjectKey(s), out.length);
      out.push(s);
    } else if (s.steps > out[at]!.steps) out[at] = s;
  }
  return out;
}

export function joinModule(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

/** Removes the last `module.x[key]` from a module instance path. */
export function parentModuleInstance(mi: string): string {
  const steps = parseTraversal(mi);
  if (!steps) return '';
  let cut = steps.length;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.kind === 'attr' && s.name === 'module') {
      cut = i;
      break;
    }
  }
  return formatSteps(steps.slice(0, cut));
}

/**
 * References that point elsewhere than `address` (a resource does not depend on itself). The list itself
 * when none points at it, so callers must not change what they get; the graph freezes it.
 */
export function withoutTarget(refs: Ref[], address: string): Ref[] {
  for (const r of refs) if (r.target === address) return refs.filter((x) => x.target !== address);
  return refs;
}
