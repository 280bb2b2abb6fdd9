// tests/e2e/lib/faulty_link.mjs: a bad link between the browser and aduan-server, for tests of
// sync that must deliver exactly once: an HTTP relay on loopback that passes everything until
// startFaults(), then follows a fixed plan for the sync requests (pushes and pulls).
//
// Two faults, the two a phone in a weak signal meets:
//   reset  the connection is closed before the request reaches the server: nothing happened;
//   cut    the server answers (it has stored what was pushed), and the relay sends the answer's
//          head and half its body, then closes: the device cannot know it was stored.
// The plan is fixed, not random, so a failure is repeatable, and bounded: after it everything
// passes. Static files always pass (the page and the worker are not what is under test).
import http from 'node:http';

const PLAN = {
  push: ['reset', 'cut', 'pass', 'cut'],
  pull: ['cut', 'pass', 'reset'],
};

function kindOf(path) {
  if (path.endsWith('reports:push')) return 'push';
  if (path.endsWith('events:pull')) return 'pull';
  return null;
}

// Relays to aduan-server on `targetPort`; returns { url, startFaults(), stopFaults(), faults(),
// close() }.
export async function faultyLink(targetPort) {
  let faulty = false;
  const seen = { push: 0, pull: 0 };
  const counts = { resets: 0, cuts: 0, passed: 0 };
  const sockets = new Set();

  const relay = http.createServer((request, response) => {
    const kind = kindOf(request.url);
    let fault = 'pass';
    if (faulty && kind) fault = PLAN[kind][seen[kind]++] || 'pass';
    const body = [];
    request.on('data', (chunk) => body.push(chunk));
    request.on('end', () => {
      if (fault === 'reset') {
        counts.resets++;
        request.socket.destroy();
        return;
      }
      const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: request.method,
        path: request.url, headers: request.headers }, (answer) => {
        const parts = [];
        answer.on('data', (chunk) => parts.push(chunk));
        answer.on('end', () => {
          const whole = Buffer.concat(parts);
          response.writeHead(answer.statusCode, answer.headers);
          if (fault === 'cut' && whole.length > 1) {
            counts.cuts++;
            response.write(whole.subarray(0, whole.length >> 1));
            response.socket.destroy();
            return;
          }
          counts.passed++;
          response.end(whole);
        });
      });
      // The server is down (the offline days): the device sees a closed connection.
      upstream.on('error', () => request.socket.destroy());
      upstream.end(Buffer.concat(body));
    });
  });
  relay.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((ready) => relay.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${relay.address().port}`,
    startFaults() { faulty = true; },
    stopFaults() { faulty = false; },
    faults() { return { ...counts }; },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => relay.close(done));
    },
  };
}
