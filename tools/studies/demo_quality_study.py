#!/usr/bin/env python
"""Can the demo's CycleGAN keep the person while ageing? (issue 17): train named configurations and measure five goals.

Usage: python tools/studies/demo_quality_study.py [--configs demo nearest identity1 blocks6] [--seeds 0]
                                                  [--parallel 2] [--budget-min 25] [--work DIR] [--out tools/studies/demo_quality_study.json]
       python tools/studies/demo_quality_study.py --configs demo nearest residual --seeds 0 --figure nbs/images/x.png [--labels A B C --title T]
                                                  (saved faces, side by side)

Every config trains the demo's CycleGAN as `faceaging_demo` did before issue 17 (built-in synthetic faces, n 1500,
64 px crops from 72 px, batch 4, ngf = ndf = 16, 3 residual blocks, the preset's lr, `fit_flat_lin(3, 3)`, the paper's
generators and losses) with the settings of CONFIGS changed (generator: upsample, residual, ngf, n_blocks; learner: lr,
bs, loss weights, gan_mode; run: epochs, the share of training people), and is measured on the held-out young test faces by:
  - the ground-truth benchmark of chapter 10e (`ground_truth_benchmark`, probe trained ONCE and shared):
      old share      share of outputs whose apparent age is in the old range (>= 55)      goal >= 0.9
      reid ratio     re-identified rate of outputs / that of the inputs                   goal >= 0.75
      background     'retained' of the background colour (R² outputs / R² inputs, 0..1)  goal >= 0.8
      skin tone      'retained' of the skin tone                                          goal >= 0.9
  - the cycle reconstruction young -> old -> young (`cycle_metrics(G_A, G_B, test young)`, as `evaluate_run`
    measures it): mean PSNR                                                               goal >= 24 dB
  - the checkerboard pattern of the change (`checkerboard_score(output - input)` on the first 8 test faces, whose
    inputs and outputs are saved as WORK/results/CONFIG_seedS_faces.pt for `--figure`)

The results behind chapter 10's experiment table are committed as tools/studies/demo_quality_study.json; `--chosen` names the
configuration faceaging_demo's defaults follow (chapter 10 checks that they do). `--n 3000 --work OTHER` draws more faces
(its own probe and held-out set).

How it runs: the parent process draws the faces once into a shared folder (--work), trains the probe once
and saves it there; then it starts one child process per (config, seed), at most --parallel at a time, each
on ONE torch thread (OMP/MKL threads 1, set before torch is imported). Each child writes its own result
file (WORK/results/CONFIG_seedS.json); the parent merges them into --out after every finished child (so an
interrupted study keeps what it measured) and prints the table. A config predicted (from the slowest
finished run) to end past --budget-min is skipped and listed. Re-running with the same --work reuses the
faces and the probe, and the result files of runs already done (delete WORK/results to redo them).
"""
import os
for _v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[_v] = '1'  # before torch is imported
os.environ.setdefault('MPLBACKEND', 'Agg')
import argparse, json, math, pickle, platform, subprocess, sys, tempfile, time
from pathlib import Path

import torch
torch.set_num_threads(1)
try: torch.set_num_interop_threads(1)
except RuntimeError: pass
import numpy as np, pandas as pd
import fastai
from fastai.torch_core import set_seed

import faceaging, faceaging.all  # noqa: F401  (the whole library once, as the demo would import it)
from faceaging.data.synthetic import demo_faces
from faceaging.data.unpaired import unpaired_dls, domain_files
from faceaging.models import cycle_gan, checkerboard_score
from faceaging.train import cycle_learner
from faceaging.inference import load_generator, generator_faces, run_generator
from faceaging.evaluate.estimators import FaceModel
from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, ground_truth_benchmark
from faceaging.evaluate.image_metrics import cycle_metrics

