#!/usr/bin/env python
"""Benchmark: synthetic face generation, faces/s at 64 and 128 px with 1 and all workers."""
import argparse, os, tempfile, time
from faceaging.data.synthetic import make_synthetic_faces

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    n = 100 if ap.parse_args().quick else 2000
    for size in (64, 128):
        base = None
        for workers in (0, os.cpu_count()):
            with tempfile.TemporaryDirectory() as d:
                t = time.perf_counter(); make_synthetic_faces(d, n=n, size=size, n_workers=workers, progress=False); dt = time.perf_counter() - t
            rate = n / dt
            base = base or rate
            print(f'{size:4d} px, {workers or 1} worker(s): {n} faces in {dt:5.1f} s = {rate:6.0f} faces/s ({rate / base:.2f}x of 1 worker)')

if __name__ == '__main__': main()
