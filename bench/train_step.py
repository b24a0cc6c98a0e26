#!/usr/bin/env python
"""Benchmark: our fastai CycleGAN training step against the original loop (plain PyTorch), in the same process.

Both train the same model from the same weights on the same batches held in memory: a generator step (adversarial + cycle +
identity), then a discriminator step on pooled fakes, Adam(2e-4, betas 0.5/0.999). `faceaging.trainer.original_loop` is the
original implementation's iteration. Per setting it prints ms/step, images/s (A + B), the ratio to the original loop at batch 1,
and MFU: the step's FLOPs (counted by torch's FlopCounterMode) per second over the peak matrix-product rate measured here
(bf16 on a GPU, fp32 on the CPU). It then prints what the loader delivers alone at the best setting against what the step
consumes, and checks that the fastest setting still computes the same thing (a fixed-seed 200-step loss curve against eager fp32).

CPU (always): a small model at 64 px and the paper's model at 64 px (the CPU's figure: fastai / original <= 1.05).
GPU (when present): the paper's model at 256 px, batch 1, 4 and 8; fp32, bf16, torch.compile, channels_last.
Usage: python bench/train_step.py [--steps N] [--size PX] [--quick]
"""
import argparse, contextlib, copy, io, os, statistics, tempfile, time
from pathlib import Path
import numpy as np, torch
from torch.utils.flop_counter import FlopCounterMode
from fastai.callback.core import Callback
from fastai.data.load import DataLoader
from fastai.data.core import DataLoaders
from faceaging.models import cycle_gan
from faceaging.train import cycle_learner
from faceaging.trainer import original_loop
from faceaging.losses import CycleGANLoss

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)

def batches(n, bs, size, device, seed=0):
    "`n` random (A, B) batches in [-1, 1] on `device` (timing does not depend on the pixels)."
    g = torch.Generator().manual_seed(seed)
    return [tuple((torch.rand(bs, 3, size, size, generator=g) * 2 - 1).to(device) for _ in 'AB') for _ in range(n)]

def peak_tflops(dev) -> tuple:
    "The matrix-product rate this device reaches (bf16 on a GPU, fp32 on the CPU), in TFLOP/s."
    n, dtype = (8192, torch.bfloat16) if dev.type == 'cuda' else (1024, torch.float32)
    a, b = torch.randn(n, n, device=dev, dtype=dtype), torch.randn(n, n, device=dev, dtype=dtype)
    for _ in range(3): a @ b
    sync(dev); reps = 20 if dev.type == 'cuda' else 5
    t = time.perf_counter()
    for _ in range(reps): a @ b
    sync(dev)
    return 2 * n ** 3 * reps / (time.perf_counter() - t) / 1e12, str(dtype).split('.')[-1]

def step_flops(model, data) -> float:
    "FLOPs of one training step (both directions, forward and backward, G and D)."
    with FlopCounterMode(display=False) as fc: original_loop(copy.deepcopy(model), data[:1])
    return fc.get_total_flops()

def time_original(model, data, warmup, precision='fp32', channels_last=False) -> float:
    "Seconds per step of the original loop, after `warmup` steps."
    dev, marks = next(model.parameters()).device, {}
    m = copy.deepcopy(model)
    if channels_last:
        m = m.to(memory_format=torch.channels_last)
        data = [tuple(x.contiguous(memory_format=torch.channels_last) for x in b) for b in data]
    def feed():
        for i, b in enumerate(data):
            if i == warmup: sync(dev); marks['t0'] = time.perf_counter()
            yield b
        sync(dev); marks['t1'] = time.perf_counter()
    original_loop(m, feed(), precision)
    return (marks['t1'] - marks['t0']) / (len(data) - warmup)

class _StepTimer(Callback):
    "Times the training steps after the first `warmup` (compilation, cuDNN autotuning, allocator growth)."
    order = 100
    def __init__(self, warmup): self.warmup = warmup
    def before_batch(self):
        if self.training and self.iter == self.warmup: sync(self.dev); self.t0 = time.perf_counter()
    def before_fit(self): self.dev = next(self.learn.model.parameters()).device
    def after_train(self): sync(self.dev); self.per_step = (time.perf_counter() - self.t0) / (self.n_iter - self.warmup)

def syncs_per_step(model, data, dev) -> float:
    "Host-device synchronisations per training step (CUDA's sync debug mode counts them)."
    import warnings
    with tempfile.TemporaryDirectory() as d:
        learn = learner_for(model, data, dev, d, precision='bf16')
        with learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()): learn.fit(1)  # warm-up
        torch.cuda.set_sync_debug_mode('warn')
        try:
            with warnings.catch_warnings(record=True) as w, learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter('always'); learn.fit(1)
        finally: torch.cuda.set_sync_debug_mode(0)
    return sum('synchroniz' in str(x.message) for x in w) / (len(data) + 1)  # + the validation batch

