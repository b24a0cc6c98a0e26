#!/usr/bin/env python
"""Run a notebook cell by cell exactly as `make test` does (nbdev's processing, execnb's shell) and print where the time goes.

Usage: python tools/diagnostics/nbtime.py nbs/10a_evaluate.estimators.ipynb [--top 15]
Cells that fail are reported and the run goes on, so one run shows every cell's cost.
"""
import argparse, sys, time
from pathlib import Path
from nbcells import run_cells, first_line
import torch, execnb.shell, nbdev.process  # imported before the clock starts: the first cell's time is its own

def time_cells(fn:Path):
    "Execute every tested code cell of `fn` as nbdev_test would; return [(seconds, cell index, first line, ok)]."
    rows, t = [], time.perf_counter()
    for i, cell, sh, _ in run_cells(fn):
        rows.append((time.perf_counter() - t, i, first_line(cell), not sh.exc))
        if sh.exc: print(f'cell {i} failed: {sh.prettytb(fname=fn)[-800:]}', file=sys.stderr)
        t = time.perf_counter()
    return rows

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebook'); ap.add_argument('--top', type=int, default=15)
    a = ap.parse_args()
    rows = time_cells(Path(a.notebook).resolve())
    total = sum(r[0] for r in rows)
    print(f'{Path(a.notebook).name}: {total:.1f} s in {len(rows)} cells; slowest:')
    for s, i, line, ok in sorted(rows, reverse=True)[:a.top]:
        print(f'{s:7.1f} s  {100 * s / total:4.1f} %  cell {i:3d}{"" if ok else " FAILED"}  {line[:90]}')
