#!/usr/bin/env python3
"""parse-conformance.py -- compare our parser with the reference's parse
records in the conformance corpus.

For every case, every input .locus file is parsed by the C driver. A file
the reference rejected with a parse record must fail at the same line and
column (records without a position, the reference's builder errors, only
need a failure); every other file must parse. A case whose files differ
must be listed in the deviations file (case TAB ids TAB note) with FIX ids
of decisions.md; a listed case that agrees is stale. Exit 0 only when every
case agrees or is a justified deviation and nothing is stale.
"""
import argparse
import json
import os
import re
import subprocess
import sys


def expected_records(case_dir):
    """{relative path: (line, column) or (None, None)} of parse failures."""
    out = {}
    path = os.path.join(case_dir, 'expected.build-json.json')
    if not os.path.exists(path):
        return out
    with open(path, encoding='utf-8') as f:
        stderr = json.load(f).get('stderr', '')
    for line in stderr.splitlines():
        if line.startswith('{'):
            for rec in json.loads(line).get('diagnostics', []):
                if rec.get('kind') == 'parse':
                    rel = rec['filePath'].split('/src/', 1)[-1]
                    out[rel] = (rec.get('line'), rec.get('column'))
        elif 'BuildError: Failed to parse ' in line:
            rel = line.split('Failed to parse ', 1)[1].split(': ', 1)[0]
            out[rel.split('/src/', 1)[-1]] = (None, None)
    return out


def fix_ids(decisions_path):
    ids = set()
    with open(decisions_path, encoding='utf-8') as f:
        text = f.read()
    for m in re.finditer(r'^\|\s*((?:[QO]-\d+)(?:,\s*[QO]-\d+)*)[^|]*\|\s*FIX', text, re.M):
        for i in re.findall(r'[QO]-\d+', m.group(1)):
            ids.add(i)
    ids.update(re.findall(r'^\|\s*(D-\d+)\s*\|', text, re.M))
    return ids


def load_deviations(path):
    devs = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#') or line.startswith('case\t'):
                continue
            parts = line.split('\t')
            if len(parts) < 2 or not parts[1].strip():
                sys.exit('bad deviations line: ' + line)
            devs[parts[0]] = ([i.strip() for i in parts[1].split(',')], parts[2] if len(parts) > 2 else '')
    return devs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--driver', required=True)
    ap.add_argument('--cases', required=True)
    ap.add_argument('--deviations', required=True)
    ap.add_argument('--decisions', required=True)
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args()

    files = []
    for case in sorted(os.listdir(args.cases)):
        inp = os.path.join(args.cases, case, 'input')
        for root, _, names in os.walk(inp):
            for n in sorted(names):
                if n.endswith('.locus'):
                    files.append(os.path.join(root, n))
    proc = subprocess.run([args.driver], input='\n'.join(files) + '\n', capture_output=True,
                          text=True)
    if proc.returncode != 0 and not proc.stdout:
        sys.exit('driver failed: ' + proc.stderr)
    got = {}
    for line in proc.stdout.splitlines():
        parts = line.split('\t')
        got[parts[0]] = parts[1:]

    fixes = fix_ids(args.decisions)
    devs = load_deviations(args.deviations)
    n_files = n_file_ok = 0
    agree, deviation, failed, stale = [], [], [], []
    for case in sorted(os.listdir(args.cases)):
        case_dir = os.path.join(args.cases, case)
        exp = expected_records(case_dir)
        problems = []
        for f in files:
            if not f.startswith(case_dir + '/'):
                continue
            rel = os.path.relpath(f, os.path.join(case_dir, 'input'))
            n_files += 1
            g = got.get(f, ['missing'])
            want = exp.get(rel)
            if g[0] not in ('ok', 'error'):
                problems.append('%s: driver says %s' % (rel, ' '.join(g)))
            elif want is None and g[0] == 'ok':
                n_file_ok += 1
            elif want is not None and g[0] == 'error' and (
                    want[0] is None or (int(g[1]), int(g[2])) == tuple(want)):
                n_file_ok += 1
            elif want is None:
                problems.append('%s: reference accepts, we fail at %s:%s (%s)' % (rel, g[1], g[2], g[3]))
            elif g[0] == 'ok':
                problems.append('%s: reference fails at %s:%s, we accept' % (rel, want[0], want[1]))
            else:
                problems.append('%s: reference fails at %s:%s, we at %s:%s (%s)'
                                % (rel, want[0], want[1], g[1], g[2], g[3]))
        listed = devs.get(case)
        if not problems:
            (stale if listed else agree).append(case)
        elif listed and all(i in fixes for i in listed[0]):
            deviation.append((case, listed[0], problems))
        else:
            why = problems if not listed else problems + ['deviation cites non-FIX id(s): ' +
                                                          ','.join(i for i in listed[0] if i not in fixes)]
            failed.append((case, why))

    for case, ids, probs in deviation:
        if args.verbose:
            print('DEVIATION %s (%s): %s' % (case, ','.join(ids), '; '.join(probs)))
    for case in stale:
        print('STALE %s (listed in %s but agrees now)' % (case, os.path.basename(args.deviations)))
    for case, probs in failed:
        print('FAIL %s: %s' % (case, '; '.join(probs)))
    print('files: %d, agreeing: %d; cases: %d agree, %d justified deviations, %d stale, %d failed'
          % (n_files, n_file_ok, len(agree), len(deviation), len(stale), len(failed)))
    return 1 if failed or stale else 0


if __name__ == '__main__':
    sys.exit(main())
