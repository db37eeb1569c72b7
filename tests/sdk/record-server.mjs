#!/usr/bin/env node
// Throwaway recording server for the Wix SDK contract harness.
//
// Listens on 127.0.0.1 only, answers every request with HTTP 200 and the body `{}`, and
// logs one JSON line per request: method, path, query string (raw and decoded), headers
// (Authorization masked) and the JSON body. It is how WIRE.md was produced: it shows
// exactly what the official SDK puts on the wire, independent of any sandbox.
//
// Usage
//   node record-server.mjs [--port N] [--out FILE]
//       Serve until Ctrl-C. Log lines go to FILE (or stdout).
//   node record-server.mjs [--port N] [--out FILE] -- <command> [args...]
//       Start the server, run <command> with WIX_BASE_URL pointing at it (and dummy
//       WIX_SITE_ID / WIX_API_KEY / WIX_FIXTURES unless already set), stop when the
//       command exits, and exit with its status. Example:
//         node record-server.mjs --out /tmp/wire.jsonl -- node harness.mjs > /tmp/harness.json
import http from 'node:http';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const opts = { port: 0, out: null, command: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { opts.command = argv.slice(i + 1); break; }
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--out') opts.out = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.command && opts.command.length === 0) throw new Error('nothing after --');
  return opts;
}

// Same shape of dummy fixtures the harness needs; only used when WIX_FIXTURES is unset.
const DUMMY_FIXTURES = {
  serviceName: 'Yoga Basics',
  serviceId: 'fixture-service-id',
  sessionDate: '2026-03-14',
  timeZone: 'Europe/Berlin',
  country: 'DE',
  existingContactEmail: 'ana@example.org',
  newContact: { firstName: 'Sdk', lastName: 'Harness', email: 'sdk-harness@example.org' },
  member: { contactId: 'fixture-member-contact-id', memberId: 'fixture-member-id', email: 'mia@example.org' },
  planName: '10-class pass',
};

function maskHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'authorization') {
      const s = String(v);
      out[k] = s ? `<masked:${s.length} chars>` : '<empty>';
    } else {
      out[k] = v;
    }
  }
  return out;
}

function decodeQuery(search) {
  const params = new URLSearchParams(search);
  const decoded = {};
  for (const [k, v] of params) {
    (decoded[k] ??= []).push(v);
  }
  // `.r` is the SDK's base64url(JSON) encoding for GET requests whose params do not fit
  // a flat query string (see @wix/sdk-runtime/build/rest-modules.js toURLSearchParams).
  if (decoded['.r']) {
    try {
      const b64 = decoded['.r'][0].replace(/-/g, '+').replace(/_/g, '/');
      decoded['.r(decoded)'] = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
    } catch { /* leave as is */ }
  }
  return decoded;
}

export function startRecordServer({ port = 0, onRecord }) {
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      if (raw) {
        try { body = JSON.parse(raw); } catch { body = { $unparsed: raw }; }
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      onRecord({
        seq: ++seq,
        method: req.method,
        path: url.pathname,
        rawPath: req.url.split('?')[0],
        query: url.search ? url.search.slice(1) : '',
        queryDecoded: url.search ? decodeQuery(url.search) : {},
        headers: maskHeaders(req.headers),
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-wix-request-id': `rec-${seq}` });
      res.end('{}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sink = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
  const server = await startRecordServer({
    port: opts.port,
    onRecord: (rec) => sink.write(`${JSON.stringify(rec)}\n`),
  });
  const { port } = server.address();
  const baseUrl = `http://127.0.0.1:${port}`;
  process.stderr.write(`record-server listening on ${baseUrl}\n`);

  if (!opts.command) return; // serve until killed

  const env = {
    ...process.env,
    WIX_BASE_URL: baseUrl,
    WIX_SITE_ID: process.env.WIX_SITE_ID ?? 'record-site-id',
    WIX_API_KEY: process.env.WIX_API_KEY ?? 'record-api-key',
    WIX_FIXTURES: process.env.WIX_FIXTURES ?? JSON.stringify(DUMMY_FIXTURES),
  };
  const child = spawn(opts.command[0], opts.command.slice(1), { env, stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(sig ? 1 : c ?? 1)));
  server.close();
  if (sink !== process.stdout) await new Promise((r) => sink.end(r));
  process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(2);
  });
}
