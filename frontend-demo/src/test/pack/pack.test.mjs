// The client as a user gets it: `npm pack` makes the tarball, a fresh project installs it (no
// registry needed: the client has no dependencies) and type-checks code that uses it with the
// tsc of this module. Runs after the types are generated (tsconfig.json); work in target/pack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const work = join(root, 'target', 'pack');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

test('the packed client installs into a fresh project, with its types', () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], root);
  assert.equal(pack.status, 0, pack.output);
  const [packed] = JSON.parse(pack.output.slice(pack.output.indexOf('[')));
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, ['README.md', 'package.json', 'src/main/js/backchannel-client.js', 'types/backchannel-client.d.ts']);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], app);
  assert.equal(install.status, 0, install.output);

  writeFileSync(
    join(app, 'main.ts'),
    `import { BackchannelClient, isTerminal } from '@backchannel/client';

const client = new BackchannelClient({ getToken: async () => 'token', longPollSeconds: 10 });
client.on('event', (event) => console.log(event));
const request = await client.submit('report', { steps: 3 }, { timeoutMillis: 5000 });
const done: boolean = isTerminal(request.status);
const id: string = request.correlationId;
console.log(done, id, client.token);
// @ts-expect-error: the option is a number
new BackchannelClient({ pollIntervalMs: 'often' });
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ES2022',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        strict: true,
        noEmit: true,
      },
      include: ['main.ts'],
    }),
  );
  const check = run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  assert.equal(check.status, 0, check.output);
  assert.match(readFileSync(join(app, 'node_modules', '@backchannel', 'client', 'package.json'), 'utf8'), /"types"/);
});