ROOT = Path(__file__).resolve().parents[2]
DATA = dict(n=1500, size=64, seed=0)  # the demo's faces (faceaging_demo defaults)
LOADER = dict(load_size=72, crop_size=64, bs=4, num_workers=0, device='cpu')  # load_size = size * 9 // 8
MODEL = dict(ngf=16, ndf=16, n_blocks=3)
EPOCHS = 3  # fit_flat_lin(3, 3)
OLD = (55, 75)
N_FACES = 8  # test faces saved per run for figures
# name -> (cycle_gan overrides, cycle_learner overrides[, run overrides: epochs, train_share, old_train (age range), head_lr_mult]); 'demo' is faceaging_demo as it was before issue 17
CONFIGS = {'demo': ({}, {}),
           'nearest': ({'upsample': 'nearest'}, {}),
           'bilinear': ({'upsample': 'bilinear'}, {}),
           'identity1': ({}, {'lambda_identity': 1.0}),
           'identity0': ({}, {'lambda_identity': 0.0}),
           'blocks6': ({'n_blocks': 6}, {}),
           'ngf32': ({'ngf': 32, 'ndf': 32}, {}),
           'ngf32_blocks1': ({'ngf': 32, 'ndf': 32, 'n_blocks': 1}, {}),
           'bs1': ({}, {'bs': 1}),
           'bs8': ({}, {'bs': 8}),
           'lr2x': ({}, {'lr': 4e-4}),
           'lr4x': ({}, {'lr': 8e-4}),
           'cycle20': ({}, {'lambda_A': 20.0, 'lambda_B': 20.0}),
           'epochs2x': ({}, {}, {'epochs': 6}),
           'data_half': ({}, {}, {'train_share': 0.5, 'epochs': 6}),
           'nearest_identity1': ({'upsample': 'nearest'}, {'lambda_identity': 1.0}),
           'residual': ({'residual': True}, {}),
           'residual_nearest': ({'residual': True, 'upsample': 'nearest'}, {}),
           'residual_lr2x': ({'residual': True}, {'lr': 4e-4}),
           'residual_blocks6': ({'residual': True, 'n_blocks': 6}, {}),
           'residual_identity0': ({'residual': True}, {'lambda_identity': 0.0}),
           'residual_cycle20': ({'residual': True}, {'lambda_A': 20.0, 'lambda_B': 20.0}),
           'residual_cycle5': ({'residual': True}, {'lambda_A': 5.0, 'lambda_B': 5.0}),
           'residual_identity0_lr2x': ({'residual': True}, {'lambda_identity': 0.0, 'lr': 4e-4}),
           'residual_identity0_epochs4': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 4}),
           'residual_identity0_lr2x_epochs5': ({'residual': True}, {'lambda_identity': 0.0, 'lr': 4e-4}, {'epochs': 5}),
           'residual_identity0_lr2x_cycle5': ({'residual': True}, {'lambda_identity': 0.0, 'lr': 4e-4, 'lambda_A': 5.0, 'lambda_B': 5.0}),
           'residual_identity0_lr4x': ({'residual': True}, {'lambda_identity': 0.0, 'lr': 8e-4}),
           'residual_identity0_epochs6': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 6}),
           'residual_identity0_lr2x_epochs6': ({'residual': True}, {'lambda_identity': 0.0, 'lr': 4e-4}, {'epochs': 6}),
           'residual_identity0_nearest_epochs6': ({'residual': True, 'upsample': 'nearest'}, {'lambda_identity': 0.0}, {'epochs': 6}),
           'residual_identity0_cycle5_epochs4': ({'residual': True}, {'lambda_identity': 0.0, 'lambda_A': 5.0, 'lambda_B': 5.0}, {'epochs': 4}),
           'residual_identity0_lrD2_epochs4': ({'residual': True}, {'lambda_identity': 0.0, 'lr_D_mult': 2.0}, {'epochs': 4}),
           'residual_identity0_ngf32': ({'residual': True, 'ngf': 32, 'ndf': 32}, {'lambda_identity': 0.0}),
           'residual_identity0_ndf32_epochs4': ({'residual': True, 'ndf': 32}, {'lambda_identity': 0.0}, {'epochs': 4}),
           'residual_identity0_epochs2': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 2}),
           'residual_identity0_nlD4_epochs4': ({'residual': True, 'n_layers_D': 4}, {'lambda_identity': 0.0}, {'epochs': 4}),
           'residual_identity0_hinge_epochs4': ({'residual': True}, {'lambda_identity': 0.0, 'gan_mode': 'hinge'}, {'epochs': 4}),
           'residual_identity0_vanilla_epochs4': ({'residual': True}, {'lambda_identity': 0.0, 'gan_mode': 'vanilla'}, {'epochs': 4}),
           'residual_identity0_epochs4_old60': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 4, 'old_train': (60, 75)}),
           'residual_identity0_epochs4_cycleA5': ({'residual': True}, {'lambda_identity': 0.0, 'lambda_A': 5.0}, {'epochs': 4}),
           'residual_identity0_epochs4_cycleA3': ({'residual': True}, {'lambda_identity': 0.0, 'lambda_A': 3.0}, {'epochs': 4}),
           'residual_identity0_epochs4_ngf24': ({'residual': True, 'ngf': 24, 'ndf': 24}, {'lambda_identity': 0.0}, {'epochs': 4}),
           'residual_identity0_epochs4_head4x': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 4, 'head_lr_mult': 4.0}),
           'residual_identity0_epochs4_head10x': ({'residual': True}, {'lambda_identity': 0.0}, {'epochs': 4, 'head_lr_mult': 10.0}),
           'mask_identity0_epochs4': ({'residual': 'mask'}, {'lambda_identity': 0.0}, {'epochs': 4}),
           'mask_identity0_epochs4_cycleA5': ({'residual': 'mask'}, {'lambda_identity': 0.0, 'lambda_A': 5.0}, {'epochs': 4}),
           'mask_identity0_epochs4_old65': ({'residual': 'mask'}, {'lambda_identity': 0.0}, {'epochs': 4, 'old_train': (65, 75)}),
           'mask_identity0_epochs5_old60': ({'residual': 'mask'}, {'lambda_identity': 0.0}, {'epochs': 5, 'old_train': (60, 75)}),
           'mask_identity0_epochs4_old60': ({'residual': 'mask'}, {'lambda_identity': 0.0}, {'epochs': 4, 'old_train': (60, 75)}),
          }
