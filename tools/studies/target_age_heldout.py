#!/usr/bin/env python
"""How precise is the target-age benchmark? Each model read on its draw's own held-out people and on 300 new ones (issue 32).

Usage: python tools/studies/target_age_heldout.py [--runs LABEL=DIR ...] [--jobs 2] [--threads 1] [--people 1800] [--quick]

`run_target_age_demo` measures its model on the held-out split of its own draw: 143 faces of 26 people. The bound
the demo is held to (error at most 5 years at every target, each identity group kept at 0.9 or more) is decided
there, one number per target. This study asks how far those numbers can be trusted. For the shipped target-age
model (its demo faces, seed 0; its probes trained here as the demo trains them) and for each kept run (`--runs
LABEL=DIR`: a `run_target_age_demo` folder, e.g. kept by target_age_seeds.py --keep, read by the probes it saved),
in its own process with `--threads` torch threads, it records per target 20, 30, ..., 70:
- on the draw's own held-out split (`target_age_benchmark`, `drawn=False`): the error and each group's `retained`,
  and their 5-95 % interval when the held-out people are drawn again with replacement (1,000 bootstrap draws);
- on `--people` faces of new people (`new_people`, chapter 10e: `demo_faces` with seed 101, the same kind of draw, every face held out):
  the same, and what a perfect model keeps of each group there (each face drawn again at the target).
Results go to tools/studies/target_age_heldout.json, keyed by LABEL ('shipped' for the shipped model).
"""
import argparse, json, tempfile, time
from pathlib import Path
from study_jobs import run_jobs, record

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_heldout.json'
COLUMNS = ('MAE', 'face shape retained', 'skin tone retained', 'eyes retained', 'background retained')


def _bootstrap(read, x, ys:dict, rows, draws:int=1000) -> dict:
    "5-95 % of each `COLUMNS` entry per target when the held-out people are drawn again with replacement."
    import numpy as np
    from faceaging.evaluate.benchmark import PROBE_TARGETS, _identity_table
    truth, person, rng = rows[PROBE_TARGETS].to_numpy('float64'), rows['person'].to_numpy(), np.random.default_rng(0)
    p_in, people = read(x), np.unique(person)
    faces_of = {p: np.flatnonzero(person == p) for p in people}
    outs = {t: read(y) for t, y in ys.items()}
    picks = [np.concatenate([faces_of[p] for p in rng.choice(people, len(people))]) for _ in range(draws)]
    res = {}
    for t, p in outs.items():
        vals = {c: [] for c in COLUMNS}
        for i in picks:
            vals['MAE'].append(np.abs(p[i, 0] - t).mean())
            kept = _identity_table(p_in[i], p[i], truth[i])['retained']
            for g in kept.index: vals[f'{g} retained'].append(kept[g])
        res[str(t)] = {c: np.nanpercentile(v, [5, 95]).round(3).tolist() if np.isfinite(v).any() else None for c, v in vals.items()}
    return res


