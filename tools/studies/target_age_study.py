#!/usr/bin/env python
"""Can one generator age a face to a chosen age, at the demo's budget? A feasibility study for issue 32, point 2.

Usage: python tools/studies/target_age_study.py [--configs cin cin-plain regressor plain] [--seeds 0] [--minutes 8]
       [--identity 0] [--age_weight 1] [--jobs 2] [--quick]

A StarGAN-style conditional CycleGAN on the built-in synthetic faces of every age (18-80), in a plain PyTorch loop:
- G(x, t): the demo's mask generator (16 filters, 3 blocks, 64 px) with the target age as a fourth input plane,
  (t - 50) / 30; its output is drawn under its mask, `masked_output`, so what it leaves alone stays the input's.
  Configs `regressor` and `plain` condition through that plane only. It does not work: the first convolution turns a
  constant plane into a constant per-channel offset, and the instance norm right after it subtracts exactly that, so
  the generator never sees the age (measured: the same output for every target). Configs `cin` and `cin-plain` add
  conditional instance norm (Dumoulin et al. 2017): every norm of G is followed by a scale and shift computed from the
  age (zero-initialised, so G starts as the plain one).
- D(x, t): a conditional PatchGAN (16 filters) on the image and the same age plane (its first layer has no norm, so
  it sees the age), matching-aware: a real face paired with an age at least 15 years from its own is a negative too.
- losses for G: LSGAN, cycle |G(G(x, t), a) - x| (10), identity |G(x, a) - x| (`--identity`, 0 as in the demo), and in
  `regressor` and `cin` an age loss |R(G(x, t)) - t| / 10 (`--age_weight`, 1) from a frozen age regressor R
  (`train_face_model`, 64 px, width 32, seed 1): the HRFAE / IPCGAN idea. `plain` and `cin-plain` have no R.
Each (config, seed) trains for `--minutes` on one thread, then the ground-truth probe of chapter 10e (48 px, width 16,
seed 0: another network than R) reads the achieved true age of every held-out face (all ages) aged to 20, 30, ..., 70,
and what is retained of skin tone and background. Results go to tools/studies/target_age_study.json.
"""
import argparse, json, os, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'target_age_study.json'
TARGETS = (20, 30, 40, 50, 60, 70)


def _plane(age, x):
    "The target age as one input plane, (age - 50) / 30, the size of `x`."
    return ((age.float() - 50) / 30).view(-1, 1, 1, 1).expand(-1, 1, *x.shape[-2:])


def build(ngf=16, n_blocks=3, conditional_norm:bool=False, embed:str='linear'):
    "A conditional mask generator G(x, age) and a conditional PatchGAN D(x, age)."
    import torch
    from torch import nn
    from faceaging.models import resnet_generator, patch_discriminator, masked_output
    class CondIN(nn.Module):  # conditional instance norm (Dumoulin et al. 2017): scale and shift from the age, after the norm
        def __init__(self, c, holder):
            super().__init__(); self.norm, self.film, self.holder = nn.InstanceNorm2d(c), nn.Linear(holder.width, 2 * c), [holder]
            nn.init.zeros_(self.film.weight); nn.init.zeros_(self.film.bias)  # starts as the plain norm
        def forward(self, x):
            g, b = self.film(self.holder[0].t).chunk(2, 1)
            return self.norm(x) * (1 + g[..., None, None]) + b[..., None, None]
    class AgeG(nn.Module):
        def __init__(self):
            super().__init__(); self.g = resnet_generator(in_ch=4, ngf=ngf, n_blocks=n_blocks, residual='mask')
            self.width = 32 if embed == 'mlp' else 1
            self.embed = nn.Sequential(nn.Linear(1, 32), nn.SiLU(), nn.Linear(32, 32), nn.SiLU()) if embed == 'mlp' else nn.Identity()
            if conditional_norm:
                for parent in list(self.g.modules()):
                    for name, m in list(parent.named_children()):
                        if isinstance(m, nn.InstanceNorm2d): setattr(parent, name, CondIN(m.num_features, self))
        def forward(self, x, age):
            self.t = self.embed(((age.float() - 50) / 30).view(-1, 1))
            return masked_output(x, self.g.model[:-1](torch.cat([x, _plane(age, x)], 1)))
    class AgeD(nn.Module):
        def __init__(self):
            super().__init__(); self.d = patch_discriminator(in_ch=4, ndf=ngf)
        def forward(self, x, age): return self.d(torch.cat([x, _plane(age, x)], 1))
    return AgeG(), AgeD()


