#!/usr/bin/env python
"""Time the chapters' Colab install cell in an environment that stands in for Colab, and check what it changes.

  python tools/diagnostics/colab_install.py ENV_PYTHON [--source SPEC]

ENV_PYTHON: the python of an environment that already has the newest fastai and torch but not faceaging (Colab's
situation). The cell is taken from nbs/01_data.metadata.ipynb as it is, with `google.colab` made importable and,
since this machine has no internet, the GitHub URL replaced by SPEC (default: this repository's folder). It runs
twice: the first run installs, the second must find faceaging and return at once. Prints both times, the packages
the install added or changed (`pip freeze` before and after) and whether torch and torchvision were left as they were.
"""
import argparse, json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL = 'faceaging @ git+https://github.com/faceaging/faceaging'


def cell_code(source: str) -> str:
    "The install cells of chapter 1 (imports, then the one-line install), directives removed, the URL replaced by `source`."
    nb = json.loads((ROOT/'nbs'/'01_data.metadata.ipynb').read_text())
    srcs = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code']
    i = next(k for k, s in enumerate(srcs) if 'importlib.util.find_spec' in s)
    code = '\n'.join(l for l in (srcs[i - 1] + '\n' + srcs[i]).splitlines() if not l.startswith('#|'))
    assert URL in code, 'the install cell no longer names the repository as expected'
    return code.replace(URL, f'faceaging @ {Path(source).resolve().as_uri()}')


def freeze(py: str) -> dict:
    out = subprocess.run([py, '-m', 'pip', 'freeze', '--exclude-editable'], capture_output=True, text=True, check=True).stdout
    return dict(l.split('==', 1) if '==' in l else l.split(' @ ', 1) for l in out.splitlines() if '==' in l or ' @ ' in l)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('python'); ap.add_argument('--source', default=str(ROOT))
    a = ap.parse_args()
    runner = ('import sys, types, time; sys.modules["google.colab"] = types.ModuleType("google.colab")\n'
              f't0 = time.time()\nexec({cell_code(a.source)!r})\nprint(f"{{time.time() - t0:.2f}}")')
    have = subprocess.run([a.python, '-c', 'import importlib.util as u; print(bool(u.find_spec("faceaging")))'], capture_output=True, text=True, cwd='/').stdout.strip()
    if have != 'False': sys.exit('colab-install: faceaging is already installed in that environment: uninstall it first')
    before = freeze(a.python)
    times = []
    for _ in range(2):
        r = subprocess.run([a.python, '-c', runner], capture_output=True, text=True, cwd='/')
        if r.returncode: sys.exit(f'colab-install: the cell failed:\n{r.stderr[-2000:]}')
        times.append(float(r.stdout.strip().splitlines()[-1]))
    after = freeze(a.python)
    added = sorted(f'{k} {v}' for k, v in after.items() if k not in before)
    changed = sorted(f'{k} {before[k]} -> {v}' for k, v in after.items() if k in before and before[k] != v)
    print('colab-install: environment before: ' + ', '.join(f'{p} {before.get(p, "-")}' for p in ('torch', 'torchvision', 'fastai', 'fastcore')))
    print(f'colab-install: first run (installs)          {times[0]:6.1f} s')
    print(f'colab-install: second run (already installed) {times[1]:6.2f} s')
    print(f'colab-install: packages added: {", ".join(added) or "none"}')
    print(f'colab-install: packages changed: {", ".join(changed) or "none"}')
    ok = not changed and after.get('torch') == before.get('torch') and after.get('torchvision') == before.get('torchvision')
    print('colab-install: torch and torchvision kept, nothing else changed' if ok else 'colab-install: FAILED: the install changed packages')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
