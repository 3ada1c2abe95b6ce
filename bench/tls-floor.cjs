// `node tls-floor.cjs MACHINE_DIR PORT COUNT`: what Node alone takes for COUNT resumed mutual-TLS
// `GET /version` requests to the fake engine, with no berth code (no store, no driver, no output).
// The bench prints it beside `ls` and `env`: the part of their time no implementation in Node can save.
// It resumes the TLS session berth stored for the machine (run `berth ls` once first), as `ls` does.
'use strict';
const { readFileSync } = require('node:fs');
const { request } = require('node:https');
const { createSecureContext } = require('node:tls');

const [dir, port, count] = process.argv.slice(2);
// No CA, as berth's resuming context: only a resumed session is accepted (checked below).
const secureContext = createSecureContext({ ca: [], cert: readFileSync(`${dir}/cert.pem`), key: readFileSync(`${dir}/key.pem`) });
const session = Buffer.from(JSON.parse(readFileSync(`${dir}/.berth-tls-session`, 'utf8')).session, 'base64');
let done = 0;
for (let i = 0; i < Number(count); i++) {
  const req = request({ host: '127.0.0.1', port: Number(port), path: '/version', agent: false, secureContext, session, rejectUnauthorized: false }, (res) => {
    res.resume();
    res.on('end', () => {
      if (++done === Number(count)) process.stdout.write('ok\n');
    });
  });
  req.on('socket', (socket) => socket.once('secureConnect', () => {
    if (!socket.isSessionReused()) {
      process.stderr.write('the stored TLS session was not resumed: not a floor\n');
      process.exitCode = 1;
    }
  }));
  req.on('error', (err) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  });
  req.end();
}