def age_reader(fm):
    "A differentiable age reading from a FaceModel: images in [-1, 1] -> years."
    import torch, torch.nn.functional as F
    from fastai.vision.all import imagenet_stats
    mean, std = (torch.tensor(s).view(1, 3, 1, 1) for s in imagenet_stats)
    ym, ys = fm.config['y_mean'][0], fm.config['y_std'][0]
    for p in fm.model.parameters(): p.requires_grad_(False)
    def read(y):
        x = F.interpolate((y + 1) / 2, size=(fm.size, fm.size), mode='bilinear', antialias=True, align_corners=False)
        return fm.model((x - mean) / std)[:, 0] * ys + ym
    return read


def train(cfg:str, seed:int, faces, root, minutes:float, R=None, bs:int=8, identity:float=0., age_weight:float=1., embed:str='linear', targets:str='uniform'):
    "Train G and D for `minutes`; returns G and the number of steps."
    import torch, numpy as np
    from faceaging.data.faces import load_faces
    from faceaging.data.labels import image_paths
    torch.manual_seed(seed); rng = np.random.default_rng(seed)
    tr = faces[faces['split'] == 'train']
    X, A = load_faces(image_paths(tr, root).tolist(), 72) * 2 - 1, torch.tensor(tr['age'].to_numpy(), dtype=torch.float32)
    G, D = build(conditional_norm=cfg.startswith('cin'), embed=embed)
    oG, oD = (torch.optim.Adam(m.parameters(), 2e-4, betas=(0.5, 0.999)) for m in (G, D))
    mse, l1, steps, t0 = torch.nn.MSELoss(), torch.nn.L1Loss(), 0, time.time()
    while time.time() - t0 < minutes * 60:
        i = torch.from_numpy(rng.choice(len(X), bs)); o = rng.integers(0, 9, 2)
        x, a = X[i, :, o[0]:o[0] + 64, o[1]:o[1] + 64], A[i]
        if rng.random() < 0.5: x = x.flip(-1)
        t = torch.from_numpy(rng.uniform(18, 78, bs)).float()
        if targets == 'far':  # half of the targets at least 15 years younger, half at least 15 older, where there is room
            up = torch.from_numpy(rng.random(bs) < 0.5) & (a <= 63) | (a < 33)
            t = torch.where(up, a + torch.from_numpy(rng.uniform(15, 45, bs)).float(), a - torch.from_numpy(rng.uniform(15, 45, bs)).float()).clamp(18, 78)
        fake = G(x, t); judged = D(fake, t)
        g_loss = mse(judged, torch.ones_like(judged)) + 10 * l1(G(fake, a), x) + (identity * l1(G(x, a), x) if identity else 0)
        if R is not None: g_loss = g_loss + age_weight * l1(R(fake), t) / 10
        oG.zero_grad(); g_loss.backward(); oG.step()
        far = torch.where(torch.rand(bs) < 0.5, a + torch.from_numpy(rng.uniform(15, 40, bs)).float(), a - torch.from_numpy(rng.uniform(15, 40, bs)).float()).clamp(18, 80)
        real, wrong, fk = D(x, a), D(x, far), D(fake.detach(), t)
        d_loss = mse(real, torch.ones_like(real)) + 0.5 * mse(fk, torch.zeros_like(fk)) + 0.5 * mse(wrong, torch.zeros_like(wrong))
        oD.zero_grad(); d_loss.backward(); oD.step(); steps += 1
    return G.eval(), steps


