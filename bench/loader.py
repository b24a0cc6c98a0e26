#!/usr/bin/env python
"""Benchmark: unpaired DataLoader throughput at 256 px (load 286) with 0, 1, 2 workers, against decoding alone."""
import argparse, tempfile, time
from pathlib import Path
from PIL import Image
from faceaging.data.synthetic import make_synthetic_faces
from faceaging.data.faces import preprocess
from faceaging.data.metadata import list_images
from faceaging.data.unpaired import UnpairedImages, UnpairedDL, normalize_batch

def main(n=600, bs=4):
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        raw = make_synthetic_faces(d/'raw', n=n, size=400, progress=False)
        preprocess(raw, d/'small', size=286, progress=False)
        files = [str(d/'small'/p) for p in list_images(d/'small')]
        a, b = files[:n // 2], files[n // 2:]
        t = time.perf_counter()
        for f in files:
            with Image.open(f) as im: im.convert('RGB')
        decode = len(files) / (time.perf_counter() - t)
        print(f'decode only (PIL, 1 core)        : {decode:6.0f} images/s')
        for workers in (0, 1, 2):
            dl = UnpairedDL(UnpairedImages(a, b, 286, 256), bs=bs, shuffle=True, drop_last=True, num_workers=workers,
                            persistent_workers=workers > 0, after_batch=normalize_batch, device='cpu')
            for _ in dl: pass  # first epoch starts the workers; time the second
            t = time.perf_counter(); k = sum(2 * len(x[0]) for x in dl); rate = k / (time.perf_counter() - t)
            print(f'loader 256 px, bs {bs}, {workers} workers   : {rate:6.0f} images/s ({rate / decode:.2f}x of decoding alone)')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    main(n=80) if ap.parse_args().quick else main()
