import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ loaded: false }));
vi.mock('execa', async (importActual) => {
  state.loaded = true;
  return importActual();
});

describe('execa is loaded only when npm runs', () => {
  it('importing the driver commands and the core index leaves execa unloaded (ls and env never pay for it)', async () => {
    await Promise.all([
      import('../index.js'),
      import('./install-driver.js'),
      import('./remove-driver.js'),
      import('./link-driver.js'),
      import('./list-drivers.js'),
      import('./npm-runner.js'),
    ]);
    expect(state.loaded).toBe(false);
  });

  it('running npm loads it', async () => {
    const { runNpm } = await import('./npm-runner.js');
    await runNpm(['--version'], { cwd: process.cwd(), env: { BERTH_NPM: process.execPath } });
    expect(state.loaded).toBe(true);
  });
});
