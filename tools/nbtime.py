#!/usr/bin/env python
"""Run a notebook cell by cell exactly as `make test` does (nbdev's processing, execnb's shell) and print where the time goes.

Usage: python tools/nbtime.py nbs/10_evaluate.ipynb [--top 15]
Cells that fail are reported and the run goes on, so one run shows every cell's cost.
"""
import argparse, os, sys, time
from pathlib import Path
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.process import NBProcessor
from nbdev.frontmatter import FrontmatterProc

def time_cells(fn:Path, skip_flags=('notest',)):
    "Execute every code cell of `fn` as nbdev_test would; return [(seconds, cell index, first line, ok)]."
    nb = NBProcessor(fn, procs=FrontmatterProc, process=True).nb
    os.environ['IN_TEST'] = '1'
    sh, rows = CaptureShell(fn), []
    with working_directory(fn.parent):
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != 'code' or set(skip_flags) & set((getattr(cell, 'directives_', {}) or {}).keys()): continue
            t = time.perf_counter()
            sh.run(cell.source)
            ok = not sh.exc
            rows.append((time.perf_counter() - t, i, next((l for l in cell.source.splitlines() if l.strip() and not l.startswith('#|')), ''), ok))
            if not ok: print(f'cell {i} failed: {sh.prettytb(fname=fn)[-800:]}', file=sys.stderr)
    return rows

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebook'); ap.add_argument('--top', type=int, default=15)
    a = ap.parse_args()
    sys.path.insert(0, str(get_config().config_path))
    rows = time_cells(Path(a.notebook).resolve())
    total = sum(r[0] for r in rows)
    print(f'{Path(a.notebook).name}: {total:.1f} s in {len(rows)} cells; slowest:')
    for s, i, line, ok in sorted(rows, reverse=True)[:a.top]:
        print(f'{s:7.1f} s  {100 * s / total:4.1f} %  cell {i:3d}{"" if ok else " FAILED"}  {line[:90]}')
