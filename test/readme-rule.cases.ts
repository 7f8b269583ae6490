// The README's example rule is a real rule file: the copy in the README is the file, and the file passes
// `kube-doctor rules test` and `kube-doctor rules lint` like any rule a reader would write from it.
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/cli.js';

const FILE = 'docs/example-rule/image-pull-dns.yml';
const root = new URL('../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const dir = fileURLToPath(new URL('docs/example-rule/', root));

test('the README shows the example rule file as it is', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Writing a rule'));
  const block = /```yaml\n([\s\S]*?)```\n/.exec(section)?.[1];
  expect(section).toContain(`(${FILE})`);
  expect(block).toBe(read(FILE));
});

test('the example rule passes rules test and rules lint', async () => {
  const tested = await runCli(['rules', 'test', dir]);
  expect(tested.stdout).toBe('1 rules, 3 examples: 3 passed, 0 failed\n');
  expect(tested.code).toBe(0);
  const linted = await runCli(['rules', 'lint', dir]);
  expect(linted.stdout).toBe('1 rules: 0 errors, 0 warnings\n');
  expect(linted.code).toBe(0);
});
