// Child process: `node engine-server.mjs CERTS_DIR PORT` serves the fake engine until killed.
import { issueServerCert, startFakeEngine } from './fake-engine.mjs';

const [certsDir, port] = process.argv.slice(2);
await startFakeEngine(issueServerCert(certsDir), Number(port));
process.stdout.write('ready\n');