def in_memory(data, dev):
    return DataLoaders(DataLoader(data, bs=None, device=dev), DataLoader(data[:1], bs=None, device=dev), device=dev)

def learner_for(model, data, dev, path, **kw):
    return cycle_learner(in_memory(data, dev), copy.deepcopy(model), path=path, sample_plots=False, checkpoint_every=0, **kw)

def time_fastai(model, data, warmup, **kw) -> float:
    "Seconds per step of `cycle_learner` (one fit over `data`), after `warmup` steps."
    dev = next(model.parameters()).device
    with tempfile.TemporaryDirectory() as d:
        learn, timer = learner_for(model, data, dev, d, **kw), _StepTimer(warmup)
        with learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()): learn.fit(1, cbs=[timer])
    return timer.per_step

def median_of(f, repeats, *a, **k): return statistics.median(f(*a, **k) for _ in range(repeats))

def interleaved(repeats, *fs) -> list:
    "Median seconds of each of `fs`, run in turn `repeats` times (so drifts of the machine hit them alike)."
    times = [[] for _ in fs]
    for _ in range(repeats):
        for t, f in zip(times, fs): t.append(f())
    return [statistics.median(t) for t in times]

class Table:
    def __init__(self, peak, flops): self.peak, self.flops, self.base, self.rows = peak, flops, None, []
    def add(self, label, sec, bs):
        if self.base is None: self.base = sec / bs  # seconds per (A, B) pair of the first row: the original loop
        ips, mfu = 2 * bs / sec, self.flops[bs] / sec / (self.peak * 1e12)
        self.rows.append(dict(setting=label, bs=bs, ms=sec * 1e3, ips=ips, x=self.base / (sec / bs), mfu=mfu))
        print(f'{label:44s} {sec * 1e3:8.1f} ms/step {ips:8.1f} images/s  {self.base / (sec / bs):5.2f}x original  MFU {mfu:6.1%}', flush=True)

def loss_check(model, dev, size, bs, n=200, **kw):
    "Total loss per step over `n` fixed-seed steps: eager fp32 vs `kw`; the largest gap of 50-step means, relative."
    data = batches(n, bs, size, dev, seed=1)
    curves = []
    for k in ({}, kw):
        torch.manual_seed(0)
        with tempfile.TemporaryDirectory() as d:
            learn = learner_for(model, data, dev, d, precision=k.get('precision', 'fp32'), compile=k.get('compile', False))
            with learn.no_bar(), learn.no_logging(), contextlib.redirect_stdout(io.StringIO()): learn.fit(1)
        h = learn.cycle_history
        curves.append(np.array([sum(r[c] for c in CycleGANLoss.COMPONENTS) for r in h]))
    w = 50
    mean = lambda x: np.convolve(x, np.ones(w) / w, 'valid')
    return float(np.max(np.abs(mean(curves[1]) - mean(curves[0])) / mean(curves[0])))

