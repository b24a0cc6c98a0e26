#!/usr/bin/env python
"""How finely can the ground-truth probe measure a target-age model? The probe's settings over seeds (issue 32).

Usage: python tools/studies/target_age_probe.py [--seeds 0 1 2 3 4] [--jobs 2] [--threads 1] [--quick]
       python tools/studies/target_age_probe.py --runs LABEL=DIR [LABEL=DIR ...] [--seeds 0]

`target_age_benchmark` (chapter 10e) reads each output's true age with a probe trained on the synthetic training
people. Its error has a floor: the probe misreads even a perfect model's output (each held-out photo drawn again at
exactly the target), and with the default probe (`train_ground_truth_probe`: 48 px, width 16, 8 epochs) that floor
reaches 4.5-5.7 years at some target, at or above the issue's bound of 5. For each probe setting (`SETTINGS`) and
probe seed, this trains the probe on the shipped target-age model's training faces (`run_target_age_demo`'s defaults:
1,500 faces at 64 px, seed 0; `load_generator('conditional')`) in its own process with `--threads` torch threads and
records: the probe's error on the validation people and on the held-out people's own photos (true age), and per target
20, 30, ..., 70 its error on a perfect model (`perfect MAE`) and on the shipped model (`MAE`), and each identity group
retained of the model's outputs and of the perfect model's (what the probe reads kept of the drawings; NaN where the
probe cannot read the group even on the photos).
The spread over probe seeds is the instrument's own noise. `--runs` reads other target-age models the same way instead:
each DIR a `run_target_age_demo` folder (its manifest.csv and model/checkpoint.pth; e.g. kept by target_age_seeds.py
--keep), so that models measured with one probe can be compared under another. Results go to
tools/studies/target_age_probe.json, keyed `<setting>_<probe seed>` (the shipped model) or `<setting>_<LABEL>_<probe seed>`; each
record names its `label` (None for the shipped model).
"""
import argparse, inspect, json, os, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_probe.json'
SETTINGS = {'default': {}, 'target-age': None}  # None: TARGET_AGE_PROBE, the settings target_age_benchmark's callers use


def one(setting:str, seed:int, threads:int, quick:bool, run:str=None) -> dict:
    import numpy as np, pandas as pd, torch
    torch.set_num_threads(threads)
    from faceaging.data.synthetic import demo_faces
    from faceaging.demo import run_target_age_demo
    from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, target_age_benchmark, TARGET_AGE_PROBE, PROBE_TARGETS, IDENTITY_PARAMETERS, _identity_table
    from faceaging.data.synthetic import load_ground_truth, photo_at_ages
    from PIL import Image
    from faceaging.inference import load_generator, generator_faces
    from faceaging.data.labels import image_paths
    kw = SETTINGS[setting] if SETTINGS[setting] is not None else TARGET_AGE_PROBE
    demo = {k: inspect.signature(run_target_age_demo).parameters[k].default for k in ('n', 'size', 'seed')}
    if quick: demo['n'], kw = 300, {**kw, 'epochs': 1}
    with tempfile.TemporaryDirectory() as d:
        if run:  # a kept run: its faces (the manifest names their folder) and its model
            faces = pd.read_csv(Path(run)/'manifest.csv'); root = faces.pop('root').iloc[0]
        else: faces, root = demo_faces(Path(d)/'data', **demo)
        gt = with_ground_truth(faces, root)
        t0 = time.time(); probe = train_ground_truth_probe(gt, root, progress=False, seed=seed, device='cpu', **kw); secs = time.time() - t0
        g, test = load_generator(Path(run)/'model'/'checkpoint.pth' if run else 'conditional', device='cpu'), gt[gt['split'] == 'test']
        table = target_age_benchmark(g, gt, root, probe)['table']
        truth, p_in, photos = test[PROBE_TARGETS].to_numpy('float64'), probe(generator_faces(g, image_paths(test, root).tolist())), load_ground_truth(root).set_index('path')
        own = float(np.abs(p_in[:, 0] - truth[:, 0]).mean())  # the probe on the held-out photos themselves
        with Image.open(Path(root)/test['path'].iloc[0]) as im: side = im.width
        drawn = [generator_faces(g, [photo_at_ages(photos.loc[p], [t], side)[0] for p in test['path']]) for t in table.index]  # a perfect model's outputs
        kept = {t: _identity_table(p_in, probe(d), truth)['retained'] for t, d in zip(table.index, drawn)}  # what the probe reads kept of them
    cols = ['MAE', 'perfect MAE', 'probe MAE at that age', *[f'{k} retained' for k in IDENTITY_PARAMETERS]]
    return {'setting': setting, 'run': run or 'the shipped model', 'probe': kw, 'seed': seed, 'threads': threads, 'seconds': round(secs, 1), 'valid MAE': probe.config['metrics']['mae_true_age'], 'test MAE': round(own, 3),
            'targets': {str(t): {**{c: round(float(r[c]), 3) for c in cols}, **{f'perfect {k} retained': round(float(kept[t][k]), 3) for k in IDENTITY_PARAMETERS}} for t, r in table.iterrows()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4]); ap.add_argument('--settings', nargs='+', default=list(SETTINGS), choices=list(SETTINGS))
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, one epoch, nothing recorded'); ap.add_argument('--one', nargs='+', help=argparse.SUPPRESS)
    ap.add_argument('--runs', nargs='+', default=[], help='LABEL=DIR: kept run folders of target-age models to read instead of the shipped model')
    a = ap.parse_args()
    if a.one:
        Path(a.one[2]).write_text(json.dumps(one(a.one[0], int(a.one[1]), a.threads, a.quick, *a.one[3:]))); return
    runs = dict(r.split('=', 1) for r in a.runs) if a.runs else {None: None}
    if bad := [d for d in runs.values() if d and not (Path(d)/'manifest.csv').exists()]: sys.exit(f'--runs: {bad[0]} is not a run folder (no manifest.csv): pass folders kept by target_age_seeds.py --keep.')
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MKL_NUM_THREADS': str(a.threads)}
    with tempfile.TemporaryDirectory() as d:
        def run(job):
            out = Path(d)/f'{job[0]}_{job[2]}_{job[1]}.json'
            r = subprocess.run([sys.executable, __file__, '--one', job[0], str(job[1]), str(out), *([runs[job[2]]] if job[2] else []), '--threads', str(a.threads)] + ['--quick'] * a.quick, env=env)
            if r.returncode: print(f'{job}: failed', file=sys.stderr); return None
            res = json.loads(out.read_text())
            print(f"{job[2] or 'shipped'}: {job[0]} probe, seed {job[1]}: test MAE {res['test MAE']:.2f}; perfect MAE " + ', '.join(f"{t}: {v['perfect MAE']:.2f}" for t, v in res['targets'].items())
                  + '; model MAE ' + ', '.join(f"{t}: {v['MAE']:.2f}" for t, v in res['targets'].items()), flush=True)
            return {**res, 'label': job[2]}
        with ThreadPoolExecutor(a.jobs) as ex: results = [r for r in ex.map(run, [(s, k, l) for l in runs for s in a.settings for k in a.seeds]) if r]
    if a.quick: return
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    old.update({f"{r['setting']}_" + (f"{r['label']}_" if r['label'] else '') + f"{r['seed']}": r for r in results})
    OUT.write_text(json.dumps(old, indent=1)); print(f'wrote {OUT}')


if __name__ == '__main__': main()
