#!/usr/bin/env python
"""Benchmark: our fastai CycleGAN training step against a plain-PyTorch reference loop of the same model and configuration.

Both run the same batches from memory in the same process: G step (adversarial + cycle + identity), then D step on pooled fakes,
Adam(2e-4, betas 0.5/0.999). CPU: 64 px (ngf 16, 3 blocks, bs 4) and the paper's model at 64 px, bs 1. GPU (when present): the
paper's model at 256 px, batch 1 and 4, fp32 vs bf16, channels_last off/on, with images/s and peak GPU memory.
Usage: python bench/train_step.py [--steps N]
"""
import argparse, copy, statistics, tempfile, time
import torch
from fastai.data.load import DataLoader
from fastai.data.core import DataLoaders
from faceaging.models import cycle_gan
from faceaging.losses import CycleGANLoss, ImagePool
from faceaging.train import cycle_learner

def batches(n, bs, size, device):
    g = torch.Generator().manual_seed(0)
    return [(torch.rand(bs, 3, size, size, generator=g) * 2 - 1, torch.rand(bs, 3, size, size, generator=g) * 2 - 1) for _ in range(n)]

def reference_steps(model, data, amp_dtype=None, channels_last=False):
    "The plain-PyTorch loop: what the original implementation does per iteration."
    crit, pools = CycleGANLoss(), (ImagePool(50), ImagePool(50))
    opt_G = torch.optim.Adam(list(model.G_A.parameters()) + list(model.G_B.parameters()), lr=2e-4, betas=(0.5, 0.999))
    opt_D = torch.optim.Adam(list(model.D_A.parameters()) + list(model.D_B.parameters()), lr=2e-4, betas=(0.5, 0.999))
    dev = next(model.parameters()).device
    ac = (lambda: torch.autocast(dev.type, dtype=amp_dtype)) if amp_dtype else (lambda: torch.autocast(dev.type, enabled=False))
    model.train()
    for a, b in data:
        if channels_last: a, b = a.contiguous(memory_format=torch.channels_last), b.contiguous(memory_format=torch.channels_last)
        for p in model.discriminators.parameters(): p.requires_grad_(False)
        with ac(): loss_G, _, fakes = crit.generator(model, a, b)
        opt_G.zero_grad(set_to_none=True); loss_G.backward(); opt_G.step()
        for p in model.discriminators.parameters(): p.requires_grad_(True)
        with ac():
            loss_D = crit.discriminator(model.D_A, b, pools[1].query(fakes['fake_B'])) + crit.discriminator(model.D_B, a, pools[0].query(fakes['fake_A']))
        opt_D.zero_grad(set_to_none=True); loss_D.backward(); opt_D.step()

def fastai_steps(model, data, amp=None, channels_last=False):
    dev = next(model.parameters()).device
    dls = DataLoaders(DataLoader(data, bs=None, device=dev), DataLoader(data[:1], bs=None, device=dev), device=dev)
    with tempfile.TemporaryDirectory() as d:
        learn = cycle_learner(dls, model, path=d, sample_plots=False, checkpoint_every=0, mixed_precision=amp, channels_last=channels_last)
        with learn.no_bar(), learn.no_logging(): learn.fit(1)

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()

def time_it(f, model, data, dev, repeats=3, **kw):
    "Median seconds per step over `repeats` runs (after one warm-up run)."
    f(copy.deepcopy(model), data[:3], **kw); sync(dev)
    times = []
    for _ in range(repeats):
        m = copy.deepcopy(model); sync(dev)
        t = time.perf_counter(); f(m, data, **kw); sync(dev); times.append((time.perf_counter() - t) / len(data))
    return statistics.median(times)

def compare(label, model, data, dev, **kw):
    ref = time_it(reference_steps, model, data, dev, amp_dtype={'bf16': torch.bfloat16, 'fp16': torch.float16}.get(kw.get('amp')),
                  channels_last=kw.get('channels_last', False))
    ours = time_it(fastai_steps, model, data, dev, **kw)
    bs = data[0][0].shape[0]
    print(f'{label:48s} reference {ref * 1000:8.1f} ms/step | fastai {ours * 1000:8.1f} ms/step ({2 * bs / ours:7.1f} images/s) | '
          f'fastai / reference = {ours / ref:.3f}')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=30)
    args = ap.parse_args()
    torch.manual_seed(0)
    cpu = torch.device('cpu')
    print(f'CPU, {torch.get_num_threads()} threads')
    compare('64 px, ngf 16, 3 blocks, bs 4, fp32', cycle_gan(ngf=16, ndf=16, n_blocks=3), batches(args.steps, 4, 64, cpu), cpu)
    compare('64 px, paper model (ngf 64, 9 blocks), bs 1', cycle_gan(), batches(max(8, args.steps // 3), 1, 64, cpu), cpu)
    if not torch.cuda.is_available(): print('no GPU: the 256 px GPU measurements were not run'); return
    dev = torch.device('cuda')
    print(torch.cuda.get_device_name())
    torch.backends.cudnn.benchmark = True
    for bs in (1, 4):
        data = [(a.to(dev), b.to(dev)) for a, b in batches(args.steps, bs, 256, cpu)]
        for amp in (None, 'bf16'):
            for cl in (False, True):
                torch.cuda.reset_peak_memory_stats()
                compare(f'256 px, paper model, bs {bs}, {amp or "fp32"}, channels_last={cl}', cycle_gan().to(dev), data, dev, amp=amp, channels_last=cl)
                print(f'{"":48s} peak GPU memory {torch.cuda.max_memory_allocated() / 2**30:.2f} GiB')

if __name__ == '__main__': main()
