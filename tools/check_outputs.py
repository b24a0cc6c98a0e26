#!/usr/bin/env python
"""Check that the notebooks' saved outputs hold the figures the docs show: every visible cell that draws has an image saved.

A cell draws when, outside function and class bodies, it calls matplotlib (`plt.*`, `imshow`, `subplots`) or one of
faceaging's drawing functions (`plot_*`, `show_*`, `.show_batch`), and neither closes the figure nor only saves it to a
file. Hidden cells (`#| hide`) and exported cells are not shown in the docs and are skipped. A notebook that fails was
run without an inline matplotlib backend (e.g. with MPLBACKEND=Agg) or not run at all: `make outputs` refreshes it.

Usage: python tools/check_outputs.py [nbs/NN_name.ipynb ...]   (default: every notebook in nbs/); exit 1 on a missing figure.
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAWS = re.compile(r'^(plot_\w+|show_(?!doc$)\w+|imshow|subplots|show_batch|hist|bar|scatter)$')  # (show_doc writes text)


def _called(node) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ''


def _on_plt(node) -> bool:
    f = node.func
    return isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == 'plt'


def draws(source: str) -> bool:
    "Whether a cell's code draws a figure the reader should see."
    lines = [l for l in source.splitlines() if not l.lstrip().startswith(('%', '!'))]
    try: tree = ast.parse('\n'.join(lines))
    except SyntaxError: return False
    calls, skip = [], set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            skip |= {id(n) for n in ast.walk(node) if n is not node}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and id(n) not in skip]
    names = {_called(n) for n in calls}
    if names & {'close', 'savefig'}: return False  # drawn to a file (or closed): not meant to be shown here
    return any(DRAWS.match(_called(n)) or (_on_plt(n) and _called(n) not in ('rcParams', 'style', 'ioff', 'ion')) for n in calls)


def check(path: Path) -> list:
    "Visible cells of `path` that draw but have no image output saved."
    nb = json.loads(path.read_text())
    missing = []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        first = src.lstrip().split('\n', 1)[0].replace(' ', '')
        if first.startswith(('#|hide', '#|export', '#|exporti', '#|exec_doc')) or not draws(src): continue
        if not any('image/png' in o.get('data', {}) or 'image/svg+xml' in o.get('data', {}) for o in c.get('outputs', [])):
            missing.append((i, src.strip().splitlines()[0][:70]))
    return missing


if __name__ == '__main__':
    paths = [Path(p) for p in sys.argv[1:]] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    bad = {p.name: m for p in paths if (m := check(p))}
    for name, cells in bad.items():
        for i, first in cells: print(f'{name}: cell {i} draws but has no image saved: {first}')
    if bad: sys.exit(f'{sum(map(len, bad.values()))} figures missing from saved outputs in {len(bad)} notebooks: '
                     'run `make outputs` (an inline matplotlib backend, not MPLBACKEND=Agg).')
    print(f'saved figures: every drawing cell of {len(paths)} notebooks has its image')
