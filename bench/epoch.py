#!/usr/bin/env python
"""Benchmark: a whole training epoch through `cycle_learner` against the same epoch in the original plain PyTorch loop.

Issue 31, point 9: what fastai's loop and our callbacks add per step and per epoch (host synchronisations, all-reduces a single
process does not need, per-epoch writes). Both train the same model (ngf 32, ndf 64, 6 residual blocks) from the same weights on
the same 100 batches at 64 px, batch 1, held in memory, one thread each in turn (interleaved, so drifts of the machine hit both
alike). The fastai epoch is `learn.fit(1)` timed from the call to its return: `before_fit`, the 100 steps, the one-batch
validation and every `after_epoch` write. Rows: the lean learner (no sample grids, no checkpoints), and the default one (sample
grids and a checkpoint each epoch, as `faceaging_train` runs). Goal: lean / original <= 1.03.
Usage: python bench/epoch.py [--steps N] [--repeats R] [--quick]
"""
import faceaging  # first: quiets the torch.jit deprecation warning that importing fastai raises
import argparse, contextlib, copy, io, statistics, tempfile, time
import torch
from fastai.data.load import DataLoader
from fastai.data.core import DataLoaders
from faceaging.models import cycle_gan
from faceaging.train import cycle_learner
from faceaging.trainer import original_loop

def batches(n, size, seed=0):
    "`n` random (A, B) batches of one image in [-1, 1] (timing does not depend on the pixels)."
    g = torch.Generator().manual_seed(seed)
    return [tuple(torch.rand(1, 3, size, size, generator=g) * 2 - 1 for _ in 'AB') for _ in range(n)]

def time_original(model, data) -> float:
    m = copy.deepcopy(model); t = time.perf_counter()
    original_loop(m, data)
    return time.perf_counter() - t

def time_fastai(model, data, **kw) -> float:
    with tempfile.TemporaryDirectory() as d:
        dls = DataLoaders(DataLoader(data, bs=None), DataLoader(data[:1], bs=None))
        learn = cycle_learner(dls, copy.deepcopy(model), path=d, **kw)
        with learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()):
            t = time.perf_counter(); learn.fit(1)
            return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=100, help='steps in the epoch')
    ap.add_argument('--repeats', type=int, default=5, help='interleaved repeats (the median is reported)')
    ap.add_argument('--quick', action='store_true', help='10 steps at 32 px, 1 repeat: checks that the bench runs')
    args = ap.parse_args()
    torch.manual_seed(0); torch.set_num_threads(1)
    steps, size, reps = (10, 32, 1) if args.quick else (args.steps, 64, args.repeats)
    model, data = cycle_gan(ngf=32, n_blocks=6), batches(steps, size)
    runs = {'original loop': lambda: time_original(model, data),
            'cycle_learner, lean': lambda: time_fastai(model, data, sample_plots=False, checkpoint_every=0),
            'cycle_learner, default': lambda: time_fastai(model, data)}
    runs['original loop'](); runs['cycle_learner, lean']()  # warm-up: first-call costs (allocator, imports) hit neither row
    times = {k: [] for k in runs}
    for _ in range(reps):
        for k, f in runs.items(): times[k].append(f())
    base = statistics.median(times['original loop'])
    print(f'one epoch of {steps} steps at {size} px, bs 1, ngf 32, 6 blocks, 1 thread, median of {reps}:')
    for k, t in times.items():
        m = statistics.median(t)
        print(f'{k:24s} {m:7.2f} s  {m / steps * 1e3:7.1f} ms/step  ratio to the original loop {m / base:.3f}  (runs: {", ".join(f"{x / base:.3f}" for x in t)})')

if __name__ == '__main__': main()
