#!/usr/bin/env python
"""Run every notebook's tests as `nbdev_test` does, longest first, and print each notebook's time.

Usage: python tools/test_notebooks.py [--workers N] [nbs/NN_name.ipynb ...]

nbdev_test hands notebooks to its workers in name order, so the two slowest chapters (08, 10) start
last and the run ends long after the other worker went idle. Here the notebooks start in order of
their last measured time (`tools/notebook_times.json`, rewritten by `--record`), which packs the
workers tightly. Each worker gets an equal share of the cores as torch threads (OMP_NUM_THREADS), so
parallel notebooks do not oversubscribe the CPU. Each notebook runs with nbdev's own `test_nb`
(same cell flags, same shell), with `torch.use_deterministic_algorithms`, and the run ends with the line `notebooks: N passed, M failed`.
Where nbdev 2 is absent (`make test-latest`: nbdev 3 refuses settings.ini), the same cells run with execnb
(tools/execnb_runner.py).
"""
import argparse, json, os, sys, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMES = ROOT/'tools'/'notebook_times.json'
SLOW = 240  # seconds: a notebook slower than this is reported (the test suite's budget per notebook)

def _init(threads:int):
    "Worker start: a fixed share of the cores as torch threads, and deterministic algorithms wherever torch has them."
    os.environ['OMP_NUM_THREADS'] = str(threads)
    import torch
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True, warn_only=True)  # on the CPU nearly every op is deterministic already; warns where one is not

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--record', action='store_true', help='after a full passing run, save the times that order the next runs')
    a = ap.parse_args()
    files = [Path(p).resolve() for p in a.notebooks] or sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    known = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    files.sort(key=lambda p: -known.get(p.name, 1e9))  # unknown notebooks first: they might be slow
    workers = max(1, min(a.workers, len(files)))
    threads = max(1, (os.cpu_count() or 1) // workers)
    print(f'{len(files)} notebooks on {workers} workers, {threads} torch thread(s) each', flush=True)
    t0, results = time.time(), {}
    try:  # nbdev 2 (the development set): its own test_nb, submitted by reference (the notebooks' shell replaces the workers' __main__)
        from nbdev.config import get_config
        from nbdev.test import test_nb
        cfg = get_config(); nbs_path, flags = cfg.nbs_path, cfg.tst_flags.split()
    except (ImportError, ValueError):  # nbdev missing, or nbdev 3 (which refuses settings.ini): the same cells run with execnb
        sys.path.insert(0, str(ROOT/'tools'))
        from execnb_runner import settings, test_nb
        cfg = settings(ROOT); nbs_path, flags = cfg['nbs_path'], cfg['tst_flags']
        print('nbdev 2 not available: running the cells with execnb (tools/execnb_runner.py)', flush=True)
    os.chdir(nbs_path)  # as nbdev_test
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(threads,)) as ex:
        futs = {ex.submit(test_nb, f, skip_flags=flags, basepath=ROOT): f for f in files}
        for fut in as_completed(futs):
            ok, secs = fut.result()
            results[futs[fut].name] = (ok, secs)
            print(f"{'passed' if ok else 'FAILED'}  {futs[fut].name:32s} {secs:6.0f} s   (at {time.time() - t0:4.0f} s)", flush=True)
    print('\nslowest notebooks:')
    for name, (ok, secs) in sorted(results.items(), key=lambda kv: -kv[1][1])[:5]:
        print(f'  {name:32s} {secs:6.0f} s{"   over the " + str(SLOW) + " s budget" if secs > SLOW else ""}')
    print(f'wall time {time.time() - t0:.0f} s')
    if a.record and not a.notebooks and all(ok for ok, _ in results.values()):
        TIMES.write_text(json.dumps({k: round(s) for k, (_, s) in sorted(results.items())}, indent=1) + '\n')
    failed = [k for k, (ok, _) in results.items() if not ok]
    print(f'notebooks: {len(results) - len(failed)} passed, {len(failed)} failed' + (f" ({', '.join(sorted(failed))})" if failed else ''))
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
