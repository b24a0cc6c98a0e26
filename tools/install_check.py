#!/usr/bin/env python
"""Check that installing faceaging into an environment changes no package already installed there.

  python tools/install_check.py [--python PY] [SPEC ...]     (default: this Python, and the project folder)

It asks pip what `pip install SPEC` would do (`--dry-run --report`, nothing is installed) and compares each package
it would install with the version installed now. A package it would upgrade, downgrade or reinstall is a failure
(exit 1): faceaging's requirements must accept what a current environment (Colab's, a fastai user's) already has.
Packages it would only add are listed. faceaging itself is left out of the comparison.
"""
import argparse, json, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed(py: str) -> dict:
    "Installed distributions of `py`'s environment: lower-case name -> version."
    out = subprocess.run([py, '-m', 'pip', 'list', '--format', 'json'], capture_output=True, text=True, check=True).stdout
    return {d['name'].lower().replace('_', '-'): d['version'] for d in json.loads(out)}


def plan(py: str, specs: list) -> list:
    "What `pip install specs` would install: [(name, version)], from pip's own report."
    with tempfile.TemporaryDirectory() as d:
        report = Path(d)/'report.json'
        r = subprocess.run([py, '-m', 'pip', 'install', '--dry-run', '--quiet', '--report', str(report), *specs], capture_output=True, text=True)
        if r.returncode: sys.exit(f'install-check: pip cannot install {" ".join(specs)} here:\n{r.stderr.strip()}')
        items = json.loads(report.read_text())['install']
    return [(i['metadata']['name'].lower().replace('_', '-'), i['metadata']['version']) for i in items]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('specs', nargs='*', default=[str(ROOT)])
    ap.add_argument('--python', default=sys.executable)
    a = ap.parse_args()
    have = installed(a.python)
    changed, added = [], []
    for name, version in plan(a.python, a.specs):
        if name == 'faceaging': continue
        if name in have: changed.append(f'{name} {have[name]} -> {version}')
        else: added.append(f'{name} {version}')
    watch = {k: have.get(k, '-') for k in ('torch', 'torchvision', 'fastai', 'fastcore', 'numpy', 'pandas')}
    print('install-check: environment has ' + ', '.join(f'{k} {v}' for k, v in watch.items()))
    if added: print('install-check: would add ' + ', '.join(added))
    for c in changed: print(f'install-check: would change {c}')
    print(f'install-check: {len(changed)} installed packages would change' if changed else 'install-check: no installed package would change')
    sys.exit(1 if changed else 0)


if __name__ == '__main__':
    main()
