#!/usr/bin/env python
"""What do the eyes lose at 70? The iris's own pixels against what the eyes probe reads (issue 32).

Usage: python tools/studies/target_age_eyes.py [--runs LABEL=DIR ...] [--jobs 2] [--threads 1] [--people 1800] [--quick]

`target_age_benchmark` (chapter 10e) reads the eyes (eye spacing and iris colour) of the held-out faces aged to each
target with a probe of the eyes alone, and the model keeps a share of what that probe reads on the inputs: in one
seed of the recipe, 0.89 at 70 on 300 new people (target_age_heldout.py). This study asks where that share goes.
For the shipped target-age model (its demo faces, seed 0; its eyes probe trained here as the demo trains it,
`TARGET_AGE_PROBE`, group 'eyes', probe seed 0) and for each kept run (`--runs LABEL=DIR`: a `run_target_age_demo`
folder, e.g. kept by target_age_seeds.py --keep, read by the eyes probe it saved), in its own process with
`--threads` torch threads, it reads the faces of `--people` new people (target_age_heldout.py's draw, seed 101) and records:
- per target 20, 30, ..., 70, the share of the probe's R² on the inputs that it keeps on
  - the model's outputs (the benchmark's `eyes retained`);
  - a perfect model's (each held-out photo drawn again at the target: lids drop, bags form, the iris stays);
  - the same drawings with the eyes drawn at the photo's own age (lids, bags, crow's feet and brows as they were;
    everything else aged): a model that leaves the eyes exactly as they were;
- the iris's own pixels: each held-out photo is drawn a second time with a magenta iris, and the pixels that change
  are its iris. Their mean colour on the inputs and on the outputs: the mean |change| per channel (0-255 levels), and
  R² of the true iris colour read off that mean colour by least squares (one fit per input or output), per target.
The shares are not clipped at 1 (the benchmark's `retained` is): faces drawn at 20 show whole irises, and read better.
Results go to tools/studies/target_age_eyes.json, keyed by LABEL ('shipped' for the shipped model).
"""
import argparse, json, tempfile, time
from pathlib import Path
from study_jobs import run_jobs, record

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_eyes.json'
MAGENTA = {'iris_r': 255., 'iris_g': 0., 'iris_b': 255.}  # an iris colour no face has: the pixels it changes are the iris


def _drawn(photos, test, age, side, eyes_own:bool=False) -> list:
    "Each held-out photo drawn again at `age` (a number or 'own'); with `eyes_own`, its eyes drawn at the photo's own age."
    import faceaging.data.synthetic as S
    draw_eyes, out = S._draw_eyes, []
    try:
        for p in test['path']:
            row, own = photos.loc[p], S.age_progress(photos.loc[p, 'true_age'])
            if eyes_own: S._draw_eyes = lambda d, person, t, geo: draw_eyes(d, person, own, geo)  # a counterfactual drawing: the renderer's eyes step at the own age
            out.append(S.photo_at_ages(row, [row['true_age'] if age == 'own' else age], side)[0])
    finally: S._draw_eyes = draw_eyes
    return out


def _iris_masks(photos, test, side, prepare):
    "N x 1 x H x W: the pixels of each held-out photo (as the generator sees it) that a magenta iris changes."
    import torch
    magenta = photos.loc[test['path']].assign(**MAGENTA)
    a, b = prepare(_drawn(photos, test, 'own', side)), prepare(_drawn(magenta, test, 'own', side))
    return ((a - b).abs().sum(1, keepdim=True) > 0.6).float()


def _iris_colour(v, m):
    "The mean colour (0-255) of each face's iris pixels."
    return ((v * m).sum((2, 3)) / m.sum((2, 3)).clamp(min=1)).numpy() * 255


def _r2_fit(colour, truth) -> float:
    "R² of the true iris colour read off `colour` by least squares (an affine map, all three channels)."
    import numpy as np
    X = np.c_[colour, np.ones(len(colour))]
    pred = X @ np.linalg.lstsq(X, truth, rcond=None)[0]
    return float(1 - ((pred - truth) ** 2).sum() / ((truth - truth.mean(0)) ** 2).sum())


