// Developer tool (not run by the test suite): evaluate Baton's FEEL conformance cases with the
// JavaScript `feelin` engine and report where it disagrees with the expected values.
//
//   cd tests/expr/feel/oracle && npm ci && node compare.mjs [--all]
//
// Cases with a `note` are deliberate differences: they are listed only when feelin happens to
// agree (the note may be stale) or with --all. Cases using now()/today() are skipped (feelin
// reads the real clock).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, isRange } from 'feelin';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..', '..');
const venvPython = join(repo, '.venv', 'bin', 'python');
const python = existsSync(venvPython) ? venvPython : 'python3';
const dump = `
import dataclasses, json, sys
sys.path.insert(0, ${JSON.stringify(join(repo, 'tests', 'expr', 'feel'))})
from feel_cases import CASES
print(json.dumps([dataclasses.asdict(c) for c in CASES]))
`;
const cases = JSON.parse(execFileSync(python, ['-c', dump], { encoding: 'utf8' }));
const showAll = process.argv.includes('--all');

function plain(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'function') return null;
  if (isRange(value)) {
    const open = value['start included'] ? '[' : '(';
    const close = value['end included'] ? ']' : ')';
    return `${open}${plain(value.start)}..${plain(value.end)}${close}`;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && typeof value.toJSON === 'function') return value.toJSON();
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name === 'FeelFunction') return null;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const counts = { agree: 0, differ: 0, noted: 0, staleNote: 0, skipped: 0 };
for (const [index, c] of cases.entries()) {
  const label = `#${String(index).padStart(3, '0')} ${c.expr.replace(/\n/g, '\\n')}`;
  if (/\b(now|today|uuid)\(\)/.test(c.expr)) {
    counts.skipped += 1;
    continue;
  }
  let got;
  let threw = null;
  try {
    got = plain(evaluate(c.expr, c.vars).value);
  } catch (error) {
    threw = error.message.split('\n')[0];
  }
  const agree = c.error ? threw !== null : threw === null && same(got, c.expected);
  if (c.note) {
    if (agree) {
      counts.staleNote += 1;
      console.log(`NOTE AGREES  ${label}\n    note: ${c.note}`);
    } else {
      counts.noted += 1;
      if (showAll) {
        console.log(`noted       ${label}\n    baton: ${c.error ? 'error' : JSON.stringify(c.expected)}`
          + `  feelin: ${threw ? 'threw ' + threw : JSON.stringify(got)}\n    note: ${c.note}`);
      }
    }
    continue;
  }
  if (agree) {
    counts.agree += 1;
  } else {
    counts.differ += 1;
    console.log(`DIFFER      ${label}\n    baton: ${c.error ? 'error' : JSON.stringify(c.expected)}`
      + `  feelin: ${threw ? 'threw ' + threw : JSON.stringify(got)}`);
  }
}
console.log(`\n${cases.length} cases: ${counts.agree} agree, ${counts.differ} differ without a note, `
  + `${counts.noted} noted differences, ${counts.staleNote} notes where feelin agrees, `
  + `${counts.skipped} skipped (clock/random)`);
process.exitCode = counts.differ ? 1 : 0;
