#!/usr/bin/env python
"""Is the person kept at every target age? Identity read by one probe and by a probe per group (issue 32).

Usage: python tools/studies/target_age_identity.py [--runs LABEL=DIR ...] [--jobs 2] [--threads 1] [--quick]

`target_age_benchmark` (chapter 10e) says what each identity group keeps of the held-out faces aged to each target:
R² of a probe's reading of the outputs over R² of its reading of the inputs. One CNN reading thirteen numbers
(`TARGET_AGE_PROBE`) reads skin tone and background well and the small parts badly: the eyes at R² 0.53 on the
shipped model's inputs, face shape below 0.5 (left unread). A CNN per group (`train_ground_truth_probe(group=...)`,
the same settings) reads each alone; `target_age_benchmark` reads `TARGET_AGE_GROUPS` (face shape, eyes) so. For the shipped target-age model (its demo faces, seed 0) and for each kept run
(`--runs LABEL=DIR`: a `run_target_age_demo` folder, e.g. kept by target_age_seeds.py --keep), in its own process with
`--threads` torch threads, this trains both kinds of probe (probe seed 0) on the run's training people and records,
per identity group: R² on the held-out inputs by each probe, and per target 20, 30, ..., 70 what the model's outputs
keep and what a perfect model's keep (each held-out photo drawn again at the target), by each probe.
Results go to tools/studies/target_age_identity.json, keyed by LABEL ('shipped' for the shipped model).
"""
import argparse, json, tempfile, time
from pathlib import Path
from study_jobs import run_jobs, record

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_identity.json'


def one(label:str, run:str, threads:int, quick:bool) -> dict:
    import numpy as np, pandas as pd, torch
    torch.set_num_threads(threads)
    from PIL import Image
    from faceaging.data.synthetic import demo_faces, load_ground_truth, photo_at_ages
    from faceaging.data.labels import image_paths
    from faceaging.inference import load_generator, generator_faces, run_generator
    from faceaging.conditional import AtAge, TARGETS
    from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, TARGET_AGE_PROBE, TARGET_AGE_GROUPS, PROBE_TARGETS, _read_groups, _identity_table
    kw = {**TARGET_AGE_PROBE, 'epochs': 1} if quick else TARGET_AGE_PROBE
    with tempfile.TemporaryDirectory() as d:
        if run: faces = pd.read_csv(Path(run)/'manifest.csv'); root = faces.pop('root').iloc[0]
        else: faces, root = demo_faces(Path(d)/'data', n=300 if quick else 1500, size=64, seed=0)
        gt, t0 = with_ground_truth(faces, root), time.time()
        probe = train_ground_truth_probe(gt, root, progress=False, device='cpu', **kw)
        groups = {k: train_ground_truth_probe(gt, root, group=k, progress=False, device='cpu', **kw) for k in TARGET_AGE_GROUPS}
        secs = time.time() - t0
        g, test = load_generator(Path(run)/'model'/'checkpoint.pth' if run else 'conditional', device='cpu'), gt[gt['split'] == 'test']
        x, truth, photos = generator_faces(g, image_paths(test, root).tolist()), test[PROBE_TARGETS].to_numpy('float64'), load_ground_truth(root).set_index('path')
        with Image.open(Path(root)/test['path'].iloc[0]) as im: side = im.width
        readers = {'one probe': lambda v: _read_groups(probe, {}, v), 'a probe per group': lambda v: _read_groups(probe, groups, v)}
        ins = {n: r(x) for n, r in readers.items()}
        rec = {n: _identity_table(ins[n], ins[n], truth)['R² inputs'].round(3).to_dict() for n in readers}
        targets = {}
        for t in TARGETS:
            y, drawn = run_generator(AtAge(g, t), x), generator_faces(g, [photo_at_ages(photos.loc[p], [t], side)[0] for p in test['path']])
            targets[str(t)] = {f'{n}, {what}': _identity_table(ins[n], r(v), truth)['retained'].round(3).to_dict() for n, r in readers.items() for what, v in (('model', y), ('perfect', drawn))}
    return {'label': label, 'run': run or 'the shipped model', 'probe': kw, 'threads': threads, 'probe seconds': round(secs, 1), 'R² inputs': rec, 'targets': targets}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='*', default=[], help='LABEL=DIR: kept run_target_age_demo folders to read too')
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, 1-epoch probes, nothing recorded'); ap.add_argument('--one', nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        label, run, out = a.one
        Path(out).write_text(json.dumps(one(label, run if run != '-' else None, a.threads, a.quick))); return
    jobs = [('shipped', '-')] + [tuple(r.split('=', 1)) for r in a.runs]
    report = lambda res: f"{res['label']}: eyes kept per target, a probe per group: " + ', '.join(f"{t}: {v['a probe per group, model']['eyes']}" for t, v in res['targets'].items())
    results = run_jobs(__file__, jobs, a.threads, a.jobs, ['--quick'] * a.quick, report)
    if not a.quick: record(OUT, results)

if __name__ == '__main__': main()