def one(label:str, run:str, threads:int, quick:bool, n_people:int) -> dict:
    import functools, numpy as np, torch
    torch.set_num_threads(threads)
    from PIL import Image
    from faceaging.data.synthetic import demo_faces, load_ground_truth
    from faceaging.data.labels import image_paths
    from faceaging.inference import load_generator, generator_faces, run_generator
    from faceaging.conditional import AtAge, TARGETS
    from faceaging.evaluate.estimators import FaceModel
    from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, TARGET_AGE_PROBE, IDENTITY_PARAMETERS, _r2
    from target_age_heldout import NEW_PEOPLE_SEED
    kw = {**TARGET_AGE_PROBE, 'epochs': 1} if quick else TARGET_AGE_PROBE
    with tempfile.TemporaryDirectory() as d:
        t0 = time.time()
        if run: probe = FaceModel.load(Path(run)/'model'/'probe_eyes.pth', device='cpu')
        else:
            faces, root = demo_faces(Path(d)/'data', n=300 if quick else 1500, size=64, seed=0)
            probe = train_ground_truth_probe(with_ground_truth(faces, root), root, group='eyes', progress=False, device='cpu', **kw)
        secs = time.time() - t0
        new, root = demo_faces(Path(d)/'new', n=300 if quick else n_people, size=64, seed=NEW_PEOPLE_SEED)
        g, test = load_generator(Path(run)/'model'/'checkpoint.pth' if run else 'conditional', device='cpu'), with_ground_truth(new, root)  # every face held out
        prepare, photos = functools.partial(generator_faces, g), load_ground_truth(root).set_index('path')
        with Image.open(Path(root)/test['path'].iloc[0]) as im: side = im.width
        x, truth, iris = prepare(image_paths(test, root).tolist()), test[IDENTITY_PARAMETERS['eyes']].to_numpy('float64'), test[['iris_r', 'iris_g', 'iris_b']].to_numpy('float64')
        read = lambda v: _r2(np.asarray(probe(v), 'float64').reshape(len(test), -1), truth)
        masks = _iris_masks(photos, test, side, prepare)
        r2_in, c_in = read(x), _iris_colour(x, masks)
        targets = {}
        for t in TARGETS:
            y = run_generator(AtAge(g, t), x); c = _iris_colour(y, masks)
            targets[str(t)] = {'model': round(read(y) / r2_in, 3), 'perfect': round(read(prepare(_drawn(photos, test, t, side))) / r2_in, 3),
                               'eyes as they were': round(read(prepare(_drawn(photos, test, t, side, eyes_own=True))) / r2_in, 3),
                               'iris |change| rgb': np.abs(c - c_in).mean(0).astype(float).round(2).tolist(), 'iris R² from its pixels': round(_r2_fit(c, iris), 3)}
    return {'label': label, 'run': run or 'the shipped model', 'probe': {**kw, 'group': 'eyes'}, 'threads': threads, 'probe seconds': round(secs, 1),
            'faces': len(test), 'people': int(test['person'].nunique()), 'R² inputs': round(r2_in, 3), 'iris pixels per face': round(float(masks.sum((1, 2, 3)).mean()), 1), 'iris R² from its pixels, inputs': round(_r2_fit(c_in, iris), 3), 'targets': targets}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', nargs='*', default=[], help='LABEL=DIR: kept run_target_age_demo folders to read too')
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--people', type=int, default=1800, help="faces of new people to draw (target_age_heldout.py's: 1,661 kept, of 300 people)")
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, a 1-epoch probe, nothing recorded'); ap.add_argument('--one', nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        label, run, out = a.one
        Path(out).write_text(json.dumps(one(label, run if run != '-' else None, a.threads, a.quick, a.people))); return
    jobs = [('shipped', '-')] + [tuple(r.split('=', 1)) for r in a.runs]
    report = lambda res: f"{res['label']}: eyes kept (model / perfect / eyes as they were) " + ', '.join(f"{t}: {v['model']}/{v['perfect']}/{v['eyes as they were']}" for t, v in res['targets'].items())
    results = run_jobs(__file__, jobs, a.threads, a.jobs, ['--people', str(a.people)] + ['--quick'] * a.quick, report)
    if not a.quick: record(OUT, results)

if __name__ == '__main__': main()