def one(label:str, run:str, threads:int, quick:bool, n_people:int) -> dict:
    import functools, pandas as pd, torch
    torch.set_num_threads(threads)
    from faceaging.data.synthetic import demo_faces
    from faceaging.data.labels import image_paths
    from faceaging.inference import load_generator, generator_faces, run_generator
    from faceaging.conditional import AtAge, TARGETS
    from faceaging.evaluate.estimators import FaceModel
    from faceaging.evaluate.benchmark import (with_ground_truth, train_ground_truth_probe, target_age_benchmark, TARGET_AGE_PROBE, TARGET_AGE_GROUPS,
                                              PROBE_TARGETS, IDENTITY_PARAMETERS, _read_groups, _identity_table, new_people, NEW_PEOPLE_SEED)
    kw = {**TARGET_AGE_PROBE, 'epochs': 1} if quick else TARGET_AGE_PROBE
    with tempfile.TemporaryDirectory() as d:
        if run:
            faces = pd.read_csv(Path(run)/'manifest.csv'); root = faces.pop('root').iloc[0]
            probe = FaceModel.load(Path(run)/'model'/'probe.pth', device='cpu')
            groups = {k: FaceModel.load(Path(run)/'model'/f"probe_{k.replace(' ', '_')}.pth", device='cpu') for k in TARGET_AGE_GROUPS}
        else:
            faces, root = demo_faces(Path(d)/'data', n=300 if quick else 1500, size=64, seed=0)
            gt = with_ground_truth(faces, root)
            probe = train_ground_truth_probe(gt, root, progress=False, device='cpu', **kw)  # as run_target_age_demo trains them (probe seed 0)
            groups = {k: train_ground_truth_probe(gt, root, group=k, progress=False, device='cpu', **kw) for k in TARGET_AGE_GROUPS}
        g, t0 = load_generator(Path(run)/'model'/'checkpoint.pth' if run else 'conditional', device='cpu'), time.time()
        read, gt = functools.partial(_read_groups, probe, groups), with_ground_truth(faces, root)
        own = gt[gt['split'] == 'test']
        x = generator_faces(g, image_paths(own, root).tolist())
        small = target_age_benchmark(g, gt, root, probe, group_probes=groups, drawn=False)['table']
        interval = _bootstrap(read, x, {t: run_generator(AtAge(g, t), x) for t in TARGETS}, own, 50 if quick else 1000)
        new, new_root = new_people(Path(d)/'new', n=300 if quick else n_people, size=64)  # every face held out: none of these people trained anything
        big = target_age_benchmark(g, new, new_root, probe, group_probes=groups, drawn=False, perfect=True)['table']  # and a perfect model's readings
        perfect = {str(t): {k: (None if pd.isna(r[f'perfect {k} retained']) else float(r[f'perfect {k} retained'])) for k in IDENTITY_PARAMETERS} for t, r in big.to_dict('index').items()}
        p_in, truth = read(generator_faces(g, image_paths(new, new_root).tolist())), new[PROBE_TARGETS].to_numpy('float64')
        pick = lambda tab: {str(t): {c: (None if pd.isna(r[c]) else round(float(r[c]), 3)) for c in COLUMNS} for t, r in tab.to_dict('index').items()}
        r2 = _identity_table(p_in, p_in, truth)['R² inputs'].round(3).to_dict()
        return {'label': label, 'run': run or 'the shipped model', 'threads': threads, 'seconds': round(time.time() - t0),
                'own held-out': {'faces': len(own), 'people': int(own['person'].nunique()), 'targets': pick(small), 'interval 5-95%': interval},
                'new people': {'faces': len(new), 'people': int(new['person'].nunique()), 'seed': NEW_PEOPLE_SEED, 'R² inputs': r2, 'targets': pick(big), 'perfect retained': perfect}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='*', default=[], help='LABEL=DIR: kept run_target_age_demo folders to read too')
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--people', type=int, default=1800, help='faces of new people to draw (1,800: 1,661 kept, of 300 people)')
    ap.add_argument('--no-shipped', action='store_true', help='read only --runs')
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, 1-epoch probes, nothing recorded'); ap.add_argument('--one', nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        label, run, out = a.one
        Path(out).write_text(json.dumps(one(label, run if run != '-' else None, a.threads, a.quick, a.people))); return
    jobs = ([] if a.no_shipped else [('shipped', '-')]) + [tuple(r.split('=', 1)) for r in a.runs]
    def report(res):
        lines = []
        for where in ('own held-out', 'new people'):
            t = res[where]['targets']
            lines.append(f"{res['label']}, {where} ({res[where]['people']} people): worst MAE {max(v['MAE'] for v in t.values()):.2f}; least kept " +
                         ', '.join(f"{c.replace(' retained', '')} {min((v[c] for v in t.values() if v[c] is not None), default=float('nan')):.3f}" for c in COLUMNS[1:]))
        return '\n'.join(lines)
    results = run_jobs(__file__, jobs, a.threads, a.jobs, ['--people', str(a.people)] + ['--quick'] * a.quick, report)
    if not a.quick: record(OUT, results)

if __name__ == '__main__': main()
