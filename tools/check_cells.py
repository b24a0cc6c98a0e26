#!/usr/bin/env python
"""Check the chapters' style rules that a reader sees: every code cell is at most 20 lines, and no saved output holds a
deprecation warning.

A cell's length is counted as the docs and a reader see it: `#|` directives and blank lines at either end are not
counted, nor are the lines of a signature that only carry one parameter and its docment (`x:int=1, # what x is`). Hidden
cells count too: they are read by whoever changes the chapter.

Usage: python tools/check_cells.py [nbs/NN_name.ipynb ...] [--max 20]   (default: every notebook in nbs/); exit 1 on a
breach, with one line per cell naming the notebook, the cell's index and first line, and its length.
"""
import argparse, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPENS_SIGNATURE = re.compile(r'^\s*(async\s+def|def|class)\s')
DOCMENT = re.compile(r'^\s*[\w\*]+\s*(:[^#]*)?(=[^#]*)?,?\s*#')
CLOSES_SIGNATURE = re.compile(r'^\s*\)\s*(->.*)?:$')
WARNINGS = re.compile(r'(Deprecation|FutureWarning|is deprecated)')


def reader_lines(source: str) -> int:
    "Lines of a code cell as a reader sees them: no directives, no blank ends, no docment lines of a signature."
    lines = [l for l in source.splitlines() if not l.startswith('#|')]
    while lines and not lines[-1].strip(): lines.pop()
    while lines and not lines[0].strip(): lines.pop(0)
    kept, in_signature = [], False
    for l in lines:
        code = l.split('#')[0].rstrip()
        if in_signature:
            in_signature = not code.endswith(':')
            if '#' in l and (DOCMENT.match(l) or CLOSES_SIGNATURE.match(code)): continue  # `x:int=1, # docment` or `) -> int: # docment`
        elif OPENS_SIGNATURE.match(l) and not code.endswith(':'): in_signature = True
        kept.append(l)
    return len(kept)


def test_reader_lines():
    sig = 'def f(\n    a:int=1, # the first\n    b=2, # the second\n):\n    return a+b'
    assert reader_lines(sig) == 3, reader_lines(sig)
    ret = 'def f(a:int=1, # the first\n      ) -> int: # the sum\n    x = a  # a comment in the body counts\n    return x'
    assert reader_lines(ret) == 3, reader_lines(ret)
    assert reader_lines('#| export\n\nx = 1\n\n') == 1
    assert reader_lines('y = 2  # a comment, not a docment\nz = 3') == 2


def check(path: Path, most: int) -> list:
    "(index, first line, length or message) of each cell of `path` that breaks a rule."
    bad = []
    for i, c in enumerate(json.loads(path.read_text())['cells']):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        first = next((l for l in src.splitlines() if l.strip() and not l.startswith('#|')), '')[:60]
        if (n := reader_lines(src)) > most: bad.append((i, first, f'{n} lines (at most {most}): split it'))
        text = ''.join(''.join(o.get('text', '')) for o in c.get('outputs', []))
        if m := WARNINGS.search(text): bad.append((i, first, f'a saved output holds a warning ({m.group(0)}): silence or fix it'))
    return bad


if __name__ == '__main__':
    test_reader_lines()
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('nbs', nargs='*'); ap.add_argument('--max', type=int, default=20)
    a = ap.parse_args()
    paths = [Path(p) for p in a.nbs] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    bad = {p.name: b for p in paths if (b := check(p, a.max))}
    for name, cells in bad.items():
        for i, first, why in cells: print(f'{name}: cell {i} ({first!r}): {why}')
    if bad: raise SystemExit(f'{sum(map(len, bad.values()))} cells break the chapter rules in {len(bad)} notebooks')
    print(f'cells: every code cell of {len(paths)} notebooks is at most {a.max} lines, and no saved output holds a warning')
