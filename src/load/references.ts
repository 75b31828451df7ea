/** Reference strings (`azurerm_x.y[0].id`, `var.x`, `module.m.out`) read as what they name: shared by the plan and .tf loaders. */
import { formatSteps, parseTraversal } from '../graph/traversal.js';
import type { Key } from '../graph/types.js';

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
  /** For a module call: the call's instance key, then the output name in `attribute`. */
  readonly attribute: string;
  readonly steps: number;
}

export function subjectOf(ref: string): Subject | undefined {
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
      return { kind: 'local', name: name2 ?? '', attribute: '', steps: steps.length };
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
      return { kind: 'resource', mode: 'data', type: t, name: n.name, ...(index !== undefined ? { index } : {}), attribute: formatSteps(steps.slice(i)), steps: steps.length };
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
      return { kind: 'resource', mode: 'managed', type: first.name, name: name2, ...(index !== undefined ? { index } : {}), attribute: formatSteps(steps.slice(i)), steps: steps.length };
    }
  }
}

/** Keeps, of Terraform's "full traversal, then each shorter one" lists, the most precise entry per subject. */
export function distinctSubjects(refs: readonly string[]): Subject[] {
  const best = new Map<string, Subject>();
  for (const r of refs) {
    const s = subjectOf(r);
    if (!s) continue;
    const key = `${s.kind}|${s.mode ?? ''}|${s.type ?? ''}|${s.name}`;
    const prev = best.get(key);
    if (!prev || s.steps > prev.steps) best.set(key, s);
  }
  return [...best.values()];
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

