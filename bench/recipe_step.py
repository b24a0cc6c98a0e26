#!/usr/bin/env python
"""Benchmark: what the real-face recipe's additions cost per training step, against the paper's losses, in the same process.

The same networks (the recipe's: 64 px, ngf 16, 3 blocks, logit residual, resize-convolutions, ndf 32), the same batches held in
memory, the same generator + discriminator step as `faceaging.trainer.original_loop`; only the losses differ:
the paper's (`CycleGANLoss()` without identity), + DiffAugment ('color,translation'), + the age critic (chapter 07f, lambda_age 2),
and both (the recipe). Prints ms/step and the ratio to the paper's losses. One thread by default (as the study's runs).
Usage: python bench/recipe_step.py [--steps 40] [--threads 1] [--bs 4]
"""
import argparse, statistics, time
import torch
from faceaging.models import cycle_gan
from faceaging.losses import CycleGANLoss
from faceaging.critic import age_critic
from faceaging.trainer import original_loop

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=40); ap.add_argument('--threads', type=int, default=1); ap.add_argument('--bs', type=int, default=4)
    ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    a = ap.parse_args()
    if a.quick: a.steps = 4
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    critic = age_critic().eval().requires_grad_(False)
    settings = {'paper losses': CycleGANLoss(lambda_identity=0), '+ DiffAugment': CycleGANLoss(lambda_identity=0, diffaug='color,translation'),
                '+ age critic': CycleGANLoss(lambda_identity=0, critic=critic, lambda_age=2),
                'recipe (both)': CycleGANLoss(lambda_identity=0, diffaug='color,translation', critic=critic, lambda_age=2)}
    data = [(torch.rand(a.bs, 3, 64, 64) * 2 - 1, torch.rand(a.bs, 3, 64, 64) * 2 - 1) for _ in range(a.steps)]
    res = {}
    for rep in range(2):  # interleaved repeats: drift of the machine hits every setting alike
        for name, crit in settings.items():
            torch.manual_seed(0)
            model = cycle_gan(ngf=16, ndf=32, n_blocks=3, residual=True, upsample='nearest')
            original_loop(model, data[:3], crit=crit)  # warm-up
            t0 = time.perf_counter(); original_loop(model, data, crit=crit); dt = time.perf_counter() - t0
            res.setdefault(name, []).append(dt / a.steps * 1000)
    base = statistics.median(res['paper losses'])
    print(f'{a.steps} steps, batch {a.bs}, 64 px, {a.threads} thread(s); median of 2 interleaved repeats')
    print(f"{'losses':<16} {'ms/step':>8} {'ratio':>6}")
    for name, v in res.items(): print(f'{name:<16} {statistics.median(v):8.1f} {statistics.median(v) / base:6.2f}x')

if __name__ == '__main__': main()
