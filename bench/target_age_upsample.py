#!/usr/bin/env python
"""Benchmark: the target-age model's training step with each upsampling of its generator, in the same process.

The demo's recipe (chapter 10g: `target_age_gan` at 64 px, batch 8, the frozen age reader, `target_age_learner`) trained for one
epoch on the same faces from the same seed with the generator's two upsamplings as transposed convolutions (the baseline),
a convolution then a bilinear resize (`AgeGenerator`'s default, 'conv-bilinear'), nearest-neighbour resize-convolutions
padded with zeros ('nearest') and the same with a reflected border (chapter 6's `ResizeConv` default). Rounds alternate between them; the best round of each is kept. Prints ms per training
step, the ratio to the baseline, and the demo's training time this predicts (its 1,480 steps plus the reader's 6 epochs, as
timed here): the issue's budget is 6 minutes on 2 CPU cores.
Usage: python bench/target_age_upsample.py [--n 500] [--rounds 2] [--threads 2] [--quick]
"""
import argparse, tempfile, time
from pathlib import Path
import torch
from fastai.torch_core import set_seed
from faceaging.models import ResizeConv
from faceaging.data.synthetic import demo_faces
from faceaging.conditional import target_age_gan
from faceaging.conditional_learner import aged_dls, train_age_reader, target_age_learner

DEMO_STEPS, DEMO_READER_EPOCHS = 1480, 6  # the demo's steps (10 epochs of 148 batches) and reader epochs (chapter 10g)


def model(upsample:str):
    "The demo's model with `upsample`: one of `AGE_UPSAMPLES`, or 'nearest, reflected border'."
    m = target_age_gan(upsample=upsample.split(',')[0])
    if upsample.endswith('reflected border'):
        c = (m.G.ngf, 2 * m.G.ngf, 4 * m.G.ngf)
        for k, i in enumerate((1, 0)): m.G.up[k] = ResizeConv(c[i + 1], c[i], 'nearest')
    return m


def epoch_ms(faces, root, reader, upsample:str, d:Path) -> float:
    "ms per step of one epoch of the demo's recipe."
    set_seed(0)
    learn = target_age_learner(aged_dls(faces, root, 72, 64, bs=8, device='cpu', seed=0), model(upsample), reader, path=d/upsample.replace(' ', '_'), keep_checkpoints=0)
    with learn.no_bar(), learn.no_logging():
        t = time.perf_counter(); learn.fit(1); dt = time.perf_counter() - t
    return dt / len(learn.dls.train) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=500); ap.add_argument('--rounds', type=int, default=2); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--quick', action='store_true', help='a smoke test: 120 faces, one round')
    a = ap.parse_args()
    if a.quick: a.n, a.rounds = 120, 1
    torch.set_num_threads(a.threads)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); faces, root = demo_faces(d/'data', n=a.n, size=64, seed=0)
        t = time.perf_counter(); reader = train_age_reader(aged_dls(faces, root, 72, 64, bs=64, n_valid=64, device='cpu', seed=0), epochs=1); reader_s = (time.perf_counter() - t) * 1500 / a.n * DEMO_READER_EPOCHS
        kinds = ['transpose', 'conv-bilinear', 'nearest', 'nearest, reflected border']
        runs = {k: [] for k in kinds}
        for _ in range(a.rounds):  # alternating, so that a slower spell of the machine falls on every kind
            for k in kinds: runs[k].append(epoch_ms(faces, root, reader, k, d))
        ms = {k: min(v) for k, v in runs.items()}
    print(f'{a.threads} threads, {a.n} faces, best of {a.rounds} round(s); the reader\'s 6 epochs on 1,500 faces: {reader_s / 60:.1f} min (scaled)')
    for k, v in ms.items():
        print(f'{k:28s} {v:7.1f} ms/step  x{v / ms["transpose"]:.2f}   the demo: {(DEMO_STEPS * v / 1000 + reader_s) / 60:.1f} min of training')


if __name__ == '__main__': main()
