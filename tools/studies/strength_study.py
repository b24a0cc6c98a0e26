#!/usr/bin/env python
"""Does the age rise steadily with `strength`, face by face, for each kind of generator, and what does each keep?

Usage: python tools/studies/strength_study.py [--kinds mask logit paper] [--seeds 0] [--jobs 2] [--quick]

Each (kind, seed) trains the demo's CycleGAN (`run_demo` with its defaults, the generator kind changed: 'mask' is the
demo's own, 'logit' learns the change in logit space, 'paper' is the whole-image generator whose output is blended
with the input in pixel space) in a process of its own on one thread, trains the ground-truth probe of chapter 10e
(seed 0) on the same faces, and runs `strength_benchmark` on the held-out young faces at strengths 0, 0.25, ..., 1.5.
It records each face's probe readings and their Spearman correlation with the strength (over 0-1.5 and over 0-1), and per strength the
mean reading and what is retained of each identity group. Results go to tools/studies/strength_study.json (chapter
10e's table reads it).
"""
import argparse, json, os, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'strength_study.json'
KINDS = {'mask': 'mask', 'logit': True, 'paper': False}  # the demo's `residual=` of each kind


def measure(kind:str, seed:int, dest:Path, quick:bool=False) -> dict:
    "Train the demo with generator `kind` and `seed` under `dest`, then measure it at every strength."
    import torch; torch.set_num_threads(1)
    from faceaging.demo import run_demo
    from faceaging.data.synthetic import demo_faces
    from faceaging.inference import load_generator
    from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, strength_benchmark, STRENGTHS, _spearman
    t0 = time.time()
    n = 300 if quick else 1500  # --quick: a smoke test of the script, not a measurement
    s = run_demo(dest/'demo', n=n, n_epochs=1 if quick else 5, residual=KINDS[kind], seed=seed, log=lambda *_: None)
    faces, root = demo_faces(dest/'faces', n=n, size=64, seed=seed)
    gt = with_ground_truth(faces, root)
    probe = train_ground_truth_probe(gt, root, seed=0)
    res = strength_benchmark(load_generator(dest/'demo'/'run', 'young2old', device='cpu'), gt, root, probe)
    rho, upto1 = res['spearman'], [s for s in STRENGTHS if s <= 1]
    rho1 = _spearman(res['ages'][upto1], upto1)  # between the input and the model's output
    return {'kind': kind, 'seed': seed, 'minutes': round((time.time() - t0) / 60, 1), 'faces': len(rho),
            'spearman_min': round(float(rho.min()), 3), 'spearman_median': round(float(rho.median()), 3),
            'share_spearman_ge_0.95': round(float((rho >= 0.95).mean()), 3),
            'spearman_to_1_min': round(float(rho1.min()), 3), 'share_spearman_to_1_ge_0.95': round(float((rho1 >= 0.95).mean()), 3),
            'ages': res['ages'].round(2).to_numpy().tolist(),
            'table': {str(k): v for k, v in res['table'].to_dict(orient='index').items()}, 'strengths': list(STRENGTHS),
            'demo_benchmark': s.get('benchmark')}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--kinds', nargs='+', default=list(KINDS), choices=list(KINDS)); ap.add_argument('--seeds', type=int, nargs='+', default=[0])
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, 2 epochs, nothing recorded')
    ap.add_argument('--one', nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        kind, seed, out = a.one
        with tempfile.TemporaryDirectory() as d: Path(out).write_text(json.dumps(measure(kind, int(seed), Path(d), a.quick), default=float))
        return
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
    with tempfile.TemporaryDirectory() as d:
        def one(ks):
            out = Path(d)/f'{ks[0]}_{ks[1]}.json'
            r = subprocess.run([sys.executable, __file__, '--one', ks[0], str(ks[1]), str(out)] + ['--quick'] * a.quick, env=env, capture_output=True, text=True)
            if r.returncode: print(f'{ks}: failed\n{r.stderr[-2000:]}', file=sys.stderr); return None
            res = json.loads(out.read_text()); print(f"{ks[0]} seed {ks[1]}: Spearman min {res['spearman_min']}, median {res['spearman_median']}, {res['minutes']} min", flush=True)
            return res
        with ThreadPoolExecutor(a.jobs) as ex: results = [r for r in ex.map(one, [(k, s) for k in a.kinds for s in a.seeds]) if r]
    if a.quick: return print(json.dumps(results, indent=1)[:3000])
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    old.update({f"{r['kind']}_{r['seed']}": r for r in results})
    OUT.write_text(json.dumps(old, indent=1))
    print(f'wrote {OUT}')


if __name__ == '__main__': main()
