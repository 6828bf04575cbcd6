// Runs `npm ci` for the browser tests (or, given a folder relative to frontend-demo, for that
// folder's package: examples/react), unless node_modules already holds exactly what
// package-lock.json pins: then nothing is fetched, so an offline build still passes.
// npm ci never downloads a browser here: playwright-core has no install script, and the
// tests drive the machine's /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', process.argv[2] ?? '.');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

function installedVersion(path) {
  const manifest = join(root, path, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : null;
}

const missing = Object.entries(lock.packages ?? {})
  // A linked package (the example's file:../.. client) is the folder itself, not a download.
  .filter(([path, entry]) => path !== '' && !path.startsWith('..') && !entry.link && !entry.optional)
  .filter(([path, entry]) => installedVersion(path) !== entry.version)
  .map(([path]) => path);

if (missing.length === 0) {
  console.log('node_modules matches package-lock.json: npm ci skipped');
} else {
  const named = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
  console.log(`npm ci in ${root} (${named} missing or outdated)`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exitCode = npm.status ?? 1;
}
