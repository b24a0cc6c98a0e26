#!/usr/bin/env python
"""How the CycleGAN learning rate should follow the batch size, at equal images seen (same epochs).

Usage: python tools/studies/lr_batch_study.py [--seeds 0 1] [--configs 1:2e-4 8:2e-4 8:5.66e-4 8:1.6e-3 4:4e-4]
                                              [--budget-min 40] [--epochs 3] [--out tools/studies/lr_batch_study.json]

The paper trains with batch size 1 and Adam lr 2e-4 (betas 0.5/0.999). A bigger batch is faster on a GPU,
but takes fewer optimizer steps per epoch; the usual rules keep the lr (constant), scale it by sqrt(bs)
or by bs (linear). Each config `BS:LR` trains the demo's CycleGAN (ngf 16, 3 residual blocks, 64 px) on
the built-in synthetic faces with the demo's schedule (`fit_flat_lin(3, 3)`: 3 epochs constant, 3 decaying),
so every config sees the same images, and is measured by:
  - the ground-truth benchmark of the demo (`ground_truth_benchmark`): mean apparent age gain of held-out
    young faces under G_A, share reaching the old range, identity parameters retained (probe trained once);
  - gray-hair fraction of G_A(young) minus that of the young inputs on the fixed validation faces
    (all 8 of them for every config, see `valid_samples`);
  - the mean of cycle_A + cycle_B over the last 20 training batches;
  - seconds of training + measuring.
Everything runs in one process on one CPU thread (the data is drawn once, the probe trained once); the
library is imported once at the start, so edits to it during a run do not change the run. Configs run in
the order given, seed by seed; one that would not finish within --budget-min (predicted from the slowest
run at that batch size, or at the nearest one measured) is skipped and listed in the JSON. The JSON is
rewritten after every config, so an interrupted study keeps what it measured.
"""
import os
for _v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[_v] = '1'  # before torch is imported
os.environ.setdefault('MPLBACKEND', 'Agg')
import argparse, json, math, platform, statistics, sys, tempfile, time, types
from pathlib import Path

import torch
torch.set_num_threads(1)
try: torch.set_num_interop_threads(1)
except RuntimeError: pass
import numpy as np, pandas as pd
import fastai
from fastai.torch_core import set_seed

# the whole library now, once: lazy imports inside it then come from sys.modules, not from files being edited
import faceaging, faceaging.all  # noqa: F401
from faceaging.data.synthetic import demo_faces
from faceaging.data.unpaired import unpaired_dls
from faceaging.models import cycle_gan
from faceaging.train import cycle_learner
from faceaging.evaluate.image_metrics import gray_fraction
from faceaging.runlog import translate_valid
from faceaging.inference import load_generator
from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, ground_truth_benchmark

ROOT = Path(__file__).resolve().parents[2]
PAPER_BS, PAPER_LR = 1, 2e-4
DEFAULT_CONFIGS = ['1:2e-4', '8:2e-4', '8:5.66e-4', '8:1.6e-3', '4:4e-4']  # paper; constant; sqrt; linear; sqrt at bs 4
DATA = dict(n=1500, size=64, seed=0)  # the demo's faces (always the same drawing; --seeds vary the training)
LOADER = dict(load_size=72, crop_size=64, num_workers=0, device='cpu')
MODEL = dict(ngf=16, ndf=16, n_blocks=3)

def lr_rule(bs:int, lr:float) -> str:
    "Name the scaling rule that maps the paper's (bs 1, lr 2e-4) to (bs, lr)."
    if bs == PAPER_BS and math.isclose(lr, PAPER_LR, rel_tol=0.02): return 'paper'
    for name, k in [('constant', 0), ('sqrt', 0.5), ('linear', 1)]:
        if math.isclose(lr, PAPER_LR * (bs / PAPER_BS) ** k, rel_tol=0.02): return name
    return f'{lr / PAPER_LR:.3g} x paper'

def parse_config(s:str) -> tuple:
    bs, lr = s.split(':')
    return int(bs), float(lr)

