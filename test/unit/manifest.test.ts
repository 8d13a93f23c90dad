import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CommandIds } from '../../src/vscode/commandIds';
import { SETTINGS_SECTION, SettingKeys } from '../../src/vscode/settingKeys';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, unknown> };
    views: Record<string, { id: string }[]>;
    menus?: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const sources = sourceFiles('src').map((file) => ({ file, text: readFileSync(file, 'utf8') }));

test('every command declared in package.json is registered by the code, and vice versa', () => {
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  const registered = Object.values(CommandIds).sort();
  assert.deepEqual(registered, declared);
});

test('commands are only registered through the CommandIds table', () => {
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/registerCommand\(\s*(['"`])([^'"`]+)\1/g)) {
      assert.fail(`${file} registers ${m[2]} with a literal id; add it to CommandIds instead`);
    }
    for (const m of text.matchAll(/['"`](pastedeck\.[A-Za-z.]+)['"`]/g)) {
      const id = m[1]!;
      const known =
        (Object.values(CommandIds) as string[]).includes(id) ||
        manifest.contributes.views.pastedeck?.some((v) => v.id === id) ||
        id.startsWith(`${SETTINGS_SECTION}.`) && Object.keys(manifest.contributes.configuration.properties).includes(id);
      assert.ok(known, `${file} names ${id}, which package.json does not declare`);
    }
  }
});

test('every setting the code reads is declared in package.json, and every declared setting is read', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties).sort();
  const read = Object.values(SettingKeys).map((k) => `${SETTINGS_SECTION}.${k}`).sort();
  assert.deepEqual(read, declared);
  const readers = sources.filter(({ text }) => text.includes('getConfiguration(')).map(({ file }) => file);
  assert.deepEqual(readers, [join('src', 'vscode', 'settings.ts')], 'configuration is read only in src/vscode/settings.ts');
});

test('every %key% used in package.json has a string in package.nls.json', () => {
  const raw = readFileSync('package.json', 'utf8');
  const keys = [...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
  assert.ok(keys.length > 0);
  for (const key of keys) assert.ok(nls[key], `package.nls.json lacks ${key}`);
});

test('menus only reference declared commands', () => {
  const declared = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
    for (const item of items) assert.ok(declared.has(item.command), `${menu} references undeclared ${item.command}`);
  }
});

test('no file in src/core or src/providers imports vscode', () => {
  for (const { file, text } of sources) {
    if (file.startsWith(join('src', 'core')) || file.startsWith(join('src', 'providers'))) {
      assert.doesNotMatch(text, /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/, file);
    }
  }
});
