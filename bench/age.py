#!/usr/bin/env python
"""Benchmark: ageing speed. The raw generator forward pass against `run_generator` and `age_folder`, and against the previous
implementation of both (kept below, run in the same process), on real face crops when present, else synthetic ones.

Prints faces/s and the cost per face relative to the raw forward at the same batch size. On a GPU: the paper's generator at
128 px (targets: age_folder >= 1,000 faces/s on an H100/H200; run_generator <= 2x the raw forward per face at batch 64). On the
CPU: the same generator at 128 px on fewer faces (the new code must not be slower than the previous one).
Usage: python bench/age.py [--n N] [--size PX] [--quick]
"""
import argparse, os, shutil, tempfile, time
from pathlib import Path
import numpy as np, torch
from PIL import Image
from faceaging.models import resnet_generator
from faceaging.data.metadata import list_images
from faceaging.data.faces import load_image
from faceaging.inference import run_generator, age_folder

def sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize(dev)

# the previous implementation (before the GPU work), as the baseline
def _prev_to_input(im, size, device):
    a = torch.from_numpy(np.asarray(im.convert('RGB').resize((size, size), Image.BICUBIC)).copy()).permute(2, 0, 1)
    return (a.float() / 127.5 - 1).unsqueeze(0).to(device)

def _prev_to_image(y):
    return Image.fromarray(((y.detach().float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).cpu().numpy())

@torch.no_grad()
def previous_run_generator(g, faces, size):
    device = next(g.parameters()).device
    return [_prev_to_image(y) for y in g(torch.cat([_prev_to_input(f, size, device) for f in faces]))]

def previous_age_folder(src, dest, g, bs, size):
    paths = list_images(src)
    for i in range(0, len(paths), bs):
        faces = [load_image(Path(src)/p) for p in paths[i:i + bs]]
        for p, face, out in zip(paths[i:i + bs], faces, previous_run_generator(g, faces, size)):
            t = Path(dest)/p; t.parent.mkdir(parents=True, exist_ok=True); out.resize(face.size, Image.BICUBIC).save(t)

def rate(f, n, dev, repeats=3):
    "Faces/s of `f()` (which handles `n` faces): the best of `repeats` runs after a warm-up."
    f(); sync(dev); best = 0
    for _ in range(repeats):
        t = time.perf_counter(); f(); sync(dev); best = max(best, n / (time.perf_counter() - t))
    return best

def face_folder(n, tmp):
    "A folder of `n` face crops: the real ones when present, else synthetic 250 px faces."
    real = Path(__file__).resolve().parents[2]/'shared'/'realfaces'
    if real.is_dir():
        files = [real/p for p in list_images(real)][:n]
        what = f'real crops from {real}'
    else:
        from faceaging.data.synthetic import make_synthetic_faces
        root = make_synthetic_faces(Path(tmp)/'synth', n=n, size=250, progress=False)
        files, what = [root/p for p in list_images(root)][:n], 'synthetic 250 px faces (no real faces here)'
    src = Path(tmp)/'src'; src.mkdir()
    for i, f in enumerate(files): shutil.copyfile(f, src/f'{i:05d}.jpg')
    return src, what

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--n', type=int, default=None, help='faces (default: 1024 on a GPU, 64 on the CPU)')
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--quick', action='store_true', help='tiny: checks that every code path runs')
    args = ap.parse_args()
    dev = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    n = args.n or (16 if args.quick else 1024 if dev.type == 'cuda' else 32)
    size = 64 if args.quick else args.size
    g = resnet_generator(ngf=16 if args.quick else 64, n_blocks=3 if args.quick else 9).to(dev).eval()
    if dev.type == 'cuda': torch.backends.cudnn.benchmark = True
    name = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'CPU, {torch.get_num_threads()} torch threads'
    with tempfile.TemporaryDirectory() as tmp:
        src, what = face_folder(n, tmp)
        faces = [load_image(p) for p in sorted(src.iterdir())]
        print(f'{name}; generator ngf {g.model[1].weight.shape[0]}, {size} px; {n} faces: {what} (median side {int(np.median([f.size[0] for f in faces]))} px)')
        rows = []
        for bs in (1, min(64, n)):
            x = torch.randn(bs, 3, size, size, device=dev)
            k = min(n, 64) // bs
            with torch.no_grad(): raw = rate(lambda: [g(x) for _ in range(k)], k * bs, dev)
            new = rate(lambda: [run_generator(g, faces[i:i + bs], size, bs=bs) for i in range(0, k * bs, bs)], k * bs, dev)
            old = rate(lambda: [previous_run_generator(g, faces[i:i + bs], size) for i in range(0, k * bs, bs)], k * bs, dev)
            rows += [(f'raw forward, bs {bs}', raw, raw), (f'run_generator, bs {bs}', new, raw), (f'previous run_generator, bs {bs}', old, raw)]
        out = Path(tmp)/'out'
        folder = rate(lambda: age_folder(src, out, g, bs=bs, size=size, progress=False), n, dev, repeats=2)
        prev = rate(lambda: previous_age_folder(src, Path(tmp)/'out_prev', g, bs, size), n, dev, repeats=2)
        rows += [(f'age_folder, bs {bs}', folder, None), (f'previous age_folder, bs {bs}', prev, None)]
        for label, r, raw in rows:
            print(f'{label:34s} {r:9.1f} faces/s' + (f'   {raw / r:5.2f}x the raw forward per face' if raw else ''))
        print(f'age_folder: {folder / prev:.2f}x the previous implementation; run_generator at bs {bs}: {rows[4][1] / rows[5][1]:.2f}x')
        if dev.type != 'cuda': print('no GPU here: the GPU figures (targets: age_folder >= 1,000 faces/s at 128 px, run_generator <= 2x raw) were not run')

if __name__ == '__main__': main()
