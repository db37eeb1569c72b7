// Small assertion helpers for the harness. Every helper records a failure message instead of
// throwing, so one bad field never hides the others.
//
// Paths use dots, and `[]` after a segment means "every element of this array", e.g.
// `results[].item.status` (fields under an absent array are skipped - require the array itself
// with array()). Missing required values are failures; `{ optional: true }` skips
// undefined/null but still type-checks a value that is present.

const DECIMAL = /^-?\d+(\.\d+)?$/;
// Local date-time as used by Time Slots v2: YYYY-MM-DDThh:mm:ss (no offset, no Z).
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;

function describe(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'Invalid' : v.toISOString()})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}

/** Resolve `a.b[].c` against obj -> [{ path, value }] (one entry per array element). */
export function resolvePath(obj, path) {
  let current = [{ path: '', value: obj }];
  for (const rawSeg of path.split('.')) {
    const each = rawSeg.endsWith('[]');
    const seg = each ? rawSeg.slice(0, -2) : rawSeg;
    const next = [];
    for (const entry of current) {
      if (entry.notArray) { next.push(entry); continue; } // terminal: reported by field()
      const { path: p, value } = entry;
      const childPath = p ? `${p}.${seg}` : seg;
      const child = value == null ? undefined : value[seg];
      if (each) {
        // An absent array has no elements to check (use array() to require it); a present
        // non-array is reported once and not descended into.
        if (Array.isArray(child)) child.forEach((el, i) => next.push({ path: `${childPath}[${i}]`, value: el }));
        else if (child != null) next.push({ path: childPath, value: child, notArray: true });
      } else {
        next.push({ path: childPath, value: child });
      }
    }
    current = next;
  }
  return current;
}

export class Checks {
  constructor(prefix = '') {
    this.prefix = prefix;
    this.failures = [];
  }

  fail(msg) {
    this.failures.push(this.prefix ? `${this.prefix}${msg}` : msg);
  }

  ok(cond, msg) {
    if (!cond) this.fail(msg);
    return !!cond;
  }

  /** Strict equality. An `expected` of undefined means "not known" (an earlier step failed to
   * produce it, and that step already reported it), so nothing is checked. */
  equal(actual, expected, label) {
    if (expected === undefined) return true;
    if (actual !== expected) this.fail(`${label}: expected ${describe(expected)}, got ${describe(actual)}`);
    return actual === expected;
  }

  /** Generic typed check; `test(value)` returns true when the value is acceptable. */
  field(obj, path, expectation, test, { optional = false } = {}) {
    let allOk = true;
    for (const { path: p, value, notArray } of resolvePath(obj, path)) {
      if (notArray) {
        this.fail(`${p}: expected array, got ${describe(value)}`);
        allOk = false;
        continue;
      }
      if (value === undefined || value === null) {
        if (!optional) {
          this.fail(`${p}: missing (expected ${expectation})`);
          allOk = false;
        }
        continue;
      }
      if (!test(value)) {
        this.fail(`${p}: expected ${expectation}, got ${describe(value)}`);
        allOk = false;
      }
    }
    return allOk;
  }

  string(obj, path, opts = {}) {
    const ok = this.field(obj, path, 'non-empty string', (v) => typeof v === 'string' && v.length > 0, opts);
    if (ok && opts.equals !== undefined) {
      for (const { path: p, value } of resolvePath(obj, path)) {
        if (value != null && value !== opts.equals) this.fail(`${p}: expected ${describe(opts.equals)}, got ${describe(value)}`);
      }
    }
    return ok;
  }

  number(obj, path, opts = {}) {
    return this.field(obj, path, opts.integer ? 'integer number' : 'number',
      (v) => typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isInteger(v)), opts);
  }

  boolean(obj, path, opts = {}) {
    return this.field(obj, path, 'boolean', (v) => typeof v === 'boolean', opts);
  }

  /** A timestamp the SDK should have turned into a Date (transformRESTTimestampToSDKTimestamp). */
  date(obj, path, opts = {}) {
    return this.field(obj, path, 'Date (SDK-transformed timestamp)',
      (v) => v instanceof Date && !Number.isNaN(v.getTime()), opts);
  }

  /** Money / decimal values are strings like "15.00" in every Wix typing used here. */
  decimal(obj, path, opts = {}) {
    return this.field(obj, path, 'decimal string', (v) => typeof v === 'string' && DECIMAL.test(v), opts);
  }

  /** int64 fields (e.g. booking.revision) are JSON strings holding an integer. */
  int64String(obj, path, opts = {}) {
    return this.field(obj, path, 'int64 as decimal string', (v) => typeof v === 'string' && /^\d+$/.test(v), opts);
  }

  localDateTime(obj, path, opts = {}) {
    return this.field(obj, path, 'local date-time YYYY-MM-DDThh:mm:ss', (v) => typeof v === 'string' && LOCAL_DATE_TIME.test(v), opts);
  }

  array(obj, path, opts = {}) {
    const ok = this.field(obj, path, 'array', (v) => Array.isArray(v), opts);
    if (ok && opts.min !== undefined) {
      for (const { path: p, value } of resolvePath(obj, path)) {
        if (Array.isArray(value) && value.length < opts.min) this.fail(`${p}: expected at least ${opts.min} item(s), got ${value.length}`);
      }
    }
    return ok;
  }

  object(obj, path, opts = {}) {
    return this.field(obj, path, 'object', (v) => typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date), opts);
  }

  /** enumObj is the runtime enum exported by the package (mirrors `declare enum X` in its .d.ts). */
  enumOf(obj, path, enumObj, enumName, opts = {}) {
    const allowed = Object.values(enumObj);
    return this.field(obj, path, `${enumName} (${allowed.join('|')})`, (v) => allowed.includes(v), opts);
  }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks on the raw REST JSON (before the SDK touches it). The SDK renames `id` ->
 * `_id` and `createdDate`/`updatedDate` -> `_createdDate`/`_updatedDate` and turns
 * timestamp strings into Dates (sdk-runtime rename-all-nested-keys.js, transformations/
 * timestamp.js), so a server that already sends `_id` or epoch numbers would look right
 * after the SDK's transformations. These checks catch that at the wire level.
 */
export function checkRestWire(c, raw) {
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      const p = path ? `${path}.${key}` : key;
      if (key === '_id' || key === '_createdDate' || key === '_updatedDate') {
        c.fail(`wire ${p}: SDK-style key in the REST response (Wix REST sends "${key.slice(1)}")`);
      }
      if (key === 'createdDate' || key === 'updatedDate') {
        if (v != null && !(typeof v === 'string' && ISO_TIMESTAMP.test(v))) {
          c.fail(`wire ${p}: expected an ISO-8601 timestamp string, got ${describe(v)}`);
        }
      } else if (key.endsWith('Date') && v != null && typeof v !== 'string') {
        c.fail(`wire ${p}: expected a date string, got ${describe(v)}`);
      }
      walk(v, p);
    }
  };
  walk(raw, '');
}

/** JSON-safe, size-limited rendering of an SDK result for the report. */
export function toSample(value, depth = 0) {
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 200)}…`;
    return value;
  }
  if (depth >= 8) return '…';
  if (Array.isArray(value)) {
    const head = value.slice(0, 3).map((v) => toSample(v, depth + 1));
    if (value.length > 3) head.push(`…(+${value.length - 3} more)`);
    return head;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'function') continue;
    out[k] = toSample(v, depth + 1);
  }
  return out;
}