def valid_samples(model, eval_dls) -> dict:
    """`translate_valid` on all fixed validation faces, whatever the training batch size.

    `translate_valid(learn, n)` translates the first validation *batch* only, and the validation batch size
    is min(2 * bs, 8): at bs 1 it would see 2 faces, at bs 4 or 8 all 8. So every config is measured on
    the same loaders (`eval_dls`, built once with a validation batch of all 8 faces)."""
    return translate_valid(types.SimpleNamespace(model=model, dls=eval_dls), len(eval_dls.valid.dataset))

def run_config(bs:int, lr:float, seed:int, faces, root, gt, probe, eval_dls, epochs:int, workdir:Path) -> dict:
    "Train one config with the demo's settings and measure it."
    t0 = time.time()
    set_seed(seed)
    dls = unpaired_dls(faces, root, bs=bs, seed=seed, **LOADER)
    run = workdir/f'bs{bs}_lr{lr:g}_seed{seed}'
    learn = cycle_learner(dls, cycle_gan(**MODEL), path=run, lr=lr, sample_plots=False, checkpoint_every=0)
    with learn.no_bar(), learn.no_logging(): learn.fit_flat_lin(epochs, epochs)
    t_train = time.time() - t0
    learn.save_checkpoint()
    b = ground_truth_benchmark(load_generator(run, 'young2old', device='cpu'), gt, root, probe, old=(55, 75))
    s = valid_samples(learn.model, eval_dls)
    gray = {k: float(gray_fraction(v).mean()) for k, v in s.items() if k in ('real_A', 'fake_B', 'real_B', 'fake_A')}
    cyc = pd.DataFrame(learn.cycle_history).eval('cycle_A + cycle_B')
    retained = {k: (None if pd.isna(v) else float(v)) for k, v in b['identity']['retained'].items()}
    known = [v for v in retained.values() if v is not None]
    summary = {k: float(v) for k, v in b['summary'].items()}
    return {'bs': bs, 'lr': lr, 'rule': lr_rule(bs, lr), 'seed': seed,
            'iterations': len(cyc), 'images_seen': len(cyc) * bs,
            'mean_age_gain': summary['mean gain'],
            'share_old_range': summary['share in the old range (apparent age >= 55)'],
            'identity_retained_mean': statistics.mean(known) if known else None,
            'identity_retained': retained,
            'gray_fake_B_minus_real_A': gray['fake_B'] - gray['real_A'],
            'gray_real_B_minus_fake_A': gray['real_B'] - gray['fake_A'],
            'gray_hair_fraction': gray,
            'cycle_loss_first20': float(cyc[:20].mean()), 'cycle_loss_last20': float(cyc[-20:].mean()),
            'seconds_train': round(t_train, 1), 'seconds': round(time.time() - t0, 1),
            'benchmark_summary': summary}

COLS = [('bs', 'bs'), ('lr', 'lr'), ('rule', 'rule'), ('seed', 'seed'), ('mean_age_gain', 'age gain'),
        ('share_old_range', 'old share'), ('identity_retained_mean', 'id kept'), ('gray_fake_B_minus_real_A', 'gray fB-rA'),
        ('cycle_loss_last20', 'cycle last20'), ('seconds', 's')]

def tables(results:list) -> tuple:
    "Per run, and per config (mean and std over seeds)."
    df = pd.DataFrame([{k: r[k] for k, _ in COLS} for r in results])
    if df.empty: return df, df
    num = ['mean_age_gain', 'share_old_range', 'identity_retained_mean', 'gray_fake_B_minus_real_A', 'cycle_loss_last20', 'seconds']
    g = df.groupby(['bs', 'lr', 'rule'], sort=False)[num]
    agg = g.mean().join(g.std().add_suffix(' std')).join(g.size().rename('seeds')).reset_index()
    return df.rename(columns=dict(COLS)), agg

def predicted_seconds(seconds:dict, bs:int) -> float:
    "Seconds a config at `bs` should take: the slowest run at this bs, else at the nearest measured bs (log scale), else 0."
    if not seconds: return 0.0
    near = bs if bs in seconds else min(seconds, key=lambda b: (abs(math.log(b / bs)), -b))
    return max(seconds[near])

