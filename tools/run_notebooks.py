#!/usr/bin/env python
"""Execute notebooks in place with a Jupyter kernel, so that saved outputs (figures, progress tables) are what readers see.

Usage: python tools/run_notebooks.py [nbs/NN_name.ipynb ...]   (default: every notebook in nbs/)
Run `make clean` afterwards (the Makefile's `outputs` target does both).
"""
import os, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

def run(path:Path, timeout:int=1800):
    nb = nbformat.read(path, as_version=4)
    t = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}}).execute()
    nbformat.write(nb, path)
    print(f'{path.name}: {time.perf_counter() - t:.0f} s')

if __name__ == '__main__':
    os.environ['MPLBACKEND'] = 'module://matplotlib_inline.backend_inline'  # always: with Agg (as CI sets it) figures would not be saved (tools/check_outputs.py)
    paths = [Path(p) for p in sys.argv[1:]] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    for p in paths: run(p.resolve())