def measure(cfg:str, seed:int, dest:Path, minutes:float, quick:bool=False, identity:float=0., age_weight:float=1., embed:str='linear', targets:str='uniform') -> dict:
    "Train one configuration and measure it with the probe on held-out faces at every target age."
    import torch, numpy as np
    torch.set_num_threads(1)
    from faceaging.data.synthetic import demo_faces
    from faceaging.data.labels import image_paths
    from faceaging.data.faces import load_faces
    from faceaging.evaluate.estimators import train_face_model
    from faceaging.evaluate.benchmark import with_ground_truth, train_ground_truth_probe, PROBE_TARGETS, _identity_table
    n = 300 if quick else 1500
    faces, root = demo_faces(dest/'faces', n=n, size=64, seed=seed)
    gt = with_ground_truth(faces, root)
    R = age_reader(train_face_model(gt, root, 'true_age', 'regression', size=64, width=32, epochs=8, seed=1, progress=False)) if cfg in ('regressor', 'cin') else None
    G, steps = train(cfg, seed, gt, root, minutes, R, identity=identity, age_weight=age_weight, embed=embed, targets=targets)
    probe = train_ground_truth_probe(gt, root, seed=0, progress=False)
    test = gt[gt['split'] == 'test']
    x = load_faces(image_paths(test, root).tolist(), 72)[..., 4:68, 4:68]
    truth, p_in, res = test[PROBE_TARGETS].to_numpy('float64'), probe(x), {}
    with torch.no_grad():
        for t in TARGETS:
            y = (G(x * 2 - 1, torch.full((len(x),), float(t))) + 1) / 2
            p = probe(y); kept = _identity_table(p_in, p, truth)['retained']
            res[t] = {'achieved': round(float(p[:, 0].mean()), 2), 'mae': round(float(np.abs(p[:, 0] - t).mean()), 2),
                      'skin tone retained': round(float(kept['skin tone']), 3), 'background retained': round(float(kept['background']), 3)}
        back = G(G(x * 2 - 1, torch.full((len(x),), 70.)), torch.tensor(test['age'].to_numpy(), dtype=torch.float32))
        cyc = float(((back + 1) / 2 - x).abs().mean())
    return {'config': cfg, 'seed': seed, 'minutes': minutes, 'identity': identity, 'age_weight': age_weight, 'embed': embed, 'sampling': targets, 'steps': steps, 'faces': len(test), 'probe MAE on inputs': round(float(np.abs(p_in[:, 0] - truth[:, 0]).mean()), 2),
            'targets': res, 'cycle L1 via 70': round(cyc, 4)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--configs', nargs='+', default=['cin', 'cin-plain'], choices=['regressor', 'plain', 'cin', 'cin-plain']); ap.add_argument('--seeds', type=int, nargs='+', default=[0])
    ap.add_argument('--minutes', type=float, default=8); ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--identity', type=float, default=0., help='identity loss weight |G(x, a) - x| (the demo: 0)'); ap.add_argument('--age_weight', type=float, default=1., help='weight of the regressor loss per decade off')
    ap.add_argument('--embed', default='linear', choices=['linear', 'mlp'], help="the age's embedding for conditional norms: linear in the age, or a small MLP")
    ap.add_argument('--targets', default='uniform', choices=['uniform', 'far'], help='target ages: uniform over 18-78, or half 15-45 years younger and half older')
    ap.add_argument('--quick', action='store_true', help='a smoke test: 300 faces, 0.2 minutes, nothing recorded'); ap.add_argument('--one', nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    minutes = 0.2 if a.quick else a.minutes
    if a.one:
        cfg, seed, out = a.one
        with tempfile.TemporaryDirectory() as d: Path(out).write_text(json.dumps(measure(cfg, int(seed), Path(d), minutes, a.quick, a.identity, a.age_weight, a.embed, a.targets)))
        return
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
    with tempfile.TemporaryDirectory() as d:
        def one(cs):
            out = Path(d)/f'{cs[0]}_{cs[1]}.json'
            r = subprocess.run([sys.executable, __file__, '--one', cs[0], str(cs[1]), str(out), '--minutes', str(minutes), '--identity', str(a.identity), '--age_weight', str(a.age_weight), '--embed', a.embed, '--targets', a.targets] + ['--quick'] * a.quick, env=env, capture_output=True, text=True)
            if r.returncode: print(f'{cs}: failed\n{r.stderr[-3000:]}', file=sys.stderr); return None
            res = json.loads(out.read_text())
            print(f"{cs[0]} seed {cs[1]}: {res['steps']} steps; MAE per target " + ', '.join(f"{t}: {v['mae']}" for t, v in res['targets'].items()), flush=True)
            return res
        with ThreadPoolExecutor(a.jobs) as ex: results = [r for r in ex.map(one, [(c, s) for c in a.configs for s in a.seeds]) if r]
    if a.quick: return print(json.dumps(results, indent=1)[:3000])
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    old.update({f"{r['config']}_id{r['identity']:g}_age{r['age_weight']:g}" + ''.join(f'_{v}' for v in (r.get('embed'), r.get('sampling')) if v not in (None, 'linear', 'uniform')) + f"_{r['seed']}": r for r in results})
    OUT.write_text(json.dumps(old, indent=1)); print(f'wrote {OUT}')


if __name__ == '__main__': main()
