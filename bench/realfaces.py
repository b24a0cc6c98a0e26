#!/usr/bin/env python
"""Benchmark: face detection, alignment, the judges and the pasting on real IMDB-WIKI face crops (young 19-29, old 49-59).

1. Detection rate of YuNet (`find_faces(f, 'yunet')`) and the Haar cascade per group, ms per image; again with each crop
   scaled 1.5x onto a 1200 x 900 grey canvas at a seeded random position (a "whole photo").
2. The age judge per group: true age, judged age, MAE and share with no face, on the crop at full size, resized to 64 px,
   and aligned by YuNet's landmarks at 64 and 128 px.
3. The identity judge: share of same-photo pairs verified (full vs flipped, vs 64 px, vs aligned 64 px) and the false-accept
   rate over all pairs of different people (pairs sharing a birth date left out: one person can appear under two ids).
4. `reference_table` on aligned 64 px crops, young against old.
5. Pasting: 50 faces scaled 3x onto the canvas, aged by the demo model at 64 px and pasted back with change_only True/False:
   sharpness of the changed region against the photo's, and the largest change outside it (must be 0).
The faces: --faces (default ../shared/realfaces beside the repository); skips when absent. Never copy them into the repository.
Runs on 2 threads: about 11 minutes for all faces on 2 (shared) cores, 1 minute with --quick. Usage: python bench/realfaces.py [--faces DIR] [--n N] [--quick]
"""
import argparse, os, time
os.environ.setdefault('OMP_NUM_THREADS', '2')
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
from PIL import Image

W, H, WORKERS = 1200, 900, 2

def pmap(f, items):
    with ThreadPoolExecutor(WORKERS) as ex: return list(ex.map(f, items))

def md(df, fmt='{:.3f}'):
    "`df` as a markdown table (index included), without tabulate."
    df = df.reset_index()
    cell = lambda c, v: str(int(v)) if c in ('faces', 'pairs', 'changed px', 'paste mask px') else fmt.format(v) if isinstance(v, (float, np.floating)) else str(v)
    rows = [[str(c) for c in df.columns]] + [[cell(c, v) for c, v in zip(df.columns, r)] for r in df.itertuples(index=False)]
    return '\n'.join(['| ' + ' | '.join(rows[0]) + ' |', '|' + '---|' * len(df.columns)] + ['| ' + ' | '.join(r) + ' |' for r in rows[1:]])

def section(title, df, fmt='{:.3f}', note=''):
    print(f'\n## {title}\n\n{md(df, fmt)}' + (f'\n\n{note}' if note else ''), flush=True)

class Memo:
    "A judge that remembers its answer per image object (the reference table re-judges faces judged above); only the judge's public call."
    def __init__(s, judge, split, stack): s.judge, s.split, s.stack, s.memo = judge, split, stack, {}
    def __getattr__(s, k): return getattr(s.judge, k)
    def __call__(s, images, workers=WORKERS):
        images = list(images); new = list({id(i): i for i in images if id(i) not in s.memo}.values())
        if new: s.memo.update({id(im): (im, r) for im, r in zip(new, s.split(s.judge(new, workers=WORKERS)))})
        return s.stack([s.memo[id(i)][1] for i in images])