def loader_rate(bs, size, workers, n_batches=60) -> tuple:
    "Images/s the unpaired loader delivers alone (uint8 batches to the CPU), on real faces when present, else synthetic ones."
    from faceaging.data.unpaired import UnpairedImages, UnpairedDL, normalize_batch
    from faceaging.data.metadata import list_images
    real = Path(__file__).resolve().parents[2]/'shared'/'realfaces'
    tmp = None
    if real.is_dir(): files, what = [str(real/p) for p in list_images(real)], f'{real} (real crops)'
    else:
        from faceaging.data.synthetic import make_synthetic_faces
        tmp = tempfile.TemporaryDirectory(); root = make_synthetic_faces(Path(tmp.name), n=400, size=400, progress=False)
        files, what = [str(root/p) for p in list_images(root)], 'synthetic 400 px faces (no real faces here)'
    a, b = files[::2], files[1::2]
    dl = UnpairedDL(UnpairedImages(a, b, round(size * 286 / 256), size), bs=bs, shuffle=True, drop_last=True, num_workers=workers,
                    persistent_workers=workers > 0, device='cpu')
    it, k = iter(dl), 0
    next(it)  # workers started
    t = time.perf_counter()
    for _ in range(n_batches):
        try: next(it); k += 1
        except StopIteration: it = iter(dl)
    rate = 2 * bs * k / (time.perf_counter() - t)
    if tmp: tmp.cleanup()
    return rate, what

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=30, help='timed steps per setting (after warm-up)')
    ap.add_argument('--size', type=int, default=256, help='GPU image size')
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that every code path runs (for CI and the CPU)')
    args = ap.parse_args()
    torch.manual_seed(0)
    cpu = torch.device('cpu')
    peak, dt = peak_tflops(cpu)
    print(f'CPU, {torch.get_num_threads()} threads; fp32 matrix product {peak:.2f} TFLOP/s', flush=True)
    n, w, r = (4, 2, 1) if args.quick else (args.steps, 3, args.repeats)
    cpu_r = 1 if args.quick else 5  # the CPU comparison, interleaved: its ratio is the figure that must stay <= 1.05
    for label, model, size, bs in [('small (ngf 16, 3 blocks), 64 px', cycle_gan(ngf=16, ndf=16, n_blocks=3), 32 if args.quick else 64, 4),
                                   ('paper model, 64 px', cycle_gan(), 32 if args.quick else 64, 1)]:
        data = batches(n + w, bs, size, cpu)
        ref, ours = interleaved(cpu_r, lambda: time_original(model, data, w), lambda: time_fastai(model, data, w, precision='fp32'))
        print(f'{label:36s} bs {bs}: original {ref * 1e3:7.1f} ms/step | fastai {ours * 1e3:7.1f} ms/step | fastai / original = {ours / ref:.3f}', flush=True)
    lr_cpu, what = loader_rate(4, 64 if args.quick else 256, min(2, os.cpu_count()), 5 if args.quick else 40)
    print(f'loader alone, {what}, bs 4, 256 px, {min(2, os.cpu_count())} workers: {lr_cpu:.0f} images/s', flush=True)
    if args.quick:
        gap = loss_check(cycle_gan(ngf=8, ndf=8, n_blocks=2), cpu, 32, 1, n=60, precision='bf16')
        print(f'loss curve, bf16 vs fp32 (60 steps, tiny): largest gap of 50-step means {gap:.1%}')
    if not torch.cuda.is_available():
        print('no GPU here: the GPU rows (256 px, batch 1/4/8, fp32/bf16/compile, MFU, loader vs step, 200-step curve) were not run')
        return
    dev = torch.device('cuda')
    torch.backends.cudnn.benchmark = True
    peak, dt = peak_tflops(dev)
    size = 64 if args.quick else args.size
    print(f'\n{torch.cuda.get_device_name(dev)}; {dt} matrix product {peak:.0f} TFLOP/s (the MFU denominator); '
          f'paper model at {size} px, {n} timed steps after {w + 2} warm-up', flush=True)
    model = cycle_gan().to(dev)
    flops = {bs: step_flops(model, batches(1, bs, size, dev)) for bs in (1, 4, 8)}
    print(f'one step: {flops[1] / 1e12:.2f} TFLOP at batch 1', flush=True)
    tab, w = Table(peak, flops), w + 2
    data = {bs: batches(n + w, bs, size, dev) for bs in (1, 4, 8)}
    tab.add('original loop, fp32, bs 1', median_of(time_original, r, model, data[1], w), 1)
    for label, bs, kw in [('fastai, fp32, bs 1', 1, dict(precision='fp32')), ('fastai, bf16, bs 1', 1, dict(precision='bf16')),
                          ('fastai, bf16, bs 1, compiled', 1, dict(precision='bf16', compile=True)),
                          ('fastai, bf16, bs 4', 4, dict(precision='bf16')), ('fastai, bf16, bs 4, compiled', 4, dict(precision='bf16', compile=True)),
                          ('fastai, bf16, bs 8', 8, dict(precision='bf16')), ('fastai, bf16, bs 8, channels_last', 8, dict(precision='bf16', channels_last=True)),
                          ('fastai, bf16, bs 8, compiled (preset fast)', 8, dict(precision='bf16', compile=True)),
                          ('fastai, bf16, bs 8, compiled max-autotune', 8, dict(precision='bf16', compile='max-autotune-no-cudagraphs'))]:
        torch.cuda.reset_peak_memory_stats()
        try: tab.add(label, median_of(time_fastai, r, model, data[bs], w, **kw), bs)
        except Exception as e: print(f'{label:44s} failed: {type(e).__name__}: {str(e)[:300]}', flush=True); continue
        print(f'{"":44s} peak GPU memory {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB', flush=True)
    best = max(tab.rows, key=lambda x: x['ips'])
    print(f"host synchronisations per step, bf16 bs 8: {syncs_per_step(model, data[8][:6], dev):.1f} (fastai's Recorder reads the loss once a step)", flush=True)
    workers = min(8, os.cpu_count())
    rate, what = loader_rate(best['bs'], size, workers)
    print(f"\nloader alone ({what}, bs {best['bs']}, {size} px, {workers} workers): {rate:.0f} images/s = "
          f"{rate / best['ips']:.2f}x what the best step consumes ({best['ips']:.0f} images/s, {best['setting']})", flush=True)
    gap = loss_check(model, dev, min(size, 128), 8, precision='bf16', compile=True)
    print(f'loss curve, bf16 compiled vs eager fp32 (200 fixed-seed steps, bs 8): largest gap of 50-step means {gap:.1%}')

if __name__ == '__main__': main()
