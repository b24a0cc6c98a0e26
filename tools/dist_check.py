#!/usr/bin/env python
"""Install each built distribution (the wheel and the sdist in DIST) into a new environment and run tools/smoke.py there.

  python tools/dist_check.py [DIST]          (default: dist/, as `python -m build` writes it)

Each environment is a new venv that sees the machine's site-packages (`--system-site-packages`): on a machine that
has torch and fastai they are not installed again, and on one that has not (GitHub's runners) pip installs them.
faceaging itself comes only from the file under test: the smoke test runs outside the repository and checks so.
"""
import subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def check(dist: Path, base_python: str) -> bool:
    with tempfile.TemporaryDirectory() as d:
        env = Path(d)/'env'
        subprocess.run([base_python, '-m', 'venv', '--system-site-packages', str(env)], check=True)
        py = str(env/'bin'/'python')
        t0 = time.time()
        r = subprocess.run([py, '-m', 'pip', 'install', '-q', str(dist), 'scikit-image'], capture_output=True, text=True)
        if r.returncode: print(f'dist-check: {dist.name}: pip install failed:\n{r.stderr[-2000:]}'); return False
        print(f'dist-check: {dist.name}: installed in {time.time() - t0:.0f} s')
        r = subprocess.run([py, str(ROOT/'tools'/'smoke.py')], capture_output=True, text=True, cwd=d)
        print('\n'.join(f'  {l}' for l in r.stdout.strip().splitlines() if l.startswith('smoke:')))
        where = next((l for l in r.stdout.splitlines() if ' from ' in l), '')
        if r.returncode or str(env) not in where:
            print(f'dist-check: {dist.name}: FAILED' + ('' if r.returncode else ' (faceaging was not imported from the new environment)'))
            if r.stderr.strip(): print(r.stderr[-2000:])
            return False
        return True


def main():
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT/'dist'
    files = sorted(dist.glob('faceaging-*.whl')) + sorted(dist.glob('faceaging-*.tar.gz'))
    if len(files) != 2: sys.exit(f'dist-check: expected one wheel and one sdist in {dist}, found {[f.name for f in files]}: run `make dist`')
    base = getattr(sys, '_base_executable', sys.executable)
    ok = [check(f, base) for f in files]
    print(f'dist-check: {sum(ok)} of {len(ok)} distributions installed and passed the smoke test')
    sys.exit(0 if all(ok) else 1)


if __name__ == '__main__':
    main()
