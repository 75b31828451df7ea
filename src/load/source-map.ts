/**
 * Finds the .tf block behind each plan address, so that plan findings point at the line
 * a person edits (SPEC §5). Only positions are needed: no HCL parser runs here.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { AttributeLocations, CoveringBlock, SourceRange } from '../graph/types.js';
import { configFiles, downloadedModules, hasConfigFiles, moduleFolder, repositoryRoot } from './files.js';
import { resourceBlockKey, resourceBlocks, type BlockPos, type Range } from './hcl/positions.js';
import { nativeText, sourcePositions } from './json-syntax.js';
import { isOverrideFile, overridesIgnoreChanges, readingOrder } from './override.js';
import { joinModule } from './references.js';
import { ignoreChangesFromSource } from './template.js';
import { decodeText } from './text.js';

export interface MappedSource {
  readonly location: SourceRange;
  readonly attributeLocations: AttributeLocations;
  /** The text of an attribute's value as written (`provisioner.local-exec.command`; `nth`: of the nth provisioner of that type). */
  readonly rawValue: (path: string, nth?: number) => string | undefined;
  /** `lifecycle { ignore_changes }` as Terraform takes it, overrides merged. */
  readonly ignoreChanges: () => 'all' | string[];
}

/**
 * Finds an attribute of a block by path (`provisioner.local-exec.command`) and returns its value's text.
 * `nth` picks among provisioners of the same type, in source order.
 */
export function rawAttribute(text: string, block: BlockPos, attributePath: string, nth = 0): string | undefined {
  const parts = attributePath.split('.');
  let b: BlockPos | undefined = block;
  let i = 0;
  while (b && i < parts.length - 1) {
    const type: string = parts[i]!;
    if (type === 'provisioner') {
      const label = parts[i + 1];
      b = b.blocks.filter((c) => c.type === 'provisioner' && c.labels[0] === label)[nth];
      i += 2;
    } else {
      b = b.blocks.find((c) => c.type === type);
      i += 1;
    }
  }
  const attr = b?.attributes.get(parts[parts.length - 1]!);
  return attr ? text.slice(attr.valueRange.start.offset, attr.valueRange.end.offset) : undefined;
}

export interface SourceText {
  readonly shown: string;
  readonly text: string;
}

