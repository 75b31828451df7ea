/** Where configuration files are, and which folders a scan may read. */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** The repository a scan root belongs to: the nearest folder with .git, else the scan root itself. */
export function repositoryRoot(start: string): string {
  return repositoryOf(start) ?? start;
}

/** The nearest folder from `start` upward that has `.git`, if there is one. */
export function repositoryOf(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The .tf and .tf.json files of a module folder, sorted. Hidden files are not configuration, as for
 * Terraform: an editor's lock file (`.#main.tf`, a link to nowhere) or a file set aside (`.old.tf`).
 */
export function configFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && !d.name.startsWith('.') && (d.name.endsWith('.tf') || d.name.endsWith('.tf.json')))
    .map((d) => path.join(dir, d.name))
    .sort();
}

export function hasConfigFiles(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && configFiles(dir).length > 0;
  } catch {
    return false;
  }
}

/** `.terraform/modules/modules.json` of a root module: module call key (`a.b`) -> folder relative to the root. */
export function downloadedModules(rootDir: string): Map<string, string> {
  const map = new Map<string, string>();
  try {
    const doc = JSON.parse(readFileSync(path.join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8')) as { Modules?: unknown };
    for (const m of Array.isArray(doc.Modules) ? doc.Modules : []) {
      const key = (m as { Key?: unknown }).Key;
      const dir = (m as { Dir?: unknown }).Dir;
      if (typeof key === 'string' && typeof dir === 'string' && key !== '') map.set(key, dir);
    }
  } catch {
    // No modules.json: terraform init has not run here.
  }
  return map;
}

function realParent(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** The message for a registry or git module that `terraform init` has not fetched: a note, not a failure. */
export const NOT_DOWNLOADED = (source: string): string => `source "${source}" is not downloaded (run \`terraform init\` to lint it)`;

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

/**
 * The folder of a module call, or why it is not followed: a registry or git source not
 * downloaded, a path that leaves the repository (by `..` or a symbolic link), a link loop.
 */
export function moduleFolder(source: string, parentDir: string, rootDir: string, repoReal: string, callKey: string, downloaded: () => Map<string, string>): { dir: string; real: string } | string {
  const expression = /^\$\{([\s\S]*)\}$/.exec(source);
  if (expression) return `source is an expression (${expression[1]}), which Terraform rejects: a module source is a literal string`;
  let dir: string;
  if (isLocalSource(source)) dir = path.resolve(parentDir, source);
  else {
    const rel = downloaded().get(callKey);
    if (!rel) return NOT_DOWNLOADED(source);
    dir = path.resolve(rootDir, rel);
  }
  // Checked before touching the file system: a path that leaves the repository is not even looked at.
  if (!within(repoReal, dir) && !within(repoReal, path.resolve(realParent(parentDir), source))) return `source "${source}" leaves the repository; not followed`;
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? `source "${source}" is a symbolic link loop; not followed` : `source "${source}" does not exist`;
  }
  if (!within(repoReal, real)) return `source "${source}" leaves the repository; not followed`;
  try {
    if (!statSync(real).isDirectory()) return `source "${source}" is not a directory`;
  } catch {
    return `source "${source}" cannot be read`;
  }
  return { dir, real };
}
