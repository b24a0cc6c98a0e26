#!/usr/bin/env python
"""The real-face recipe of chapters 08 and 10h, timed: `real_face_run` on IMDB-WIKI crops (young 19-29, old 49-59: aligned, an age
critic, then the CycleGAN at 128 px with the `fast` preset), then people it never saw aged, the sample grid and a young/old classifier's verdict.

Meant for one GPU (the promise: at most 10 minutes on an H100/H200, held-out faces visibly older). `--quick` runs every step tiny,
on the CPU too, to check the script; without real faces it says so and stops (exit 0). The faces: --faces, else $FACEAGING_REALFACES,
else ../shared/realfaces. Usage: python bench/recipe.py [--faces DIR] [--out DIR] [--epochs 30] [--epochs_decay 30] [--minutes 10] [--quick]
"""
import argparse, json, os, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd, torch

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--faces', default=os.environ.get('FACEAGING_REALFACES', str(Path(__file__).resolve().parents[2]/'shared'/'realfaces')))
    ap.add_argument('--out', default=None, help='output folder (default: recipe_out, or a temporary folder with --quick)')
    ap.add_argument('--epochs', type=int, default=30); ap.add_argument('--epochs_decay', type=int, default=30)
    ap.add_argument('--minutes', type=float, default=10, help='stop training after the epoch in which this many minutes have passed')
    ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from faceaging.train import real_face_run
    from faceaging.data.unpaired import domain_files
    from faceaging.data.faces import load_image
    from faceaging.inference import load_generator, run_generator, show_before_after
    from faceaging.evaluate.image_metrics import gray_fraction
    faces, out = Path(a.faces), Path(a.out or (tempfile.mkdtemp(prefix='recipe_quick_') if a.quick else 'recipe_out'))  # never real faces inside the repository
    if not a.quick and not torch.cuda.is_available():
        print('no GPU here: the recipe is for a GPU (on this CPU it would take hours); --quick checks the script'); return
    if not faces.is_dir(): print(f'recipe: skipped: no face crops at {faces}; pass --faces or set FACEAGING_REALFACES (a folder of IMDB-WIKI crops)'); return
    size = 32 if a.quick else 128
    small = dict(size=32, load_size=36, ngf=8, ndf=8, blocks=2, preset='paper', bs=4, per_domain=64, critic_epochs=2, num_workers=0) if a.quick else {}
    epochs, decay = (1, 1) if a.quick else (a.epochs, a.epochs_decay)
    t = {'start': time.time()}
    m, root, learn = real_face_run(faces, out, epochs=epochs, decay=decay, minutes=a.minutes, **small)  # aligned faces, the critic, the recipe
    t['trained'] = time.time()
    young, _ = domain_files(m, root, 'test')
    before = [load_image(f) for f in young[:8]]
    after = run_generator(load_generator(out/'run', 'young2old'), before, bs=64)
    fig = show_before_after(before, after, ('held-out young', 'aged')); fig.savefig(out/'recipe_samples.png', dpi=90); plt.close(fig)
    def to_t(ims): return torch.stack([torch.from_numpy(np.array(i.convert('RGB').resize((size, size)))).permute(2, 0, 1).float() / 255 for i in ims])
    gray = {'before': round(float(gray_fraction(to_t(before)).mean()), 3), 'after': round(float(gray_fraction(to_t(after)).mean()), 3)}
    # issue 17's real-face measure: a young/old classifier trained on these faces (chapter 10a's train_face_model; valid split = held-out
    # people), its held-out accuracy, and the share of aged held-out young faces it calls old (and of the untouched ones, for reference)
    from faceaging.evaluate.estimators import train_face_model
    labelled = m[m['domain'].notna()].assign(age_group=lambda d: d['domain'].map({'A': 'young', 'B': 'old'}), split=lambda d: d['split'].replace({'test': 'valid'}))
    clf = train_face_model(labelled, root, 'age_group', 'category', size=32 if a.quick else 96, epochs=1 if a.quick else 12, progress=False, seed=0)
    young_all = [load_image(f) for f in young]
    aged_all = run_generator(load_generator(out/'run', 'young2old'), young_all, bs=64)
    called_old = {'young inputs': round(float((clf(young_all) == 'old').mean()), 3), 'aged outputs': round(float((clf(aged_all) == 'old').mean()), 3)}
    log = pd.read_csv(out/'run'/'log.csv')
    res = dict(photos_to_model_s=round(t['trained'] - t['start'], 1), epochs_done=int(len(log)),
               epochs_planned=epochs + decay, seconds_per_epoch=round(float(log['seconds'].median()), 2), gray_hair_fraction=gray,
               device=json.loads((out/'run'/'config.json').read_text())['device'], samples=str(out/'recipe_samples.png'),
               age_classifier={'held_out_accuracy': clf.metrics['accuracy'], 'held_out_faces': clf.metrics['n'], 'share_called_old': called_old,
                               'identity_similarity': 'not measured: these crops hold one photo per person, too few to train an identity embedder'})
    (out/'recipe.json').write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))

if __name__ == '__main__': main()
