import { afterEach, it } from 'vitest';
import { cleanup, createNone, newStore, runBerth } from './helpers/run-berth.js';
import { deadPort, startFakeEngine } from './helpers/fake-engine.js';
afterEach(cleanup);
it('scratch', async () => {
  const store = await newStore();
  const port = await deadPort();
  await createNone(store, 'm1', `tcp://127.0.0.1:${port}`);
  const before = await runBerth(['env', 'm1'], { store });
  console.log(JSON.stringify(before));
  const engine = await startFakeEngine(store);
  await createNone(store, 'm2', engine.url, ['--engine-label', 'a=b']);
  for (const args of [['ls'], ['ls', '--json'], ['env', 'm2'], ['env', '--shell', 'cmd', 'm2'], ['env', '-u'], ['env', '--no-proxy', 'm2'], ['config', 'm2'], ['version', 'm2'], ['ls', '--format', 'table {{.Name}}\t{{.State}}']]) {
    const r = await runBerth(args, { store, env: { DOCKER_HOST: engine.url, NO_PROXY: 'localhost' } });
    console.log(args.join(' '), JSON.stringify(r));
  }
  console.log(JSON.stringify(engine.requests));
});