DEFAULT_CONFIGS = ['demo', 'nearest', 'identity1', 'blocks6']
# measure -> (goal, the JSON key); every goal is "at least"
GOALS = {'old share': (0.9, 'share_old_range'), 'reid ratio': (0.75, 'reid_ratio'), 'background': (0.8, 'background_retained'),
         'skin tone': (0.9, 'skin_retained'), 'cycle PSNR': (24.0, 'cycle_psnr_young')}

def _float(v): return None if v is None or pd.isna(v) else float(v)

# ---------------------------------------------------------------- child: one config, one seed
def run_config(name:str, seed:int, work:Path) -> dict:
    "Train config `name` with the demo's settings, measure the five goals, return the result dict."
    t0 = time.time()
    gen_kw, learn_kw, run_kw = (*CONFIGS[name], {})[:3]
    epochs = run_kw.get('epochs', EPOCHS)
    with open(work/'faces.pkl', 'rb') as f: faces, root, gt = pickle.load(f)
    if (share := run_kw.get('train_share')):  # a smaller training set: that share of the training people (all their photos)
        train = faces[faces['split'] == 'train']
        people = train['identity'].drop_duplicates().sample(frac=share, random_state=0)
        faces = pd.concat([train[train['identity'].isin(people)], faces[faces['split'] != 'train']])
    if (old_train := run_kw.get('old_train')):  # a narrower, older old domain for TRAINING only (the test faces and OLD stay)
        drop = (faces['split'] == 'train') & (faces['domain'] == 'B') & ~faces['age'].between(*old_train)
        faces = faces.assign(domain=faces['domain'].mask(drop))
    probe = FaceModel.load(work/'probe.pth', device='cpu')
    set_seed(seed)
    dls = unpaired_dls(faces, root, seed=seed, **LOADER)
    run = work/'runs'/f'{name}_seed{seed}'
    learn = cycle_learner(dls, cycle_gan(**{**MODEL, **gen_kw}), path=run, sample_plots=False, checkpoint_every=0, **learn_kw)
    lr = learn.lr * run_kw['head_lr_mult'] if 'head_lr_mult' in run_kw else None  # the head (upsampling, last layer: the change) faster
    with learn.no_bar(), learn.no_logging(): learn.fit_flat_lin(epochs, epochs, lr=slice(learn.lr, lr) if lr else None)
    t_train = time.time() - t0
    learn.save_checkpoint()
    G_A, G_B = load_generator(run, 'young2old', device='cpu'), load_generator(run, 'old2young', device='cpu')
    b = ground_truth_benchmark(G_A, gt, root, probe, old=OLD)
    s, ident = b['summary'], b['identity']
    young, old = domain_files(faces, root, 'test')
    cyc_a, cyc_b = cycle_metrics(G_A, G_B, young).mean(), cycle_metrics(G_B, G_A, old).mean()
    reid_in, reid_out = float(s['re-identified, inputs']), float(s['re-identified, outputs'])
    x = generator_faces(G_A, young[:N_FACES]); aged = run_generator(G_A, x)  # the first test faces, for side-by-side figures
    torch.save({'young': x, 'aged': aged, 'back': run_generator(G_B, aged)}, work/'results'/f'{name}_seed{seed}_faces.pt')
    checker = checkerboard_score(aged - x)  # the checkerboard pattern in what the generator changed
    r = {'config': name, 'seed': seed, 'generator': {**MODEL, **gen_kw}, 'learner': learn_kw, 'run': run_kw,
         'train_faces': {d: int(((faces['split'] == 'train') & (faces['domain'] == d)).sum()) for d in 'AB'},
         'lr': _float(getattr(learn, 'lr', None)),
         'iterations': len(learn.cycle_history),
         'share_old_range': float(s[f'share in the old range (apparent age >= {OLD[0]})']),
         'reid_inputs': reid_in, 'reid_outputs': reid_out, 'reid_ratio': reid_out / reid_in if reid_in else None,
         'background_retained': _float(ident.loc['background', 'retained']),
         'skin_retained': _float(ident.loc['skin tone', 'retained']),
         'cycle_psnr_young': float(cyc_a['psnr']), 'cycle_ssim_young': float(cyc_a['ssim']), 'cycle_l1_young': float(cyc_a['l1']),
         'cycle_psnr_old': float(cyc_b['psnr']), 'cycle_ssim_old': float(cyc_b['ssim']),
         'identity': json.loads(ident.to_json(orient='index')),  # R² inputs / outputs and retained per parameter group
         'benchmark_summary': {k: float(v) for k, v in s.items()},
         'checkerboard_change': checker,
         'cycle_loss_last20': float(pd.DataFrame(learn.cycle_history).eval('cycle_A + cycle_B')[-20:].mean()),
         'seconds_train': round(t_train, 1), 'seconds': round(time.time() - t0, 1), 'torch_threads': torch.get_num_threads()}
    r['passed'] = {m: (r[k] is not None and r[k] >= g) for m, (g, k) in GOALS.items()}
    return r

