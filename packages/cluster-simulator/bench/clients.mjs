// Benchmark clients, run in their own process (as the plugin is): their
// buffers and parsing never touch the simulator's heap.
//   node clients.mjs list <url> <token> <page> <parse:0|1>
//   node clients.mjs watch <url> <token> <resourceVersion> <watchers> <expectedEvents>
import http from 'node:http';

const [mode, url, token, a, b, c] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${token}` };

function get(path) {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}${path}`, { headers }, res => {
        const chunks = [];
        res.on('data', d => chunks.push(d));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

if (mode === 'list') {
  const page = Number(a);
  const parse = b === '1';
  let bytes = 0;
  let pages = 0;
  let items = 0;
  let cont = '';
  const t = Date.now();
  do {
    const body = await get(
      `/api/v1/pods?limit=${page}${
        cont ? `&continue=${encodeURIComponent(cont)}` : ''
      }`,
    );
    bytes += body.length;
    pages++;
    if (parse) {
      const list = JSON.parse(body.toString('utf8'));
      items += list.items.length;
      cont = list.metadata.continue ?? '';
    } else {
      const m = /"continue":"([^"]+)"/.exec(
        body.subarray(0, 400).toString('utf8'),
      );
      cont = m ? m[1] : '';
      items += page;
    }
  } while (cont);
  process.stdout.write(
    `${JSON.stringify({ bytes, pages, items, ms: Date.now() - t })}\n`,
  );
} else if (mode === 'watch') {
  const watchers = Number(b);
  const expected = Number(c);
  let received = 0;
  let bytes = 0;
  let ready = 0;
  let t0 = 0;
  const reqs = [];
  // One handler for every watcher: they all count into the same totals.
  const onResponse = res => {
    if (++ready === watchers) process.stdout.write('ready\n');
    res.on('data', d => {
      if (!t0) t0 = Date.now();
      bytes += d.length;
      for (let j = 0; j < d.length; j++) if (d[j] === 10) received++;
      if (received >= expected) {
        process.stdout.write(
          `${JSON.stringify({ received, bytes, ms: Date.now() - t0 })}\n`,
        );
        for (const r of reqs) r.destroy();
        process.exit(0);
      }
    });
  };
  for (let i = 0; i < watchers; i++) {
    reqs.push(
      http.get(
        `${url}/api/v1/pods?watch=true&resourceVersion=${a}`,
        { headers },
        onResponse,
      ),
    );
  }
  setTimeout(() => {
    process.stdout.write(
      `${JSON.stringify({
        received,
        bytes,
        ms: Date.now() - t0,
        timedOut: true,
      })}\n`,
    );
    process.exit(0);
  }, 180_000);
}
