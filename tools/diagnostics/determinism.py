#!/usr/bin/env python
"""Run notebooks twice from clean and compare every number they print or show.

Usage: python tools/diagnostics/determinism.py nbs/08_train.ipynb nbs/10a_evaluate.estimators.ipynb [--tol 1e-6] [--threads 1]

Each run is a fresh process executing the notebook as `make test` does (nbdev's processing, execnb's
shell). Every number in each cell's text outputs (streams and plain-text results: metric tables,
losses, summaries) is collected; numbers that are clock times, durations, memory addresses or parts
of (temporary) paths, and progress-bar states are masked first. The two runs must agree to `tol` (relative to max(1, |x|)).
Exit status 1 if any number differs.
"""
import argparse, json, math, os, re, subprocess, sys, tempfile
from pathlib import Path

NUM = re.compile(r'[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?')
MASKS = [re.compile(p) for p in (
    r'\d+(?:\.\d+)?% \[\d+/\d+[^\]]*\]',  # progress bars (how far they got when printed depends on the clock)
    r'\S*/\S*',  # paths, URLs
    r'0x[0-9a-fA-F]+',  # addresses
    r'\b\d+:\d\d(?::\d\d)?\b',  # clock times (fastai's time column)
    r'[-+]?\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds|min|minutes|ms|it/s|s/it)\b',  # durations
    r'\d{4}-\d\d-\d\d[T ]\d\d:\d\d\S*',  # timestamps
)]
SKIP_LINES = re.compile(r'minutes|seconds|elapsed|wall time|took', re.I)

def _texts(outputs):
    for o in outputs or []:
        if o.get('output_type') == 'stream': yield ''.join(o.get('text', ''))
        elif 'data' in o: yield ''.join(o['data'].get('text/plain', ''))
        elif o.get('output_type') == 'error': yield f"ERROR {o.get('ename')}: {o.get('evalue')}"

def numbers(text:str) -> list:
    "The numbers of a cell's text, with times, durations, addresses and paths masked."
    out = []
    for line in text.splitlines():
        if SKIP_LINES.search(line): continue
        for m in MASKS: line = m.sub(' ', line)
        out += [float(x) for x in NUM.findall(line)]
    return out

def collect(nb:Path, dest:Path):
    "Execute `nb` cell by cell as nbdev_test does and write {cell index: numbers, error, first line} to `dest`."
    from nbcells import run_cells, first_line
    res = {i: {'numbers': numbers('\n'.join(_texts(outs))), 'error': bool(sh.exc), 'first_line': first_line(c)[:80]} for i, c, sh, outs in run_cells(nb)}
    dest.write_text(json.dumps(res))

def compare(a:dict, b:dict, tol:float) -> list:
    "Differences between two collections, as readable lines."
    diffs = []
    for k in sorted(set(a) | set(b), key=int):
        if k not in a or k not in b: diffs.append(f'cell {k}: ran in one run only'); continue
        x, y = a[k]['numbers'], b[k]['numbers']
        if len(x) != len(y): diffs.append(f"cell {k} ({a[k]['first_line']}): {len(x)} numbers vs {len(y)}"); continue
        bad = [(i, u, v) for i, (u, v) in enumerate(zip(x, y)) if not (u == v or (math.isnan(u) and math.isnan(v)) or abs(u - v) <= tol * max(1, abs(u)))]
        if bad: diffs.append(f"cell {k} ({a[k]['first_line']}): {len(bad)} of {len(x)} numbers differ, e.g. " + ', '.join(f'#{i}: {u!r} vs {v!r}' for i, u, v in bad[:3]))
    return diffs

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='+'); ap.add_argument('--tol', type=float, default=1e-6)
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--collect', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.collect: return collect(Path(a.notebooks[0]).resolve(), Path(a.collect))
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MPLBACKEND': 'Agg'}
    failed, tmp = False, Path(tempfile.mkdtemp())
    for nb in map(Path, a.notebooks):
        outs = [tmp/f'{nb.stem}.{r}.json' for r in (1, 2)]
        procs = [subprocess.Popen([sys.executable, __file__, str(nb), '--collect', str(o)], env=env) for o in outs]  # both runs at once, each in its own process
        if any(p.wait() for p in procs): print(f'{nb.name}: a run crashed'); failed = True; continue
        r1, r2 = (json.loads(o.read_text()) for o in outs)
        n = sum(len(c['numbers']) for c in r1.values())
        diffs = compare(r1, r2, a.tol)
        errors = [k for k, c in r1.items() if c['error']]
        print(f"{nb.name}: {len(r1)} cells, {n} numbers, {len(diffs)} cells differ (tol {a.tol:g})" + (f'; cells with errors: {errors}' if errors else ''))
        for d in diffs: print('   ', d)
        failed |= bool(diffs)
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
