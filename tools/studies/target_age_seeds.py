#!/usr/bin/env python
"""The target-age demo over seeds: does every target reach the issue's bound (MAE <= 5 years) for every seed? (issue 32)

Usage: python tools/studies/target_age_seeds.py [--seeds 0 1 2] [--threads 1] [--jobs 2] [--quick]

Each seed runs `run_target_age_demo` with its defaults (chapter 10g: 1,500 synthetic faces of every age at 64 px, the
age reader for 6 epochs, the target-age model for 5 + 5 epochs at batch 8) in its own process with `--threads` torch
threads, and records its summary: per target 20, 30, ..., 70, the probe's mean reading of the held-out faces of every
age aged to it, the MAE against the target, the probe's own MAE on real faces within 5 years of that age, and what is
retained of each identity group; the training minutes (meaningful only when the run had its cores to itself).
`--lambda_age` and `--reader_aug` change the age loss's weight and what the reader sees (chapter 8a), `--lr` the learner's rate, `--reader_learns` what the age reader trains on, `--projection` gives the discriminator the age's projection on its last features too (chapter 8a), `--lambda_cycle` the cycle's weight, `--upsample` the generator's upsamplings (chapter 8a), `--reader_epochs` the age reader's epochs, `--reader_pool` how coarsely the age reader reads (chapter 8b; its records end `_pool<n>`, the records made before the reader pooled, `_pool1`), `--average` the decay of the generator's weight average that is the model (chapter 07g; 'none': the last step's weights, records ending `_last`; records without an `average` field were all made so), `--n_epochs` the model's epochs at the constant rate (as many again with decay; records ending `_ep<n>`), `--lambda_idt` the weight of the identity at the face's own age (chapter 8b; records ending `_idt<x>`), `--lr_D_mult` the discriminator's learning rate relative to the generator's (records ending `_ldm<x>`).
Each record names the targets its run trained on (`gap`, `draw_targets`' default: [10, null] since the whole range, [10, 45] before). Results go to
tools/studies/target_age_seeds.json, keyed by seed (and the settings when not the defaults); a generator other than the demo's is
named first: `logit_<seed>` / `mask_<seed>` for its output (`residual`), `transpose_<seed>` / `nearest_<seed>` for its
upsampling (records made before the generator had a choice, without an `upsample` field, were all transposed; the
`nearest_*` records used a reflected border, `upsample: 'nearest, reflected border'`). `--keep DIR` also keeps each run's folder there.
"""
import argparse, json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_seeds.json'
DEFAULT_UPSAMPLE = 'conv-bilinear'  # `AgeGenerator`'s: its records are keyed by seed alone
DEFAULT_AVERAGE = 0.995  # `target_age_learner`'s: records of runs without the average end `_last` (records without `average`: the last step's weights)
DEFAULT_EPOCHS = 5  # `run_target_age_demo`'s epochs at the constant rate: records of runs with more end `_ep<n>` (records without `n_epochs`: 5)
DEFAULT_POOL = 4  # `train_age_reader`'s: records of a reader pooled otherwise end `_pool<n>` (records without `pool` in `reader`: 1)


