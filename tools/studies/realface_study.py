#!/usr/bin/env python
"""The real-face study (issue "Real faces II"): train configurations on aligned IMDB-WIKI crops and judge the held-out people
with the independent judges of chapter 10ab.

1. `faceaging_prepare FACES --align` once: young 19-29, old 49-59, 15 % of the people held out (one photo per person in
   `../shared/realfaces`), each face aligned by its landmarks (chapter 04a) at the load size.
2. Each configuration trains as one single-thread process (`faceaging_train ... --minutes M`), `--parallel` at a time.
3. `faceaging_eval RUN PREP --judges independent` reads each run: the field's protocol per direction and gender.
Results: OUT/results.json, and a markdown table on stdout; `--record` copies them to tools/studies/realface_study.json.

Usage: python tools/studies/realface_study.py [--faces DIR] [--out DIR] [--configs a,b] [--seeds 0,1] [--minutes 17] [--parallel 2] [--record]
Skips with one line when the real faces are absent (they are never part of the repository).
"""
import argparse, json, os, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SIZE, LOAD = 64, 72
COMMON = ['--crop_size', SIZE, '--load_size', LOAD, '--ngf', 16, '--n_blocks', 3, '--bs', 4, '--num_workers', 0, '--device', 'cpu',
          '--n_epochs', 8, '--n_epochs_decay', 8]
CONFIGS = {  # name -> faceaging_train options beyond COMMON
    'mask_id0': ['--residual', 'mask', '--lambda_identity', 0],  # the demo's choice: +0.4 years on unaligned crops
    'paper_id0.5_ndf32': ['--residual', 'none', '--lambda_identity', 0.5, '--ndf', 32],  # the paper's generator: faces destroyed on unaligned crops
    'logit_id0': ['--residual', 'logit', '--lambda_identity', 0],
    'mask_id0_nearest': ['--residual', 'mask', '--lambda_identity', 0, '--upsample', 'nearest'],
    'paper_id0.5_ndf32_nearest': ['--residual', 'none', '--lambda_identity', 0.5, '--ndf', 32, '--upsample', 'nearest'],  # resize-convolutions: no checkerboards
    # the recipe (chapter 10h): logit residual, resize-convolutions, DiffAugment, and a frozen young/old critic trained first (about 8 min)
    'recipe': ['--residual', 'logit', '--lambda_identity', 0, '--ndf', 32, '--upsample', 'nearest', '--diffaug', 'color,translation', '--lambda_age', 2, '--age_critic', 'auto'],
    'recipe_no_diffaug': ['--residual', 'logit', '--lambda_identity', 0, '--ndf', 32, '--upsample', 'nearest', '--lambda_age', 2, '--age_critic', 'auto'],
    'recipe_pooled_critic': ['--residual', 'logit', '--lambda_identity', 0, '--ndf', 32, '--upsample', 'nearest', '--diffaug', 'color,translation', '--lambda_age', 2, '--age_critic', 'auto', '--critic_pool', 2],
    'recipe_no_critic': ['--residual', 'logit', '--lambda_identity', 0, '--ndf', 32, '--upsample', 'nearest', '--diffaug', 'color,translation'],
}
CRITIC_MINUTES = 6.5  # configurations with --age_critic auto train it first: their GAN gets that much less of the run's minutes (the critic took 8.3 min on one thread: 22 min in all)
COLUMNS = ['faces', 'age in', 'age out', 'change', '> 10 y', 'in target', 'verified', 'face found']

def sh(args, log:Path=None, threads:int=1):
    "Run one command (console script from this environment), one torch thread; its output into `log`."
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads), 'MPLBACKEND': 'Agg'}
    out = open(log, 'w') if log else subprocess.DEVNULL
    return subprocess.Popen([str(BIN/args[0])] + [str(a) for a in args[1:]], stdout=out, stderr=subprocess.STDOUT, env=env)

def prepare(faces:Path, out:Path) -> Path:
    prep = out/'prep'
    if not (prep/'manifest.csv').exists():
        p = sh(['faceaging_prepare', faces, '--dest', prep, '--young', '19-29', '--old', '49-59', '--valid', 0, '--test', 0.15,
                '--align', LOAD, '--folders', 'none', '--min_side', 32], out/'prepare.log', threads=2)
        if p.wait(): sys.exit(f'faceaging_prepare failed: see {out/"prepare.log"}')
    return prep