# ---------------------------------------------------------------- parent: data, probe, children, merge
def prepare(work:Path) -> dict:
    "Draw the faces and train the probe once (reused when already in `work`)."
    t = time.time()
    if not (work/'faces.pkl').exists() or not (work/'probe.pth').exists():
        set_seed(DATA['seed'])
        faces, root = demo_faces(work/'data', **DATA)
        gt = with_ground_truth(faces, root)
        probe = train_ground_truth_probe(gt, root, progress=False)  # its defaults read the demo's faces well
        probe.save(work/'probe.pth')
        with open(work/'faces.pkl', 'wb') as f: pickle.dump((faces, root, gt), f)
        (work/'probe_metrics.json').write_text(json.dumps({k: float(v) for k, v in getattr(probe, 'metrics', {}).items()}))
    with open(work/'faces.pkl', 'rb') as f: faces, root, gt = pickle.load(f)
    young, old = domain_files(faces, root, 'test')
    return {'seconds_data_and_probe': round(time.time() - t, 1),
            'probe_metrics': json.loads((work/'probe_metrics.json').read_text()),
            'train_faces': {d: int(((faces['split'] == 'train') & (faces['domain'] == d)).sum()) for d in 'AB'},
            'test_faces': {'A': len(young), 'B': len(old)}}