def one(seed:int, threads:int, dest:Path, quick:bool, lambda_age:float=1., reader_aug:str='color,translation', lr:float=None, reader_learns:str=None, projection:bool=False, lambda_cycle:float=None, upsample:str=None, reader_pool:int=None, reader_epochs:int=None, average:str=None, n_epochs:int=None, lambda_idt:float=None, lr_D_mult:float=None) -> dict:
    import functools, torch
    torch.set_num_threads(threads)
    import faceaging.demo
    from faceaging.demo import run_target_age_demo
    if reader_learns is not None: faceaging.demo.train_age_reader = functools.partial(faceaging.demo.train_age_reader, aug=reader_learns)  # what the reader trains on
    if reader_pool is not None: faceaging.demo.train_age_reader = functools.partial(faceaging.demo.train_age_reader, pool=reader_pool)  # how coarsely the reader reads (chapter 8b)
    if projection: faceaging.demo.target_age_gan = functools.partial(faceaging.demo.target_age_gan, projection=True)  # the projection discriminator
    if upsample: faceaging.demo.target_age_gan = functools.partial(faceaging.demo.target_age_gan, upsample=upsample)  # the generator's upsamplings (chapter 8a)
    if lr: faceaging.demo.target_age_learner = functools.partial(faceaging.demo.target_age_learner, lr=lr)  # the demo's learner at another rate
    if average is not None: faceaging.demo.target_age_learner = functools.partial(faceaging.demo.target_age_learner, average=None if average == 'none' else float(average))  # the generator's average (chapter 07g)
    kw = dict(n=300, size=32, n_epochs=1, ngf=8, n_blocks=2, reader_epochs=1, n_new=200) if quick else {}
    if lambda_cycle is not None: kw['lambda_cycle'] = lambda_cycle
    if reader_epochs is not None: kw['reader_epochs'] = reader_epochs
    if n_epochs is not None: kw['n_epochs'] = n_epochs
    if lambda_idt is not None: kw['lambda_idt'] = lambda_idt
    if lr_D_mult is not None: kw['lr_D_mult'] = lr_D_mult
    s = run_target_age_demo(dest, seed=seed, log=lambda m: print(f'seed {seed}: {m}', flush=True), lambda_age=lambda_age, reader_aug=reader_aug, **kw)
    import inspect
    from faceaging.conditional import AgeGenerator, target_age_gan
    from faceaging.conditional_learner import draw_targets
    lambda_cycle = kw.pop('lambda_cycle', inspect.signature(run_target_age_demo).parameters['lambda_cycle'].default)  # the cycle's weight it trained with
    residual, default_up = (inspect.signature(AgeGenerator).parameters[k].default for k in ('residual', 'upsample'))  # the generator the demo trains (chapter 8a)
    upsample = upsample or default_up
    projection = projection or inspect.signature(target_age_gan).parameters['projection'].default  # how the discriminator sees the age (chapter 8a)
    gap = list(inspect.signature(draw_targets).parameters['gap'].default)  # the targets it trains on (chapter 8b): (10, None) = the whole range
    from faceaging.conditional_learner import target_age_learner
    average = inspect.signature(target_age_learner).parameters['average'].default if average is None else None if average == 'none' else float(average)  # the model is the average of the generator's weights with this decay (None: its last step's)
    n_epochs = kw.get('n_epochs', inspect.signature(run_target_age_demo).parameters['n_epochs'].default)  # epochs at the constant rate (as many again with decay)
    lambda_idt = kw.get('lambda_idt', inspect.signature(run_target_age_demo).parameters['lambda_idt'].default)  # the identity at the face's own age (chapter 8b)
    lr_D_mult = kw.get('lr_D_mult', inspect.signature(run_target_age_demo).parameters['lr_D_mult'].default)  # the discriminator's rate, relative (chapter 8b)
    return {**s, 'seed': seed, 'n_epochs': n_epochs, 'threads': threads, 'lambda_age': lambda_age, 'reader_aug': reader_aug, 'residual': residual, 'upsample': upsample, 'gap': gap, 'projection': projection, 'lambda_cycle': lambda_cycle, 'lr': lr or 2e-4, 'average': average, 'lambda_idt': lambda_idt, 'lr_D_mult': lr_D_mult, 'settings': kw or 'run_target_age_demo defaults'}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2]); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--lambda_age', type=float, default=1.); ap.add_argument('--lr', type=float, help="the learner's rate (default: target_age_learner's, 2e-4)")
    ap.add_argument('--reader_aug', default='color,translation')
    ap.add_argument('--reader_learns', help="DiffAugment policy the age reader trains through ('': none; default: the demo's)")
    ap.add_argument('--lambda_cycle', type=float, help="the cycle's weight (default: run_target_age_demo's)")
    ap.add_argument('--projection', action='store_true', help="the discriminator also projects the age on its last features (target_age_gan's projection)")
    ap.add_argument('--upsample', help="the generator's upsamplings (AGE_UPSAMPLES; default: AgeGenerator's, conv-bilinear)")
    ap.add_argument('--reader_epochs', type=int, help="the age reader's epochs (default: run_target_age_demo's)")
    ap.add_argument('--reader_pool', type=int, help="the age reader reads the faces average-pooled by this factor (default: train_age_reader's, to 16 px: 4 at the demo's 64 px)")
    ap.add_argument('--average', help="the decay of the generator's weight average (chapter 07g; default: target_age_learner's, 0.995; 'none': the last step's weights)")
    ap.add_argument('--n_epochs', type=int, help="the target-age model's epochs at the constant rate, as many again with decay (default: run_target_age_demo's, 5)")
    ap.add_argument('--lambda_idt', type=float, help="the weight of the identity at the face's own age, |G(x, a) - x| (default: run_target_age_demo's)")
    ap.add_argument('--lr_D_mult', type=float, help="the discriminator's learning rate relative to the generator's (default: run_target_age_demo's, 1)")
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--keep', help='keep each run folder under this folder')
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces at 32 px, nothing recorded'); ap.add_argument('--one', nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        seed, out = int(a.one[0]), Path(a.one[1])
        dest = Path(a.keep)/f'seed_{seed}' if a.keep else Path(tempfile.mkdtemp())/'run'
        out.write_text(json.dumps(one(seed, a.threads, dest, a.quick, a.lambda_age, a.reader_aug, a.lr, a.reader_learns, a.projection, a.lambda_cycle, a.upsample, a.reader_pool, a.reader_epochs, a.average, a.n_epochs, a.lambda_idt, a.lr_D_mult))); return
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'MKL_NUM_THREADS': str(a.threads)}
    with tempfile.TemporaryDirectory() as d:
        def run(seed):
            out = Path(d)/f'{seed}.json'
            r = subprocess.run([sys.executable, __file__, '--one', str(seed), str(out), '--threads', str(a.threads), '--lambda_age', str(a.lambda_age), '--reader_aug', a.reader_aug] + (['--lr', str(a.lr)] if a.lr else []) + (['--reader_learns', a.reader_learns] if a.reader_learns is not None else []) + ['--projection'] * a.projection + (['--lambda_cycle', str(a.lambda_cycle)] if a.lambda_cycle is not None else []) + (['--upsample', a.upsample] if a.upsample else []) + (['--reader_pool', str(a.reader_pool)] if a.reader_pool else []) + (['--reader_epochs', str(a.reader_epochs)] if a.reader_epochs else []) + (['--average', a.average] if a.average else []) + (['--n_epochs', str(a.n_epochs)] if a.n_epochs else []) + (['--lambda_idt', str(a.lambda_idt)] if a.lambda_idt is not None else []) + (['--lr_D_mult', str(a.lr_D_mult)] if a.lr_D_mult is not None else []) + ['--quick'] * a.quick + (['--keep', a.keep] if a.keep else []), env=env)
            if r.returncode: print(f'seed {seed}: failed', file=sys.stderr); return None
            res = json.loads(out.read_text())
            print(f"seed {seed}: MAE per target " + ', '.join(f"{t}: {v['MAE']:.2f}" for t, v in res['targets'].items()) + f"; {res['training_minutes']} min training", flush=True)
            return res
        with ThreadPoolExecutor(a.jobs) as ex: results = [r for r in ex.map(run, a.seeds) if r]
    if a.quick: return
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    old.update({{'mask': 'mask_', True: 'logit_'}.get(r['residual'], '') + ('' if r.get('upsample') == DEFAULT_UPSAMPLE else f"{r.get('upsample')}_") + f"{r['seed']}" + ('' if (r['lambda_age'], r['reader_aug']) == (1., 'color,translation') else f"_age{r['lambda_age']:g}_aug{r['reader_aug'] or 'none'}")
                + ('' if r.get('lr', 2e-4) == 2e-4 else f"_lr{r['lr']:g}") + ('' if r['gap'][1] is None else f"_gap{r['gap'][1]}") + (f"_reader{r['reader'].get('aug') or 'plain'}" if a.reader_learns is not None else '') + ('_proj' if r.get('projection') else '') + (f"_cycle{r['lambda_cycle']:g}" if a.lambda_cycle is not None else '') + ('' if r['reader'].get('pool', 1) == DEFAULT_POOL else f"_pool{r['reader'].get('pool', 1)}") + (f"_readerep{r['reader']['epochs']}" if a.reader_epochs is not None else '') + ('' if r['average'] == DEFAULT_AVERAGE else '_last' if r['average'] is None else f"_avg{r['average']:g}") + ('' if r.get('n_epochs', DEFAULT_EPOCHS) == DEFAULT_EPOCHS else f"_ep{r['n_epochs']}") + (f"_idt{r['lambda_idt']:g}" if a.lambda_idt is not None else '') + (f"_ldm{r['lr_D_mult']:g}" if a.lr_D_mult is not None else ''): r for r in results})
    OUT.write_text(json.dumps(old, indent=1)); print(f'wrote {OUT}')


if __name__ == '__main__': main()
