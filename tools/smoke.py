#!/usr/bin/env python
"""The library end to end in a few seconds, as an installed package: what a fresh install must pass.

synthetic faces -> the IMDB-WIKI reader -> cleaning, domains, split -> unpaired loaders -> a one-epoch `cycle_learner`
run -> `load_generator` -> `age_face` on a real photo; the packaged demo model loads and ages; `python -m faceaging`
and a console script answer. Prints one line per step and `smoke: passed`; exits 1 at the first failure.
Run it from outside the repository to test an installed copy (tools/dist_check.py does).
"""
import os, shutil, subprocess, sys, tempfile, time
from pathlib import Path


def main():
    t0 = time.time()
    os.environ.setdefault('MPLBACKEND', 'Agg')
    import faceaging
    from faceaging.all import (make_synthetic_faces, read_dataset, clean_faces, assign_domains, split, unpaired_dls, cycle_gan,
                               cycle_learner, load_generator, age_face, DEMO_MODEL)
    from fastai.torch_core import set_seed
    from PIL import Image
    from skimage import data as skdata
    print(f'smoke: faceaging {faceaging.__version__} from {Path(faceaging.__file__).parent}')
    tmp = Path(tempfile.mkdtemp())
    try:
        root = make_synthetic_faces(tmp/'faces', n=240, size=64, seed=0, progress=False)
        faces, root = read_dataset(root/'wiki.mat')
        faces = split(assign_domains(clean_faces(faces, root, progress=False, cache_dir=False), young=(18, 30), old=(55, 75)))
        print(f'smoke: {len(faces)} labelled faces ({(faces.domain == "A").sum()} young, {(faces.domain == "B").sum()} old)')
        dls = unpaired_dls(faces, root, load_size=36, crop_size=32, num_workers=0, seed=0)
        set_seed(0)
        learn = cycle_learner(dls, cycle_gan(ngf=8, ndf=8, n_blocks=1, residual=True), path=tmp/'run', sample_plots=False)
        with learn.no_bar(): learn.fit_flat_lin(1, 0)
        G = load_generator(tmp/'run', direction='young2old', device='cpu')
        photo = tmp/'photo.jpg'; Image.fromarray(skdata.astronaut()).save(photo)
        aged = age_face(photo, G, paste=True)
        assert aged.size == Image.open(photo).size, aged.size
        print('smoke: trained one epoch, loaded the generator, aged a photo')
        demo = age_face(photo, load_generator(DEMO_MODEL, device='cpu'))
        assert demo.size[0] > 0
        print(f'smoke: the packaged demo model ({DEMO_MODEL.name}) loads and ages')
        for argv in ([sys.executable, '-m', 'faceaging', '--help'], [str(Path(sys.executable).parent/'faceaging_age'), '--help']):
            r = subprocess.run(argv, capture_output=True, text=True)
            assert r.returncode == 0 and 'usage' in r.stdout, (argv, r.returncode, r.stderr[-300:])
        print('smoke: python -m faceaging and the console scripts answer')
    finally: shutil.rmtree(tmp, ignore_errors=True)
    print(f'smoke: passed in {time.time() - t0:.0f} s')


if __name__ == '__main__':
    try: main()
    except Exception as e:
        print(f'smoke: FAILED: {type(e).__name__}: {e}'); sys.exit(1)
