#!/usr/bin/env python
"""Benchmark: evaluation throughput against bare baselines in the same process.

- FaceModel on files (load + resize + normalise + forward) against the bare network's forward on ready tensors;
- pair_similarities (vectorised) against a Python loop over pairs;
- KID (vectorised per subset) against the direct double loop, on a small set.
"""
import argparse, tempfile, time
from pathlib import Path
import numpy as np, torch
from faceaging.data.synthetic import make_synthetic_faces, load_ground_truth
from faceaging.data.faces import load_faces
from faceaging.evaluate.estimators import FaceModel, small_face_cnn
from faceaging.evaluate.identity import pair_similarities
from faceaging.evaluate.fid import kernel_inception_distance

def timed(f, reps=3):
    best = float('inf')
    for _ in range(reps):
        t = time.perf_counter(); f(); best = min(best, time.perf_counter() - t)
    return best

def main(n=512):
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as d:
        root = make_synthetic_faces(d, n=n, size=72, progress=False)
        files = [str(root/p) for p in load_ground_truth(root)['path']]
        net = small_face_cnn(1).eval()
        m = FaceModel(net, dict(kind='regression', targets=['age'], size=64, arch='small', n_out=1, y_mean=[40.0], y_std=[15.0]))
        x = load_faces(files, 64)
        with torch.no_grad():
            bare = timed(lambda: [net(x[i:i + 64]) for i in range(0, n, 64)])
        ready = timed(lambda: m(x))
        disk = timed(lambda: m(files))
        print(f'age estimator, {n} faces of 64 px, 2 CPU threads')
        print(f'  bare network forward (tensors ready) : {n / bare:7.0f} faces/s (1.00x)')
        print(f'  FaceModel on a [0, 1] tensor         : {n / ready:7.0f} faces/s ({bare / ready:.2f}x of bare)')
        print(f'  FaceModel on files (decode + resize) : {n / disk:7.0f} faces/s ({bare / disk:.2f}x of bare)')
    e = torch.nn.functional.normalize(torch.randn(600, 128), dim=1); ids = np.repeat(np.arange(100), 6)
    vec = timed(lambda: pair_similarities(e, ids, max_different=10**9))
    def loop():
        en = e.numpy(); [float(en[i] @ en[j]) for i in range(len(en)) for j in range(i + 1, len(en))]
    slow = timed(loop, 1)
    print(f'pair similarities, 600 faces (179,700 pairs): vectorised {vec * 1e3:.0f} ms, loop {slow * 1e3:.0f} ms ({slow / vec:.0f}x faster)')
    rng = np.random.default_rng(0); a, b = rng.normal(size=(60, 64)), rng.normal(size=(60, 64))
    k = lambda u, v: (u @ v / 64 + 1) ** 3
    def kid_loop():
        m_ = 60
        xx = sum(k(a[i], a[j]) for i in range(m_) for j in range(m_) if i != j); yy = sum(k(b[i], b[j]) for i in range(m_) for j in range(m_) if i != j)
        return (xx + yy) / (m_ * (m_ - 1)) - 2 * sum(k(a[i], b[j]) for i in range(m_) for j in range(m_)) / m_ ** 2
    t_vec, t_loop = timed(lambda: kernel_inception_distance(a, b, n_subsets=1, subset_size=60)), timed(kid_loop, 1)
    print(f'KID, one subset of 60 x 64-d features: vectorised {t_vec * 1e3:.2f} ms, loop {t_loop * 1e3:.0f} ms ({t_loop / t_vec:.0f}x faster)')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    main(n=64) if ap.parse_args().quick else main()
