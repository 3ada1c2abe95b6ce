// `node tls-floor.cjs MACHINE_DIR PORT COUNT`: what Node alone takes for COUNT resumed mutual-TLS
// `GET /version` requests to the fake engine, with no berth code (no store, no driver, no output).
// The bench prints it beside `ls` and `env`: the part of their time no implementation in Node can save.
// It makes the requests the way berth does (docker-version.ts): a plain TLS socket, not node:https,
// resuming the session berth stored for the machine (run `berth ls` once first) on a context that
// trusts no CA and holds no client certificate, and one HTTP/1.1 request with `Connection: close`.
'use strict';
const { readFileSync } = require('node:fs');
const { connect, createSecureContext } = require('node:tls');

const [dir, port, count] = process.argv.slice(2);
const secureContext = createSecureContext({ ca: [] });
const session = Buffer.from(JSON.parse(readFileSync(`${dir}/.berth-tls-session`, 'utf8')).session, 'base64');
const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
};
let done = 0;
for (let i = 0; i < Number(count); i++) {
  const socket = connect({ host: '127.0.0.1', port: Number(port), secureContext, session, rejectUnauthorized: false });
  let answer = '';
  socket.once('secureConnect', () => {
    // Only a resumed session is accepted (the context trusts nothing): anything else is not the floor.
    if (!socket.isSessionReused()) fail('the stored TLS session was not resumed: not a floor');
    socket.write(`GET /version HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
  });
  socket.on('data', (chunk) => (answer += chunk));
  socket.on('end', () => {
    socket.destroy();
    if (!answer.startsWith('HTTP/1.1 200 ')) fail(`the engine answered: ${answer.split('\r\n')[0] || '(nothing)'}`);
    if (++done === Number(count)) process.stdout.write('ok\n');
  });
  socket.on('error', (err) => fail(err.message));
}
