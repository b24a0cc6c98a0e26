#!/usr/bin/env python
"""Benchmark: read a full-size (460,723-row) imdb.mat with `read_imdb_wiki`, against scipy's load alone and the seed's row loop.

Usage: python bench/imdb_mat.py [--rows N] [--repeats 3]
Prints the time to write the file (setup); then, alternating, `scipy.io.loadmat` alone and our first read of the file
(load, conversion and the cache write, into an empty cache), median of --repeats each, with their ratio (the goal:
at most 1.3x); the second (cached) read; and the baseline (the same load plus a per-row Python loop like the seed's).
"""
import argparse, os, shutil, statistics, tempfile, time
os.environ['FACEAGING_CACHE'] = tempfile.mkdtemp(prefix='imdb_mat_cache_')  # an empty cache of our own (read at import)
from datetime import datetime, timedelta
from pathlib import Path
import numpy as np, pandas as pd, scipy.io as sio
from faceaging.data.metadata import read_imdb_wiki
from faceaging.data.matfile import save_imdb_wiki_mat

def make_raw(n, seed=0):
    "n rows with the real value distributions' shapes (dates, -inf scores, NaN second faces, empty names)."
    rng = np.random.default_rng(seed)
    dob = rng.uniform(693000, 733000, n); dob[rng.random(n) < 0.001] = 0
    ids = rng.integers(1, 20285, n)
    photo = rng.integers(1961, 2016, n)
    fs = rng.normal(2.5, 1.5, n); fs[rng.random(n) < 0.1] = -np.inf
    sfs = np.where(rng.random(n) < 0.2, rng.uniform(0, 3, n), np.nan)
    return pd.DataFrame({
        'dob': dob, 'photo_taken': photo,
        'full_path': [f'{i % 100:02d}/nm{i:07d}_rm{k}_1981-5-5_{p}.jpg' for k, (i, p) in enumerate(zip(ids, photo))],
        'gender': rng.choice([0.0, 1.0, np.nan], n, p=[0.4, 0.58, 0.02]),
        'name': [f'Person {i}' for i in ids], 'face_location': list(rng.uniform(1, 500, (n, 4))),
        'face_score': fs, 'second_face_score': sfs, 'celeb_id': ids})

def seed_style(mat_path):
    "The seed's approach: load, then convert row by row with datetime arithmetic per entry."
    s = sio.loadmat(mat_path)['imdb'][0, 0]
    rows = []
    for i in range(s['dob'].shape[1]):
        dn = s['dob'][0, i]
        try: birth = datetime.fromordinal(int(dn)) + timedelta(days=dn % 1) - timedelta(days=366)
        except (ValueError, OverflowError): birth = None
        taken = int(s['photo_taken'][0, i])
        age = taken - birth.year - (birth.month >= 7) if birth else None
        rows.append((s['full_path'][0, i][0], age, s['gender'][0, i], s['face_score'][0, i], s['second_face_score'][0, i],
                     *s['face_location'][0, i][0]))
    return pd.DataFrame(rows, columns=['path', 'age', 'gender', 'face_score', 'second_face_score', 'x1', 'y1', 'x2', 'y2'])

def timed(f, *a):
    t = time.perf_counter(); r = f(*a); return r, time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rows', type=int, default=460_723)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--quick', action='store_true', help='tiny sizes: checks that the script runs (make bench); not a measurement')
    args = ap.parse_args()
    if args.quick: args.rows, args.repeats = 20_000, 1
    from faceaging.data.cache import CACHE_DIR, clear_cache
    with tempfile.TemporaryDirectory() as d:
        path = Path(d)/'imdb.mat'
        raw, t_make = timed(make_raw, args.rows)
        _, t_save = timed(save_imdb_wiki_mat, raw, path, 'imdb', [f'Person {i}' for i in range(1, 20285)])
        print(f'setup: {args.rows:,} rows generated in {t_make:.1f} s, written ({path.stat().st_size/1e6:.0f} MB) in {t_save:.1f} s')
        loads, firsts = [], []
        for _ in range(args.repeats):  # alternating, so that both see the same machine state
            loads.append(timed(sio.loadmat, path)[1])
            clear_cache(); df, t = timed(read_imdb_wiki, path); firsts.append(t)
        t_load, t_ours = statistics.median(loads), statistics.median(firsts)
        _, t_cached = timed(read_imdb_wiki, path)
        base, t_base = timed(seed_style, path)
        assert len(df) == len(base) == args.rows
        both = df['age'].notna().to_numpy() & base['age'].notna().to_numpy()
        assert (df['age'].to_numpy()[both] == base['age'].to_numpy()[both].astype(int)).all(), 'ages differ from the baseline'
        print(f'scipy.io.loadmat alone        : {t_load:6.2f} s')
        print(f'read_imdb_wiki, first read    : {t_ours:6.2f} s  ({args.rows / t_ours:,.0f} rows/s; conversion and cache write {t_ours - t_load:.2f} s)')
        print(f'first read / loadmat alone    : {t_ours / t_load:6.2f}x  (goal <= 1.3x; runs: loadmat {", ".join(f"{x:.2f}" for x in loads)}, ours {", ".join(f"{x:.2f}" for x in firsts)})')
        print(f'read_imdb_wiki, cached        : {t_cached:6.2f} s  (second read of the same file)')
        print(f'seed-style row loop (baseline): {t_base:6.2f} s')
        print(f'speed-up vs baseline          : {t_base / t_ours:6.1f}x first read, {t_base / t_cached:.0f}x cached')

if __name__ == '__main__':
    try: main()
    finally: shutil.rmtree(os.environ['FACEAGING_CACHE'], ignore_errors=True)
