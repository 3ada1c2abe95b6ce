#!/usr/bin/env node
// The package rules of ARCHITECTURE.md, checked on the sources: who may import what, no console or
// process.exit in core, no deep imports across packages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ALLOWED = {
  'driver-sdk': ['vscode-jsonrpc'],
  // re2js: Go's regexp syntax (RE2) for `ls --filter name=`, as docker-machine's regexp.MatchString.
  core: ['@berth/driver-sdk', 'ssh2', 'node-forge', 'execa', '@grpc/grpc-js', 'valibot', 'vscode-jsonrpc', 're2js'],
  cli: ['@berth/core', '@berth/driver-sdk', 'commander'],
  'driver-generic': ['@berth/driver-sdk'],
  'driver-virtualbox': ['@berth/driver-sdk', 'execa'],
  'driver-amazonec2': ['@berth/driver-sdk', '@aws-sdk/client-ec2'],
  'driver-hyperv': ['@berth/driver-sdk', 'execa'],
};
const problems = [];
for (const [pkg, allowed] of Object.entries(ALLOWED)) {
  for (const file of walk(join(root, 'packages', pkg, 'src'))) {
    if (file.endsWith('.test.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1];
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!allowed.includes(name)) problems.push(`${rel}: imports ${spec} (allowed: ${allowed.join(', ')})`);
      if (name.startsWith('@berth/') && spec !== name && !spec.endsWith('/package.json') && spec !== '@berth/driver-sdk/testing' && spec !== '@berth/core/base') {
        problems.push(`${rel}: deep import ${spec}`);
      }
    }
    if (pkg === 'core' && /\bconsole\.|process\.exit\(/.test(text)) problems.push(`${rel}: console or process.exit in core`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('boundaries: ok');

function* walk(dir) {
  let entries = [];
  try { entries = readdirSync(dir); } catch { return; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}
