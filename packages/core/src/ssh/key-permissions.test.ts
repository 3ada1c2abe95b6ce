import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKeyFilePermissions, keyPermissionProblem } from './key-permissions.js';

describe('key file permissions', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("words the problem as docker-machine and OpenSSH do", () => {
    expect(keyPermissionProblem('/k', 0o100644)).toBe("permissions 0644 for '/k' are too open");
    expect(keyPermissionProblem('/k', 0o100640)).toBe("permissions 0640 for '/k' are too open");
    expect(keyPermissionProblem('/k', 0o100600)).toBeUndefined();
    expect(keyPermissionProblem('/k', 0o100400)).toBeUndefined();
  });

  it('accepts 0600, refuses 0644 with a chmod hint, and a missing file', async () => {
    const key = join(dir, 'id_rsa');
    await writeFile(key, 'k', { mode: 0o600 });
    await expect(checkKeyFilePermissions(key)).resolves.toBeUndefined();
    await chmod(key, 0o644);
    await expect(checkKeyFilePermissions(key)).rejects.toMatchObject({
      code: 'SSH_KEY_PERMISSIONS',
      message: `permissions 0644 for '${key}' are too open`,
      hint: `Run \`chmod 600 '${key}'\`.`,
    });
    await expect(checkKeyFilePermissions(key, { platform: 'win32' })).resolves.toBeUndefined();
    await expect(checkKeyFilePermissions(join(dir, 'missing'))).rejects.toMatchObject({
      code: 'SSH_KEY_NOT_FOUND',
      message: `'${join(dir, 'missing')}' is not readable`,
    });
    await chmod(key, 0o000);
    await expect(checkKeyFilePermissions(key)).rejects.toMatchObject({ code: 'SSH_KEY_NOT_FOUND' });
  });
});