def machine() -> dict:
    return {'python': sys.version.split()[0], 'torch': torch.__version__, 'fastai': fastai.__version__,
            'faceaging': getattr(faceaging, '__version__', None), 'platform': platform.platform(),
            'processor': platform.processor() or platform.machine(), 'cpu_count': os.cpu_count(),
            'torch_threads_per_run': 1, 'cuda': torch.cuda.is_available(), 'device': 'cpu'}

def table(results:list) -> pd.DataFrame:
    "One row per run: each measure, pass/fail against its goal, seconds."
    rows = []
    for r in results:
        row = {'config': r['config'], 'seed': r['seed']}
        for m, (g, k) in GOALS.items(): row[f'{m} (>= {g:g})'] = f"{r[k]:.3f} {'pass' if r['passed'][m] else 'FAIL'}" if r[k] is not None else 'n/a FAIL'
        row['reid in/out'] = f"{r['reid_inputs']:.2f}/{r['reid_outputs']:.2f}"
        row['s'] = round(r['seconds'])
        rows.append(row)
    return pd.DataFrame(rows)

def figure(work:Path, configs:list, seed:int, png:Path, n:int=6, labels:dict=None, title:str=None):
    "Inputs, then each config's aged outputs (G_A) for the same held-out young faces, one row per config."
    import matplotlib.pyplot as plt
    runs = {c: torch.load(work/'results'/f'{c}_seed{seed}_faces.pt') for c in configs}
    rows = [('young (input)', runs[configs[0]]['young'])] + [((labels or {}).get(c, c), runs[c]['aged']) for c in configs]
    fig, axs = plt.subplots(len(rows), n, figsize=(1.35 * n + 0.9, 1.4 * len(rows)), squeeze=False)
    for r, (label, x) in enumerate(rows):
        for k in range(n):
            ax = axs[r, k]; ax.imshow(x[k].permute(1, 2, 0).clamp(0, 1).numpy()); ax.set_xticks([]); ax.set_yticks([])
            if k == 0: ax.set_ylabel(label, fontsize=7)
    fig.suptitle(title or f'held-out young faces aged by each configuration (seed {seed})', fontsize=9); fig.tight_layout()
    fig.savefig(png, dpi=80); plt.close(fig)
    print(f'wrote {png}')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--configs', nargs='+', default=DEFAULT_CONFIGS, help=f'in priority order; known: {", ".join(CONFIGS)}')
    ap.add_argument('--seeds', type=int, nargs='+', default=[0])
    ap.add_argument('--parallel', type=int, default=2, help='child processes at once (one torch thread each)')
    ap.add_argument('--budget-min', type=float, default=25, help='skip runs predicted to end past this many minutes')
    ap.add_argument('--work', default=str(Path(tempfile.gettempdir())/'demo_quality_study'), help='shared folder: faces, probe, runs, results')
    ap.add_argument('--out', default=str(ROOT/'tools'/'studies'/'demo_quality_study.json'))
    ap.add_argument('--merge-only', action='store_true', help='train nothing: merge the result files already in --work into --out')
    ap.add_argument('--chosen', help="the configuration faceaging_demo's defaults follow (recorded in --out; chapter 10 checks them)")
    ap.add_argument('--n', type=int, default=DATA['n'], help='synthetic faces drawn (the demo: 1500); use a --work folder of its own')
    ap.add_argument('--figure', type=Path, help='instead of training: draw the saved faces of --configs (first --seeds) side by side into this PNG')
    ap.add_argument('--labels', nargs='+', default=[], help="with --figure: one row label per config ('\\n' breaks a line)")
    ap.add_argument('--title', help='with --figure: the title')
    ap.add_argument('--child', nargs=2, metavar=('CONFIG', 'SEED'), help=argparse.SUPPRESS)
    a = ap.parse_args()
    work = Path(a.work); (work/'results').mkdir(parents=True, exist_ok=True)
    DATA['n'] = a.n
    if a.child:  # one run, written to its own file
        name, seed = a.child[0], int(a.child[1])
        r = run_config(name, seed, work)
        (work/'results'/f'{name}_seed{seed}.json').write_text(json.dumps(r, indent=1))
        return
    unknown = [c for c in a.configs if c not in CONFIGS]
    if unknown: ap.error(f'unknown configs {unknown}; known: {list(CONFIGS)}')
    if a.labels and len(a.labels) != len(a.configs): ap.error(f'--labels needs one label per config ({len(a.configs)}), not {len(a.labels)}')
    if a.figure: return figure(work, a.configs, a.seeds[0], a.figure, labels={c: l.replace('\\n', '\n') for c, l in zip(a.configs, a.labels)}, title=a.title)
    t_start = time.time()
    setup = prepare(work)
    print(f"data + probe: {setup['seconds_data_and_probe']} s; train faces {setup['train_faces']}, test faces {setup['test_faces']}", flush=True)
    out = {'question': 'issue 17: does the demo model keep the person while ageing? five goals on held-out young faces',
           'goals': {m: {'at least': g, 'key': k} for m, (g, k) in GOALS.items()},
           'setup': {'data': {**DATA, 'source': 'demo_faces'}, 'loader': LOADER, 'model': MODEL,
                     'schedule': f'fit_flat_lin({EPOCHS}, {EPOCHS})', 'lr': "cycle_learner's default (preset 'paper' rule)",
                     'configs': {c: {'cycle_gan': CONFIGS[c][0], 'cycle_learner': CONFIGS[c][1], 'run': (*CONFIGS[c], {})[2]} for c in a.configs},
                     'benchmark': f'ground_truth_benchmark(G_A, held-out young test faces, probe, old={OLD}); probe trained once',
                     'cycle': 'cycle_metrics(G_A, G_B, young test faces).mean() (and G_B, G_A on old test faces)',
                     'parallel': a.parallel, **setup},
           'chosen': a.chosen, 'machine': machine(), 'args': {k: v for k, v in vars(a).items() if k != 'child'}, 'results': [], 'skipped': []}
    def merge():
        done = [json.loads((work/'results'/f'{c}_seed{s}.json').read_text()) for s in a.seeds for c in a.configs
                if (work/'results'/f'{c}_seed{s}.json').exists()]
        out['results'] = done
        out['minutes_total'] = round((time.time() - t_start) / 60, 2)
        Path(a.out).write_text(json.dumps(out, indent=1))
        return done
    todo = [] if a.merge_only else [(c, s) for s in a.seeds for c in a.configs if not (work/'results'/f'{c}_seed{s}.json').exists()]
    running = {}  # (config, seed) -> (process, start time)
    while todo or running:
        while todo and len(running) < a.parallel:
            c, s = todo.pop(0)
            secs = [r['seconds'] for r in merge()]
            guess = max(secs) * (2 if CONFIGS[c][0].get('n_blocks', 3) > 3 or CONFIGS[c][0].get('ngf', 16) > 16 else 1) if secs else 0  # more capacity: about twice the work
            elapsed = time.time() - t_start
            if elapsed + guess > a.budget_min * 60:
                out['skipped'].append({'config': c, 'seed': s, 'why': f'predicted {guess:.0f} s, {elapsed / 60:.1f} min used'})
                print(f'skip {c} seed {s}: predicted {guess:.0f} s would pass the {a.budget_min} min budget', flush=True); continue
            log = open(work/'results'/f'{c}_seed{s}.log', 'w')
            p = subprocess.Popen([sys.executable, __file__, '--work', str(work), '--n', str(a.n), '--child', c, str(s)], stdout=log, stderr=subprocess.STDOUT)
            running[(c, s)] = (p, time.time())
            print(f'started {c} seed {s} (pid {p.pid}) [{elapsed / 60:.1f} min]', flush=True)
        time.sleep(2)
        for k, (p, t0) in list(running.items()):
            if p.poll() is None: continue
            del running[k]
            if p.returncode: print(f'{k[0]} seed {k[1]} FAILED (exit {p.returncode}); see {work}/results/{k[0]}_seed{k[1]}.log', flush=True)
            else: print(f'{k[0]} seed {k[1]} done in {time.time() - t0:.0f} s [{(time.time() - t_start) / 60:.1f} min]', flush=True)
            merge()
    done = merge()
    with pd.option_context('display.width', 250, 'display.max_columns', 30):
        print('\n' + (table(done).to_string(index=False) if done else 'no results'))
    print(f"\nwrote {a.out} ({out['minutes_total']} min)")

if __name__ == '__main__': main()