def train_all(prep:Path, out:Path, jobs:list, minutes:float, parallel:int) -> dict:
    "Train every (config, seed) job, `parallel` single-thread processes at a time; {job: seconds}."
    pending, running, secs = list(jobs), {}, {}
    while pending or running:
        while pending and len(running) < parallel:
            name, seed = job = pending.pop(0)
            run = out/'runs'/f'{name}_s{seed}'
            m = round(minutes - CRITIC_MINUTES, 1) if 'auto' in map(str, CONFIGS[name]) else minutes  # every run within the same wall-clock budget
            args = ['faceaging_train', prep, '--run', run, '--seed', seed, '--minutes', m] + COMMON + CONFIGS[name]
            running[job] = (sh(args, out/f'{name}_s{seed}.train.log'), time.time())
        time.sleep(5)
        for job, (p, t0) in list(running.items()):
            if p.poll() is not None: secs[job] = round(time.time() - t0); del running[job]
    return secs

def judge(prep:Path, out:Path, job) -> dict:
    "The independent judges' protocol for one run (faceaging_eval --judges independent on the held-out people)."
    name, seed = job
    run, dest = out/'runs'/f'{name}_s{seed}', out/'eval'/f'{name}_s{seed}'
    if sh(['faceaging_eval', run, prep, '--judges', 'independent', '--dest', dest], out/f'{name}_s{seed}.eval.log', threads=2).wait():
        return {'error': (out/f'{name}_s{seed}.eval.log').read_text()[-300:]}
    m = json.loads((dest/'metrics.json').read_text())
    epochs = len((run/'log.csv').read_text().strip().splitlines()) - 1 if (run/'log.csv').exists() else None
    critic = json.loads((run/'config.json').read_text()).get('loss', {}).get('critic') if (run/'config.json').exists() else None
    return {'judges': m['judges'], 'reference': m['reference'], 'epochs': epochs, 'cycle': m.get('cycle'), 'critic': critic}

def table(results:dict) -> str:
    rows = ['| run | direction | ' + ' | '.join(COLUMNS) + ' | seconds |', '|' + '---|' * (len(COLUMNS) + 3)]
    for job, r in results.items():
        for d in ('young2old (all)', 'old2young (all)'):
            if 'judges' not in r: rows.append(f"| {job} | {d} | {r.get('error', '')} |"); continue
            v = r['judges'][d]
            rows.append(f'| {job} | {d} | ' + ' | '.join(f'{v[c]:.2f}' if isinstance(v[c], float) else str(v[c]) for c in COLUMNS) + f" | {r.get('seconds', '')} |")
    return '\n'.join(rows)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces', default=str(ROOT.parent/'shared'/'realfaces'))
    ap.add_argument('--out', default='/tmp/realface_study')
    ap.add_argument('--configs', default='mask_id0,paper_id0.5_ndf32')
    ap.add_argument('--seeds', default='0')
    ap.add_argument('--minutes', type=float, default=17)
    ap.add_argument('--parallel', type=int, default=2)
    ap.add_argument('--record', action='store_true', help='write the results to tools/studies/realface_study.json (merged with those there)')
    a = ap.parse_args()
    faces, out = Path(a.faces), Path(a.out)
    if not (faces/'young').is_dir(): print(f'realface_study: skipped: no real face crops at {faces} (folders young/ and old/); pass --faces DIR'); return
    names = a.configs.split(',')
    if (bad := [n for n in names if n not in CONFIGS]): sys.exit(f'unknown configuration(s) {bad}; choose from {list(CONFIGS)}')
    out.mkdir(parents=True, exist_ok=True)
    prep = prepare(faces, out)
    jobs = [(n, int(s)) for n in names for s in a.seeds.split(',')]
    secs = train_all(prep, out, jobs, a.minutes, a.parallel)
    results = {f'{n}_s{s}': {**judge(prep, out, (n, s)), 'seconds': secs[(n, s)], 'options': [str(o) for o in COMMON + CONFIGS[n]]} for n, s in jobs}
    (out/'results.json').write_text(json.dumps(results, indent=1))
    print(table(results))
    first = next((r for r in results.values() if 'reference' in r), None)
    if first: print('\nreference (real young vs old, 64 px):', {k: {c: round(v[c], 2) for c in ('age in', 'age out', 'change', 'verified')} for k, v in first['reference'].items() if k.endswith('(all)')})
    if a.record:
        rec = ROOT/'tools'/'studies'/'realface_study.json'
        old = json.loads(rec.read_text()) if rec.exists() else {}
        rec.write_text(json.dumps({**old, **results}, indent=1) + '\n')

if __name__ == '__main__': main()
