/** The published package: `npm pack`, installed into an empty folder, runs `npx synapse-lint` on an example. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const work = scratchDir('synapse-lint-pack-');

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm package', () => {
  it('packs only what runs, installs from the tarball, and lints with npx', { timeout: 300_000 }, () => {
    // dist/ is already built by `npm test`; packing must not need the source tree's scripts.
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    assert.ok(files.includes('bin/synapse-lint.js'));
    assert.ok(files.includes('dist/src/cli.js'));
    assert.ok(files.includes('rules/catalog.json'));
    assert.ok(files.includes('schema/synapse-lint.schema.json'));
    for (const f of files) assert.doesNotMatch(f, /^(test|fixtures|src|scripts|dist\/test)\/|\.ts$|node_modules/, `${f} should not be in the package`);

    const project = path.join(work, 'project');
    mkdirSync(project);
    cpSync(path.join(ROOT, 'examples/seed-blog'), path.join(project, 'infra'), { recursive: true });
    mkdirSync(path.join(project, '.git'));
    const install = npm(['install', '--no-save', '--prefer-offline', path.join(work, info!.filename)], project);
    assert.equal(install.status, 0, install.stderr);

    const run = spawnSync('npx', ['--no-install', 'synapse-lint', 'infra', '--no-color'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /infra\/main\.tf:\d+:\d+ +error +SYN202/);
    const version = spawnSync('npx', ['--no-install', 'synapse-lint', '--version'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