def machine() -> dict:
    return {'python': sys.version.split()[0], 'torch': torch.__version__, 'fastai': fastai.__version__,
            'faceaging': getattr(faceaging, '__version__', None), 'platform': platform.platform(),
            'processor': platform.processor() or platform.machine(), 'cpu_count': os.cpu_count(),
            'torch_threads': torch.get_num_threads(), 'cuda': torch.cuda.is_available(), 'device': 'cpu'}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1])
    ap.add_argument('--configs', nargs='+', default=DEFAULT_CONFIGS, help='BS:LR, in priority order')
    ap.add_argument('--epochs', type=int, default=3, help='epochs at the constant rate (as many again decaying)')
    ap.add_argument('--budget-min', type=float, default=40, help='skip configs predicted to end past this many minutes')
    ap.add_argument('--out', default=str(ROOT/'tools'/'studies'/'lr_batch_study.json'))
    a = ap.parse_args()
    t_start, configs = time.time(), [parse_config(c) for c in a.configs]
    work = Path(tempfile.mkdtemp(prefix='lr_batch_study_'))
    out = {'question': 'how the lr should follow the batch size (paper: bs 1, Adam lr 2e-4, betas 0.5/0.999), at equal epochs',
           'setup': {'data': {**DATA, 'source': 'demo_faces'}, 'loader': LOADER, 'model': MODEL,
                     'schedule': f'fit_flat_lin({a.epochs}, {a.epochs})', 'betas': [0.5, 0.999],
                     'gray measured on': 'all fixed validation faces (8 per domain), same loaders for every config',
                     'benchmark': 'ground_truth_benchmark(G_A, held-out young test faces, probe, old=(55, 75))'},
           'machine': machine(), 'args': vars(a), 'results': [], 'skipped': []}
    def save():
        out['minutes_total'] = round((time.time() - t_start) / 60, 2)
        per_run, per_cfg = tables(out['results'])
        out['per_config'] = json.loads(per_cfg.to_json(orient='records')) if len(per_cfg) else []
        Path(a.out).write_text(json.dumps(out, indent=1))
        return per_run, per_cfg

    t = time.time()
    faces, root = demo_faces(work/'data', **DATA)
    gt = with_ground_truth(faces, root)
    probe = train_ground_truth_probe(gt, root, progress=False)
    eval_dls = unpaired_dls(faces, root, bs=8, seed=0, **LOADER)  # validation batch: all 8 fixed faces per domain
    out['setup']['seconds_data_and_probe'] = round(time.time() - t, 1)
    out['setup']['probe_metrics'] = {k: float(v) for k, v in getattr(probe, 'metrics', {}).items()}
    out['setup']['train_faces'] = {d: int(((faces['split'] == 'train') & (faces['domain'] == d)).sum()) for d in 'AB'}
    print(f"data + probe: {out['setup']['seconds_data_and_probe']} s; train faces {out['setup']['train_faces']}", flush=True)

    seconds = {}  # bs -> seconds of the runs done
    for seed in a.seeds:
        for bs, lr in configs:
            elapsed = time.time() - t_start
            guess = predicted_seconds(seconds, bs)
            if elapsed + guess > a.budget_min * 60:
                out['skipped'].append({'bs': bs, 'lr': lr, 'seed': seed, 'why': f'predicted {guess:.0f} s, {elapsed / 60:.1f} min used'})
                print(f'skip bs {bs} lr {lr:g} seed {seed}: predicted {guess:.0f} s would pass the budget', flush=True)
                save(); continue
            r = run_config(bs, lr, seed, faces, root, gt, probe, eval_dls, a.epochs, work)
            seconds.setdefault(bs, []).append(r['seconds'])
            out['results'].append(r); save()
            print(f"bs {bs} lr {lr:g} ({r['rule']}) seed {seed}: gain {r['mean_age_gain']:.2f} y, id kept {r['identity_retained_mean']:.3f}, "
                  f"gray {r['gray_fake_B_minus_real_A']:+.3f}, cycle {r['cycle_loss_last20']:.3f}, {r['seconds']:.0f} s "
                  f"[{(time.time() - t_start) / 60:.1f} min]", flush=True)
    per_run, per_cfg = save()
    with pd.option_context('display.width', 200, 'display.max_columns', 30, 'display.float_format', '{:.4g}'.format):
        print('\nper run\n' + per_run.to_string(index=False))
        print('\nper config (mean, std over seeds)\n' + per_cfg.to_string(index=False))
    print(f"\nwrote {a.out} ({out['minutes_total']} min)")

if __name__ == '__main__': main()