function toRange(file: string, r: Range): SourceRange {
  return { file, startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

/** The first line of a block. */
export function blockHeader(file: string, b: BlockPos): SourceRange {
  const s = b.range.start;
  const sameLine = b.range.end.line === s.line;
  return { file, startLine: s.line, startColumn: s.column, endLine: s.line, endColumn: sameLine ? b.range.end.column : b.typeRange.end.column };
}

/** Attribute ranges of a block: `name`, and `block.name` for nested blocks (`provisioner.local-exec.command`). */
export function attributeRanges(file: string, block: BlockPos): Map<string, SourceRange> {
  const out = new Map<string, SourceRange>();
  const visit = (b: BlockPos, prefix: string, depth: number): void => {
    for (const [name, a] of b.attributes) {
      const key = prefix ? `${prefix}.${name}` : name;
      if (!out.has(key)) out.set(key, toRange(file, a.range));
    }
    if (depth >= 8) return;
    for (const child of b.blocks) {
      const base = child.type === 'provisioner' ? `provisioner.${child.labels[0] ?? ''}` : child.type;
      const key = prefix ? `${prefix}.${base}` : base;
      if (!out.has(key)) out.set(key, blockHeader(file, child));
      visit(child, key, depth + 1);
    }
  };
  visit(block, '', 0);
  return out;
}

/** A block's attribute ranges, listed when one is first asked for: findings point at few of the resources. */
export class BlockAttributes implements AttributeLocations {
  #ranges: Map<string, SourceRange> | undefined;

  constructor(
    private readonly file: string,
    private readonly block: BlockPos,
  ) {}

  get(attribute: string): SourceRange | undefined {
    return (this.#ranges ??= attributeRanges(this.file, this.block)).get(attribute);
  }
}

/** A resource block as written, and the blocks of override files merged into it, in merge order. */
export interface Layer {
  readonly file: string;
  readonly block: BlockPos;
}

/** The block that sets an attribute path in the merged resource: the last override that writes it, else the primary block. */
export function layerOf(layers: readonly Layer[], attribute: string): Layer {
  const [top = '', second] = attribute.split('.');
  for (let i = layers.length - 1; i > 0; i--) {
    const b = layers[i]!.block;
    if (writes(b, top, second)) return layers[i]!;
  }
  return layers[0]!;
}

function writes(b: BlockPos, top: string, second: string | undefined): boolean {
  if (top === 'lifecycle') {
    const l = b.blocks.find((c) => c.type === 'lifecycle');
    return l !== undefined && (second === undefined || l.attributes.has(second));
  }
  return b.attributes.has(top) || b.blocks.some((c) => c.type === top || (c.type === 'dynamic' && c.labels[0] === top));
}

/** Attribute positions of a resource with overrides: each attribute where the block that sets it writes it. */
export class LayeredAttributes implements AttributeLocations {
  readonly #each: BlockAttributes[];

  constructor(private readonly layers: readonly Layer[]) {
    this.#each = layers.map((l) => new BlockAttributes(l.file, l.block));
  }

  get(attribute: string): SourceRange | undefined {
    return this.#each[this.layers.indexOf(layerOf(this.layers, attribute))]!.get(attribute);
  }
}

interface ModuleFile {
  readonly shown: string;
  readonly text: string;
  /** In Terraform's JSON syntax (`.tf.json`). */
  readonly json: boolean;
  /** An override file: its blocks are merged into those of the primary files. */
  readonly override: boolean;
  readonly blocks: readonly BlockPos[];
}

interface Placed {
  readonly file: ModuleFile;
  readonly block: BlockPos;
}

interface ModuleFiles {
  /** In Terraform's reading order. */
  readonly files: readonly ModuleFile[];
  /**
   * Each resource or data block by keyword, type and name: the first in a primary file, then those of
   * override files in Terraform's merge order. Found without a scan per resource.
   */
  readonly blocks: ReadonlyMap<string, readonly Placed[]>;
}

/** Locates plan resources in the .tf files under a source root, following the plan's module calls. */
export class SourceLocator {
  readonly #modules = new Map<string, ModuleFiles | null>();
  readonly #repo: string;
  #downloaded: Map<string, string> | undefined;
  readonly texts: SourceText[] = [];

  constructor(
    readonly rootDir: string,
    readonly cwd: string,
    /** Module path (`module.a.module.b`) -> the source string of its call, from the plan's configuration. */
    readonly callSources: ReadonlyMap<string, string>,
  ) {
    this.#repo = safeReal(repositoryRoot(rootDir));
  }

  private folder(modulePath: string): string | undefined {
    if (modulePath === '') return this.rootDir;
    const cut = modulePath.lastIndexOf('.module.');
    const parentPath = cut < 0 ? '' : modulePath.slice(0, cut);
    const parentDir = this.folder(parentPath);
    const source = this.callSources.get(modulePath);
    if (parentDir === undefined || source === undefined) return undefined;
    const key = modulePath.replace(/^module\./, '').split('.module.').join('.');
    const where = moduleFolder(source, parentDir, this.rootDir, this.#repo, key, () => (this.#downloaded ??= downloadedModules(this.rootDir)));
    return typeof where === 'string' ? undefined : where.dir;
  }

  private files(modulePath: string): ModuleFiles | null {
    const hit = this.#modules.get(modulePath);
    if (hit !== undefined) return hit;
    const dir = this.folder(modulePath);
    let result: ModuleFiles | null = null;
    if (dir !== undefined) {
      try {
        const files: ModuleFile[] = [];
        for (const abs of readingOrder(configFiles(dir), (f) => f)) {
          const shown = (path.relative(this.cwd, abs) || path.basename(abs)).split(path.sep).join('/');
          let text: string;
          try {
            text = decodeText(readFileSync(abs), shown, !abs.endsWith('.json'));
          } catch {
            continue; // a file that cannot be read (binary, an empty .tf.json): the others still place their blocks
          }
          this.texts.push({ shown, text });
          files.push({ shown, text, json: abs.endsWith('.json'), override: isOverrideFile(abs), blocks: sourcePositions(abs, text).blocks });
        }
        const blocks = new Map<string, Placed[]>();
        for (const file of files) {
          for (const [key, block] of resourceBlocks(file.blocks)) {
            const layers = blocks.get(key);
            if (!layers) blocks.set(key, [{ file, block }]);
            // A second block in a primary file is a duplicate, which Terraform rejects: the first one is the block.
            else if (file.override) layers.push({ file, block });
          }
        }
        result = { files, blocks };
      } catch {
        result = null;
      }
    }
    this.#modules.set(modulePath, result);
    return result;
  }

  /**
   * In the modules located so far, the blocks whose suppressions cover findings by address: the `module` block
   * of each, and every block of a resource that override files add to.
   */
  coveringBlocks(): CoveringBlock[] {
    const out: CoveringBlock[] = [];
    const add = (file: ModuleFile, block: BlockPos, kind: CoveringBlock['kind'], covers: string): void =>
      void out.push({ file: file.shown, from: block.range.start.line, to: block.range.end.line, kind, covers });
    for (const [modulePath, mf] of [...this.#modules]) {
      if (!mf) continue;
      for (const placed of mf.blocks.values()) {
        if (placed.length < 2) continue;
        const { type, labels } = placed[0]!.block;
        const covers = joinModule(modulePath, `${type === 'data' ? 'data.' : ''}${labels[0]}.${labels[1]}`);
        for (const p of placed) add(p.file, p.block, 'resource', covers);
      }
      if (modulePath === '') continue;
      const cut = modulePath.lastIndexOf('.module.');
      const parent = this.files(cut < 0 ? '' : modulePath.slice(0, cut));
      const name = modulePath.slice(cut < 0 ? 'module.'.length : cut + '.module.'.length);
      // The call's block in a primary file (the first, as Terraform rejects a second), and those of override files.
      let primary = false;
      for (const file of parent?.files ?? []) {
        if (primary && !file.override) continue;
        const block = file.blocks.find((b) => b.type === 'module' && b.labels[0] === name);
        if (!block) continue;
        primary ||= !file.override;
        add(file, block, 'module', modulePath);
      }
    }
    return out;
  }

  /** The block of `mode type.name` in module `modulePath` (a configuration path, without instance keys). */
  locate(modulePath: string, mode: 'managed' | 'data', type: string, name: string): MappedSource | undefined {
    const mf = this.files(modulePath);
    if (!mf) return undefined;
    const placed = mf.blocks.get(resourceBlockKey(mode === 'data' ? 'data' : 'resource', type, name));
    if (!placed) return undefined;
    const { file, block } = placed[0]!;
    const layers = placed.map((p) => ({ file: p.file.shown, block: p.block }));
    const raw = (from: Placed, p: string, nth?: number): string | undefined => {
      const text = rawAttribute(from.file.text, from.block, p, nth);
      return text !== undefined && from.file.json ? nativeText(text) : text;
    };
    return {
      location: blockHeader(file.shown, block),
      attributeLocations: placed.length === 1 ? new BlockAttributes(file.shown, block) : new LayeredAttributes(layers),
      rawValue: (p, nth) => raw(placed[layers.indexOf(layerOf(layers, p))]!, p, nth),
      ignoreChanges: () => {
        let taken: 'all' | string[] = [];
        for (const [i, from] of placed.entries()) {
          const text = raw(from, 'lifecycle.ignore_changes');
          if (text === undefined) continue;
          const v = ignoreChangesFromSource(text);
          if (i === 0 || overridesIgnoreChanges(taken, v)) taken = v;
        }
        return taken;
      },
    };
  }
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The folder whose .tf files are behind a plan: --source-root, else the plan's folder, else the working directory. */
export function sourceRootFor(planFile: string | undefined, sourceRoot: string | undefined, cwd: string): string | undefined {
  if (sourceRoot !== undefined) return path.resolve(cwd, sourceRoot);
  if (planFile !== undefined) {
    const dir = path.dirname(path.resolve(cwd, planFile));
    if (hasConfigFiles(dir)) return dir;
  }
  return hasConfigFiles(cwd) ? cwd : undefined;
}
