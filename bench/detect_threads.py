#!/usr/bin/env python
"""Benchmark: how `age_folder`'s threads should share a face detector (issue "Real faces I", point 0).

OpenCV's detectors keep per-call state, so a detector shared by threads without care crashes. Three safe ways, timed on the
same photos in this process (faces/s and the ratio to the baseline, detection outside the pool):
- outside: detection on the calling thread, one image after another (the baseline);
- lock: one YuNet detector shared by the pool's threads behind a lock;
- per thread: one detector per thread (`threading.local`, what `find_faces` does).
The photos: scikit-image's astronaut at several sizes, flips and rotations (always there), or `--faces DIR` (e.g. the real
crops in ../shared/realfaces). Usage: python bench/detect_threads.py [--faces DIR] [--n 200] [--threads 2]
"""
import argparse, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import numpy as np
from PIL import Image

def photos(faces, n):
    if faces: return [Image.open(p).convert('RGB') for p in sorted(Path(faces).rglob('*.jpg'))[:n]]
    from skimage import data
    a = Image.fromarray(data.astronaut())
    ims = [a.rotate(6 * (i % 5) - 12).resize((256 + 16 * (i % 20),) * 2) for i in range(n)]
    return [im.transpose(Image.FLIP_LEFT_RIGHT) if i % 2 else im for i, im in enumerate(ims)]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces'); ap.add_argument('--n', type=int, default=200); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    a = ap.parse_args()
    if a.quick: a.n = 20
    import cv2
    from faceaging.data.align import find_landmarks, face_model_file
    cv2.setNumThreads(1)
    ims = photos(a.faces, a.n)
    shared, lock = cv2.FaceDetectorYN.create(str(face_model_file('yunet')), '', (320, 320), 0.7, 0.3, 5000), threading.Lock()
    def locked(im):
        arr = np.ascontiguousarray(np.asarray(im.resize((320, round(320 * im.height / im.width))))[..., ::-1])
        with lock:
            shared.setInputSize((arr.shape[1], arr.shape[0])); return shared.detect(arr)[1]
    def pool(f):
        with ThreadPoolExecutor(a.threads) as ex: return list(ex.map(f, ims))
    ways = {'outside (baseline)': lambda: list(map(find_landmarks, ims)), 'lock': lambda: pool(locked), 'per thread': lambda: pool(find_landmarks)}
    ways['outside (baseline)']()  # warm-up
    res = {}
    for k, f in ways.items():
        t = time.perf_counter(); out = f(); res[k] = len(ims) / (time.perf_counter() - t)
        found = sum(o is not None and len(o) > 0 for o in out)
        print(f'{k:20s} {res[k]:7.1f} faces/s  x{res[k] / res["outside (baseline)"]:.2f}  ({found} of {len(ims)} with a face)')

if __name__ == '__main__': main()
