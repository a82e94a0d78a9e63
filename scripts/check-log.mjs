// Checks a Pairtrail event log with no Pairtrail code: every stream's hash chain, and the head digest a
// report quotes. Give it the log as `pairtrail audit events` or GET /audit/events wrote it (one event
// per line, as stored):
//
//   node scripts/check-log.mjs events.jsonl
//
// It needs Node.js 18 or later and the `canonicalize` package, version 4 (`npm install canonicalize@4`:
// RFC 8785 by one of its authors); Pairtrail itself hashes with another implementation. Copy this file anywhere to run it apart from Pairtrail. It exits 0
// when every chain holds, 1 when one does not (each break named), 2 when the file cannot be read as a log.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import canonicalize from 'canonicalize';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

// An event's hash: SHA-256 over the canonical JSON of its stream, revision (a string), id, type, schema
// version, data, and metadata without the hash itself. The global position is left out, so a copy of
// the log into another store keeps every chain.
function hashOf(event) {
  const { hash: _hash, ...metadata } = event.metadata;
  return sha256(
    canonicalize({
      stream: event.stream,
      revision: event.revision,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: metadata.schemaVersion,
      data: event.data,
      metadata,
    }),
  );
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node check-log.mjs EVENTS.jsonl (from `pairtrail audit events` or GET /audit/events)');
  process.exit(2);
}

const heads = new Map(); // stream -> { revision, hash, broken }
const breaks = [];
let events = 0;
let position = null;
let line = 0;
for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  line += 1;
  if (text.trim() === '') continue;
  let event;
  try {
    event = JSON.parse(text);
  } catch {
    console.error(`line ${line} is not JSON: this is not a log as Pairtrail writes it.`);
    process.exit(2);
  }
  if (typeof event?.stream !== 'string' || typeof event.metadata !== 'object' || event.metadata === null) {
    console.error(`line ${line} is not an event (no stream or metadata): this is not a log as Pairtrail writes it.`);
    process.exit(2);
  }
  events += 1;
  position = event.position;
  const head = heads.get(event.stream);
  const hash = typeof event.metadata.hash === 'string' ? event.metadata.hash : '';
  const fail = (reason) => {
    if (!head?.broken) breaks.push(`stream ${event.stream}, revision ${event.revision} (line ${line}): ${reason}`);
    heads.set(event.stream, { revision: event.revision, hash, broken: true });
  };
  const expected = head ? String(BigInt(head.revision) + 1n) : '0';
  if (String(event.revision) !== expected) {
    fail(`revision ${event.revision} where ${expected} was due: an event is missing or out of place`);
    continue;
  }
  if ((event.metadata.prevHash ?? null) !== (head ? head.hash : null)) {
    fail("its prevHash is not the previous event's hash");
    continue;
  }
  if (hashOf(event) !== hash) {
    fail('its hash is not what its content gives: it was changed after it was written');
    continue;
  }
  heads.set(event.stream, { revision: event.revision, hash, broken: head?.broken ?? false });
}

// The head digest: SHA-256 over "stream\nlast revision\nlast hash\n" for every stream, in order of name.
const names = [...heads.keys()].sort();
const digest = sha256(names.map((name) => `${name}\n${heads.get(name).revision}\n${heads.get(name).hash}\n`).join(''));
console.log(`${breaks.length === 0 ? 'ok' : 'FAILED'}: ${events} events in ${names.length} streams, up to position ${position ?? 'none'}`);
console.log(`head digest ${digest}`);
for (const broken of breaks) console.log(`broken: ${broken}`);
process.exit(breaks.length === 0 ? 0 : 1);