def on_canvas(im, scale, rng):
    "`im` scaled by `scale` onto a grey W x H canvas at a random position; when larger than the canvas, its middle half (the face) stays inside."
    w, h = round(im.width * scale), round(im.height * scale)
    pos = lambda s, S: int(rng.integers(max(min(0, S - s), -s // 4), min(max(0, S - s), S - 3 * s // 4) + 1))
    c = Image.new('RGB', (W, H), (128, 128, 128)); c.paste(im.resize((w, h), Image.BICUBIC), (pos(w, W), pos(h, H)))
    return c

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces', default=str(Path(__file__).resolve().parents[2]/'shared'/'realfaces'))
    ap.add_argument('--n', type=int, default=None, help='faces per group (default: all)')
    ap.add_argument('--quick', action='store_true', help='20 faces per group')
    a = ap.parse_args()
    root = Path(a.faces)
    if not (root/'young').is_dir() or not (root/'old').is_dir():
        print(f'realfaces: skipped: no real face crops at {root} (folders young/ and old/); pass --faces DIR'); return
    import cv2, torch
    from faceaging.data.align import find_faces, face_matrix, align_face, paste_aligned, laplacian_sharpness, AlignedFace
    from faceaging.evaluate.judges import AgeJudge, IdentityJudge, reference_table, cosines, SFACE_THRESHOLD
    from faceaging.inference import DEMO_MODEL, load_generator, run_generator
    cv2.setNumThreads(1); torch.set_num_threads(WORKERS)  # 2 worker threads, each running OpenCV single-threaded
    t0, n = time.perf_counter(), 20 if a.quick else a.n
    print(f'# Real faces: detection, alignment, judges and pasting\n\nfaces: {root}; threads: {WORKERS} workers, cv2.setNumThreads(1) '
          f'(cv2 reports {cv2.getNumThreads()}), torch {torch.get_num_threads()}, OMP_NUM_THREADS={os.environ["OMP_NUM_THREADS"]}, {os.cpu_count()} cores, '
          f'load average {os.getloadavg()[0]:.1f} at the start')
    files = {g: sorted((root/g).glob('*.jpg'))[:n] for g in ('young', 'old')}
    df = pd.DataFrame([dict(group=g, file=f, name=f.name, true_age=int(f.stem.split('_')[2]) - int(f.stem.split('_')[1][:4])) for g in files for f in files[g]])
    ims = pmap(lambda f: Image.open(f).convert('RGB'), list(df['file']))
    grp = df.groupby('group', sort=False)
    print(f'{len(df)} faces ({", ".join(f"{g} {len(files[g])}" for g in files)}), crops {min(min(i.size) for i in ims)}-{max(max(i.size) for i in ims)} px')

    # 1. detection
    def timed_rows(im, det):
        t = time.perf_counter(); r = find_faces(im, det); return r, time.perf_counter() - t
    rng = np.random.default_rng(0); canv = [on_canvas(im, 1.5, rng) for im in ims]
    rows = {}
    for where, src in (('crop', ims), ('canvas 1.5x', canv)):
        for det in ('yunet', 'haar'):
            res = pmap(lambda im: timed_rows(im, det), src)
            df[f'{det} {where}'], df[f'{det} {where} ms'] = [len(r) > 0 for r, _ in res], [1e3 * s for _, s in res]
            if where == 'crop' and det == 'yunet': yrows = [r for r, _ in res]
    for g, d in grp:
        rows[g] = {c: d[c].mean() for c in df.columns if c.startswith(('yunet', 'haar'))}
    rows['all'] = {c: df[c].mean() for c in rows['young']}
    section('1. Detection rate (share of images with a face) and ms per image (one call, in one of 2 threads)', pd.DataFrame(rows).T.rename_axis('group'), '{:.3f}',
            'YuNet misses on crops: ' + (', '.join(df.loc[~df['yunet crop'], 'name'][:12]) or 'none') +
            f'; Haar misses on crops: {(~df["haar crop"]).sum()}; both miss: {(~df["yunet crop"] & ~df["haar crop"]).sum()}')

    # aligned crops: YuNet's first face, else Haar's box, else the plain resize
    how = ['yunet' if len(r) else 'haar' if len(find_faces(im, 'haar')) else 'resize' for im, r in zip(ims, yrows)]
    def aligned(i, size):
        r = yrows[i] if how[i] == 'yunet' else find_faces(ims[i], 'haar') if how[i] == 'haar' else None
        return ims[i].resize((size, size), Image.BICUBIC) if r is None else align_face(ims[i], face_matrix(r[0], size), size).face
    v = {'full': ims, '64 px': [im.resize((64, 64), Image.BICUBIC) for im in ims], 'aligned 64': [aligned(i, 64) for i in range(len(ims))],
         'aligned 128': [aligned(i, 128) for i in range(len(ims))]}
    print(f'\naligned crops by: {pd.Series(how).value_counts().to_dict()}  [{time.perf_counter() - t0:.0f} s]')

    # 2. age judge
    aj = AgeJudge(); age = Memo(aj, lambda r: r.to_dict('records'), lambda rs: pd.DataFrame(rs, columns=['age', 'gender', 'how']))
    rows = {}
    for k, x in v.items():
        j = age(x); full_g = j['gender'] if k == 'full' else full_g; err = (j['age'] - df['true_age']).abs()
        for g in ('young', 'old', 'all'):
            m = (df['group'] == g) if g != 'all' else np.ones(len(df), bool)
            rows[(k, g)] = {'faces': m.sum(), 'true age': df.loc[m, 'true_age'].mean(), 'judged age': j.loc[m, 'age'].mean(), 'MAE': err[m].mean(),
                            'no face': j.loc[m, 'age'].isna().mean(), 'via YuNet box': (j.loc[m, 'how'] == 'yunet').mean(),
                            'female': (j.loc[m, 'gender'] == 'F').mean(), 'gender as full': (j.loc[m, 'gender'] == full_g[m]).mean()}
    section('2. Age judge (Cydral, dlib-models) against the true age', pd.DataFrame(rows).T.rename_axis(['input', 'group']), '{:.2f}',
            f'[{time.perf_counter() - t0:.0f} s]')

    # 3. identity judge
    ij = IdentityJudge(); ident = Memo(ij, list, lambda rs: np.stack(rs).reshape(-1, 128))
    e = {k: ident(x) for k, x in v.items() if k != 'aligned 128'}
    e['flipped'] = ident([im.transpose(Image.FLIP_LEFT_RIGHT) for im in ims])
    rows = {}
    for k in ('flipped', '64 px', 'aligned 64'):
        c = cosines(e['full'], e[k])
        for g in ('young', 'old', 'all'):
            m = (df['group'] == g).values if g != 'all' else np.ones(len(df), bool)
            rows[(f'full vs {k}', g)] = {'pairs': m.sum(), 'verified': (np.nan_to_num(c[m], nan=-1) >= SFACE_THRESHOLD).mean(), 'mean cosine': np.nanmean(c[m]),
                                        'no face (either)': np.isnan(c[m]).mean()}
    ok = ~np.isnan(e['full'][:, 0]); iu = np.triu_indices(ok.sum(), 1); cs = (e['full'][ok] @ e['full'][ok].T)[iu]
    born = df.loc[ok, 'name'].str.split('_').str[1].values; same = born[iu[0]] == born[iu[1]]  # the wiki ids differ, but one person can have several
    s = cs[~same]
    rows[('different people (full)', 'all')] = {'pairs': len(s), 'verified': (s >= SFACE_THRESHOLD).mean(), 'mean cosine': s.mean(), 'no face (either)': np.nan}
    section(f'3. Identity judge (SFace): share verified at cosine >= {SFACE_THRESHOLD} (last row: false-accept rate)',
            pd.DataFrame(rows).T.rename_axis(['pair', 'group']), '{:.4f}',
            f'no face in full crops: {int((~ok).sum())}; max cosine between different people {s.max():.3f}; left out: {same.sum()} pairs with the same birth date '
            f'(likely one person under two ids; {(cs[same] >= SFACE_THRESHOLD).sum()} verified, {(cs[same] > 0.99).sum()} the same photo)  [{time.perf_counter() - t0:.0f} s]')

    # 4. reference table on aligned 64 px crops
    young, old = [v['aligned 64'][i] for i in np.flatnonzero(df['group'] == 'young')], [v['aligned 64'][i] for i in np.flatnonzero(df['group'] == 'old')]
    ref = reference_table(young, old, age, ident, targets={'young2old': (49, 59), 'old2young': (19, 29)}, workers=WORKERS).round(2)
    section(f'4. reference_table on aligned 64 px crops ({min(len(young), len(old))} pairs)', ref, '{:.2f}', f'[{time.perf_counter() - t0:.0f} s]')

    # 5. pasting sharpness
    g = load_generator(DEMO_MODEL, 'young2old', device='cpu')
    side = pd.Series([min(im.size) for im in ims])  # the 25 largest crops per group: faces of about 600 px at 3x
    pick = [i for gr in ('young', 'old') for i in side[df['group'] == gr].sort_values(ascending=False, kind='stable').index[:25]]
    rng = np.random.default_rng(1); photos = [on_canvas(ims[i], 3, rng) for i in pick]
    found = [(p, find_faces(p, 'yunet')) for p in photos]; found = [(p, r[0]) for p, r in found if len(r)]
    al = [align_face(p, face_matrix(r, 64), 64) for p, r in found]
    outs = run_generator(g, [x.face for x in al], workers=WORKERS)
    res = {True: [], False: []}
    for (p, r), x, o in zip(found, al, outs):
        pa = np.asarray(p).astype(int); probe = np.asarray(paste_aligned(np.zeros_like(pa, np.uint8), AlignedFace(Image.new('RGB', (64, 64)), np.zeros_like(x.native), x.matrix),
                                                                         Image.new('RGB', (64, 64), (255, 255, 255)))).any(2)  # every pixel the paste may touch
        out = {c: np.asarray(paste_aligned(p, x, o, change_only=c)).astype(int) for c in (True, False)}
        changed = (out[True] != pa).any(2)
        for c in (True, False):
            res[c].append({'sharpness ratio': laplacian_sharpness(Image.fromarray(out[c].astype(np.uint8)), changed) / laplacian_sharpness(p, changed),
                           'max |change| outside changed': np.abs(out[c] - pa)[~changed].max(initial=0), 'max |change| outside paste mask': np.abs(out[c] - pa)[~probe].max(initial=0),
                           'face px': r[2] - r[0], 'changed px': changed.sum(), 'paste mask px': probe.sum()})
    summary = lambda d: {'faces': len(d), 'face px': d['face px'].mean(), 'changed px': d['changed px'].mean(), 'paste mask px': d['paste mask px'].mean(), 'sharpness ratio': d['sharpness ratio'].mean(),
                         'max |change| outside changed': d['max |change| outside changed'].max(), 'max |change| outside paste mask': d['max |change| outside paste mask'].max()}
    rows = {f'change_only={c}': summary(pd.DataFrame(res[c])) for c in (True, False)}
    section(f'5. Pasting the demo model\'s 64 px output into {W}x{H} photos (crops scaled 3x; {len(photos) - len(found)} of {len(photos)} without a YuNet face; face px: YuNet box width)',
            pd.DataFrame(rows).T.rename_axis('paste'), '{:.3f}', 'sharpness ratio: Laplacian variance of the result over that of the photo, on the pixels change_only=True changed (mean over faces); max columns: over all faces')
    print(f'\ntotal wall time {time.perf_counter() - t0:.0f} s (load average {os.getloadavg()[0]:.1f} at the end)')

if __name__ == '__main__': main()
