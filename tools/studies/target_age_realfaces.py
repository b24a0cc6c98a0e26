#!/usr/bin/env python
"""The target-age model on real faces (issue 32, point 3): trained on aligned IMDB-WIKI crops, judged per target on held-out people.

1. `faceaging_prepare FACES --align 72` once, as tools/studies/realface_study.py does: young 19-29, old 49-59, 15 % of
   the people held out. The model sees two age groups only: it learns from their ages, 19-29 and 49-59, not from a
   continuum, so the targets between and beyond them are what it makes of two groups.
2. Each seed trains as one single-thread process within `--minutes`: the age reader (chapter 8b, on the training faces'
   ages), then the target-age model (`target_age_learner`, the demo's settings at 64 px), the schedule cut by `TimeLimit`.
3. Every held-out face is aged to 20, 30, ..., 70 and judged by the independent judges of chapter 10ab (the Cydral age
   predictor and SFace, models nobody here trained): per target, the apparent age read, its error to the target, the
   identity verified against the input, and the share of outputs in which a face is still found; the reference rows are
   the judges on the real held-out faces themselves (what the age judge reads for a real 19-29 and 49-59-year-old).

Results: OUT/results.json and a markdown table on stdout; `--record` merges them into tools/studies/target_age_realfaces.json
and `--strip FILE` draws the first seed's progression strip of 4 young and 4 old held-out faces (64 px) into FILE.
Usage: python tools/studies/target_age_realfaces.py [--faces DIR] [--out DIR] [--seeds 0,1] [--minutes 17] [--parallel 2] [--record] [--strip FILE]
Skips with one line when the real faces are absent (they are never part of the repository).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
from realface_study import prepare, SIZE, LOAD  # the same prepared, aligned faces and held-out people as the CycleGAN study

TARGETS = (20, 30, 40, 50, 60, 70)
SETTINGS = dict(ngf=16, n_blocks=3, bs=8, reader_epochs=6, n_epochs=8, lambda_age=1., residual=True, upsample='transpose')  # the demo's (chapter 10g) when recorded, 8 + 8 epochs cut by the time limit;
# residual=True, upsample='transpose': the generator then (the logit residual, transposed convolutions); the demo's is now 'both' with
# nearest-neighbour resize-convolutions (chapter 8a), not yet run on real faces


def tables(prep:Path):
    "(training table, held-out table, root) of the prepared faces: every face with an age in one of the two groups."
    from faceaging.data.labels import load_manifest
    m = load_manifest(prep/'manifest.csv')
    m = m[m['domain'].notna() & m['split'].notna() & m['age'].notna()]
    return m[m['split'] == 'train'].copy(), m[m['split'] == 'test'].copy(), Path(m['root'].iloc[0])


def train(prep:Path, run:Path, seed:int, minutes:float, quick:bool) -> dict:
    "Train the reader and the target-age model on the training faces within `minutes`; the model goes to run/G.pth."
    import torch
    from fastai.torch_core import set_seed
    from faceaging.conditional import target_age_gan
    from faceaging.conditional_learner import aged_dls, train_age_reader, target_age_learner
    from faceaging.schedule import TimeLimit
    s = {**SETTINGS, **(dict(ngf=8, n_blocks=1, reader_epochs=1, n_epochs=1) if quick else {})}
    tr, _, root = tables(prep)
    if quick: tr = tr.groupby('domain', observed=True).head(24)
    set_seed(seed); t0 = time.time()
    reader = train_age_reader(aged_dls(tr, root, LOAD, SIZE, bs=64, n_valid=64, device='cpu', seed=seed), epochs=s['reader_epochs'], pool=1)  # pinned: the reader of its records read the full face (train_age_reader's default since pools to 16 px)
    left = minutes - (time.time() - t0) / 60
    learn = target_age_learner(aged_dls(tr, root, LOAD, SIZE, bs=s['bs'], device='cpu', seed=seed), target_age_gan(s['ngf'], s['ngf'], s['n_blocks'], residual=s.get('residual', True), upsample=s.get('upsample', 'transpose')),
                               reader, path=run, keep_checkpoints=1, lambda_age=s['lambda_age'])
    learn.fit_flat_lin(s['n_epochs'], s['n_epochs'], cbs=[TimeLimit(left)])
    return {'settings': s, 'reader': reader.config, 'iterations': len(learn.cycle_history), 'epochs': learn.completed_epochs,
            'training_faces': len(tr), 'minutes': round((time.time() - t0) / 60, 1)}


def judge(prep:Path, run:Path, quick:bool, workers:int=2) -> dict:
    "Age every held-out face to each target; the independent judges' reading per target, and of the real faces themselves."
    import numpy as np, torch
    from faceaging.inference import load_generator, generator_faces
    from faceaging.evaluate.judges import AgeJudge, IdentityJudge, judge_translation
    _, te, root = tables(prep)
    if quick: te = te.groupby('domain', observed=True).head(3)
    g = load_generator(run/'checkpoints'/'latest.pth')  # the last epoch's checkpoint, as a user loads it
    x = generator_faces(g, [str(root/p) for p in te['path']])
    aj, ij = AgeJudge(), IdentityJudge()
    def pil(t): return [np.asarray((t[i].permute(1, 2, 0).numpy() * 255).round().astype('uint8')) for i in range(len(t))]
    inputs, out, groups = pil(x), {}, te['domain'].astype(str).map({'A': 'young', 'B': 'old'}).values
    for t in TARGETS:
        with torch.no_grad(): y = ((g(x * 2 - 1, float(t)) + 1) / 2).clamp(0, 1)
        j = judge_translation(inputs, pil(y), aj, ij, workers)
        j['group'] = groups
        out[str(t)] = {grp: {'faces': len(d), 'age in': d['age_in'].mean(), 'age out': d['age_out'].mean(), 'error to target': (d['age_out'] - t).abs().mean(),
                             'verified': d['verified'].mean(), 'face found': d['found'].mean()} for grp, d in [('all', j), *j.groupby('group')]}
    ref = aj(inputs, workers); ref['group'] = groups; ref['true'] = te['age'].values
    reference = {grp: {'faces': len(d), 'true age': d['true'].mean(), 'judged age': d['age'].mean(), 'face found': d['age'].notna().mean()} for grp, d in ref.groupby('group')}
    return {'targets': out, 'reference': reference, 'held_out_faces': len(te)}


def strip(prep:Path, run:Path, dest:Path, n:int=4):
    "The progression strip of `n` young and `n` old held-out faces at every target."
    from faceaging.conditional_learner import progression
    from faceaging.inference import load_generator, generator_faces
    _, te, root = tables(prep)
    te = te.groupby('domain', observed=True).head(n)
    g = load_generator(run/'checkpoints'/'latest.pth')
    fig = progression(g, generator_faces(g, [str(root/p) for p in te['path']]), TARGETS, te['age'].values, size=0.9)
    fig.savefig(dest, dpi=80); print(f'wrote {dest}')


def table(results:dict) -> str:
    cols = ['faces', 'age out', 'error to target', 'verified', 'face found']
    rows = ['| run | target | group | ' + ' | '.join(cols) + ' |', '|' + '---|' * (len(cols) + 3)]
    for run, r in results.items():
        for t, v in r['targets'].items():
            for grp, w in v.items(): rows.append(f'| {run} | {t} | {grp} | ' + ' | '.join(f'{w[c]:.2f}' if c != 'faces' else str(w[c]) for c in cols) + ' |')
        rows += [f"| {run} | real faces | {grp} | {w['faces']} | judged {w['judged age']:.1f} (true {w['true age']:.1f}) | | | {w['face found']:.2f} |" for grp, w in r['reference'].items()]
    return '\n'.join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces', default=str(ROOT.parent/'shared'/'realfaces'))
    ap.add_argument('--out', default='/tmp/target_age_realfaces')
    ap.add_argument('--seeds', default='0'); ap.add_argument('--minutes', type=float, default=17); ap.add_argument('--parallel', type=int, default=2)
    ap.add_argument('--record', action='store_true', help='merge the results into tools/studies/target_age_realfaces.json')
    ap.add_argument('--strip', help="draw the first seed's progression strip of held-out faces into this file")
    ap.add_argument('--quick', action='store_true', help='a smoke test: 48 training faces, 1 epoch, 6 held-out faces; nothing recorded')
    ap.add_argument('--one', nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    faces, out = Path(a.faces), Path(a.out)
    if a.one:
        seed, run = int(a.one[0]), Path(a.one[1]); run.mkdir(parents=True, exist_ok=True)
        (run/'info.json').write_text(json.dumps(train(out/'prep', run, seed, a.minutes, a.quick))); return
    if not (faces/'young').is_dir(): print(f'target_age_realfaces: skipped: no real face crops at {faces} (folders young/ and old/); pass --faces DIR'); return
    out.mkdir(parents=True, exist_ok=True)
    prep = prepare(faces, out)
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'MPLBACKEND': 'Agg'}
    seeds, procs = [int(s) for s in a.seeds.split(',')], {}
    for i in range(0, len(seeds), a.parallel):
        for s in seeds[i:i + a.parallel]:
            log = open(out/f's{s}.train.log', 'w')
            procs[s] = subprocess.Popen([sys.executable, __file__, '--one', str(s), str(out/'runs'/f's{s}'), '--out', str(out), '--minutes', str(a.minutes)] + ['--quick'] * a.quick,
                                        env=env, stdout=log, stderr=subprocess.STDOUT)
        for s in seeds[i:i + a.parallel]:
            if procs[s].wait(): sys.exit(f'seed {s}: training failed: see {out}/s{s}.train.log')
    results = {}
    for s in seeds:
        run = out/'runs'/f's{s}'; info = json.loads((run/'info.json').read_text())
        results[f'target_age_s{s}'] = {**info, **judge(prep, run, a.quick)}
    (out/'results.json').write_text(json.dumps(results, indent=1))
    print(table(results))
    if a.strip: strip(prep, out/'runs'/f's{seeds[0]}', Path(a.strip))
    if a.record and not a.quick:
        rec = ROOT/'tools'/'studies'/'target_age_realfaces.json'
        old = json.loads(rec.read_text()) if rec.exists() else {}
        rec.write_text(json.dumps({**old, **results}, indent=1) + '\n')


if __name__ == '__main__': main()
