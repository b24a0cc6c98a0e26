#!/usr/bin/env python
"""Benchmark: `preprocess` (draft-mode JPEG decoding, all cores) against a naive open-resize-save loop."""
import argparse, tempfile, time
from pathlib import Path
from PIL import Image
from faceaging.data.synthetic import make_synthetic_faces
from faceaging.data.faces import preprocess
from faceaging.data.metadata import list_images

def naive(src, dest, paths, size=286):
    for p in paths:
        im = Image.open(src/p).convert('RGB')
        r = size / min(im.size)
        (dest/p).parent.mkdir(parents=True, exist_ok=True)
        im.resize((round(im.width * r), round(im.height * r)), Image.BICUBIC).save(dest/p, quality=95)

def main(n=400, sizes=(400, 600, 1000)):
    for src_size in sizes:
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            src = make_synthetic_faces(d/'raw', n=n, size=src_size, progress=False)
            paths = list_images(src)
            t = time.perf_counter(); naive(src, d/'naive', paths); t_naive = time.perf_counter() - t
            t = time.perf_counter(); preprocess(src, d/'ours', paths, n_workers=0, progress=False); t_one = time.perf_counter() - t
            t = time.perf_counter(); preprocess(src, d/'ours_all', paths, progress=False); t_all = time.perf_counter() - t
            t = time.perf_counter(); preprocess(src, d/'ours_all', paths, progress=False); t_skip = time.perf_counter() - t
            print(f'{src_size:5d} px -> 286: naive {n / t_naive:5.0f} img/s | draft, 1 core {n / t_one:5.0f} img/s ({t_naive / t_one:.1f}x) | '
                  f'draft, all cores {n / t_all:5.0f} img/s ({t_naive / t_all:.1f}x) | rerun (skips) {t_skip:.2f} s')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    main(n=40, sizes=(400,)) if ap.parse_args().quick else main()
