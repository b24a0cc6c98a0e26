#!/usr/bin/env python
"""Train the committed demo model: `faceaging_demo` with its default settings and a fixed seed, saved small with its provenance.

Usage: python tools/train_demo_model.py [--seed 0] [--work /tmp/demo_model_run] [--model cyclegan|conditional]

Writes faceaging/assets/demo_model.pth (both generators and the run's config as a weights-only
faceaging checkpoint, about 2 MB) and faceaging/assets/demo_model.json (the command, seed, commit,
versions, machine, settings and what the run measured: gray-hair fractions and the ground-truth
benchmark). Chapters 09 and 10 load this model instead of training one; chapter 10e checks that it
still loads into the current architecture and still ages as recorded. Rerun it (and commit both
files) whenever the generator architecture or the demo's settings change. It also copies the
run's sample grid to nbs/images/demo_samples.png, the grid the README shows.

`--model conditional` does the same for the target-age demo (`faceaging_demo --model conditional`, chapter 8a):
faceaging/assets/target_age_model.pth (its one generator, G, and the run's config), target_age_model.json (with
every target's measurement against the ground truth), and nbs/images/target_age_progression.png, the README's strip.
"""
import argparse, hashlib, inspect, json, os, platform, shutil, sys, time
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT/'faceaging'/'assets'
sys.path.insert(0, str(ROOT/'tools'))
from provenance import git, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--work', default='/tmp/demo_model_run', help='scratch folder for the demo run (replaced)')
    ap.add_argument('--model', default='cyclegan', choices=['cyclegan', 'conditional'], help="which demo's model: the CycleGAN's or the target-age model's")
    a = ap.parse_args()
    if a.model == 'conditional': return target_age(a)
    from faceaging.cli import faceaging_demo
    from faceaging.weights import read_checkpoint
    import faceaging, fastai
    work = Path(a.work)
    if work.exists(): shutil.rmtree(work)
    t0 = time.time()
    faceaging_demo(dest=str(work), seed=a.seed)
    minutes = (time.time() - t0) / 60
    ck = read_checkpoint(work/'run'/'checkpoints'/'latest.pth')
    slim = {'format': ck['format'], 'epoch': ck['epoch'], 'nets': {n: ck['nets'][n] for n in ('G_A', 'G_B')}, 'config': ck['config']}
    ASSETS.mkdir(parents=True, exist_ok=True)
    dest = ASSETS/'demo_model.pth'
    torch.save(slim, dest)
    defaults = {k: v.default for k, v in inspect.signature(faceaging_demo).parameters.items() if v.default is not inspect.Parameter.empty}
    summary = json.loads((work/'summary.json').read_text())
    dirty = [l[3:] for l in (git('status', '--porcelain', '--untracked-files=no') or '').splitlines()]
    info = {'what': 'the demo model: faceaging_demo with its default settings, both generators (G_A young->old, G_B old->young)',
            'command': f'python tools/train_demo_model.py --seed {a.seed}', 'seed': a.seed, 'settings': {**defaults, 'seed': a.seed},
            'commit': (git('rev-parse', 'HEAD') or '').strip() or None, 'uncommitted_changes': dirty,  # tracked files that differed from the commit
            'versions': {'faceaging': faceaging.__version__, 'torch': torch.__version__, 'fastai': fastai.__version__, 'python': platform.python_version()},
            'machine': {'cpu': cpu(), 'cores': os.cpu_count(), 'torch_threads': torch.get_num_threads()},
            'trained': time.strftime('%Y-%m-%d'), 'minutes': round(minutes, 1), 'epochs': ck['epoch'], 'iterations': summary['iterations'],
            'metrics': {k: summary[k] for k in ('gray_hair_fraction', 'cycle_loss_first_last', 'benchmark')},
            'file': {'name': dest.name, 'bytes': dest.stat().st_size, 'sha256': hashlib.sha256(dest.read_bytes()).hexdigest()}}
    dest.with_suffix('.json').write_text(json.dumps(info, indent=2) + '\n')
    shutil.copyfile(work/'samples.png', ROOT/'nbs'/'images'/'demo_samples.png')  # the README's grid comes from this run
    print(json.dumps(info, indent=2))
    print(f'wrote {dest} ({dest.stat().st_size / 1e6:.2f} MB) and {dest.with_suffix(".json").name} in {minutes:.1f} min')

def target_age(a):
    "The shipped target-age model: `faceaging_demo --model conditional` with its defaults, G only, with its provenance."
    from faceaging.cli import faceaging_demo
    from faceaging.weights import read_checkpoint, model_weights
    import faceaging, fastai
    work = Path(a.work)
    if work.exists(): shutil.rmtree(work)
    t0 = time.time()
    faceaging_demo(dest=str(work), seed=a.seed, model='conditional')
    minutes = (time.time() - t0) / 60
    ck = read_checkpoint(work/'run'/'checkpoints'/'latest.pth')
    dest = ASSETS/'target_age_model.pth'
    torch.save({'format': ck['format'], 'epoch': ck['epoch'], 'nets': {'G': model_weights(ck)['G']}, 'config': ck['config']}, dest)  # the generator's average (chapter 07g), the model the run made
    summary = json.loads((work/'summary.json').read_text())
    dirty = [l[3:] for l in (git('status', '--porcelain', '--untracked-files=no') or '').splitlines()]
    info = {'what': 'the target-age demo model: faceaging_demo --model conditional with its default settings, the generator G(x, age) (chapter 8a): the moving average of its weights (chapter 07g)',
            'command': f'python tools/train_demo_model.py --model conditional --seed {a.seed}', 'seed': a.seed,
            'commit': (git('rev-parse', 'HEAD') or '').strip() or None, 'uncommitted_changes': dirty,
            'versions': {'faceaging': faceaging.__version__, 'torch': torch.__version__, 'fastai': fastai.__version__, 'python': platform.python_version()},
            'machine': {'cpu': cpu(), 'cores': os.cpu_count(), 'torch_threads': torch.get_num_threads()},
            'trained': time.strftime('%Y-%m-%d'), 'minutes': round(minutes, 1), 'training_minutes': summary['training_minutes'], 'epochs': ck['epoch'],
            'iterations': summary['iterations'], 'reader': summary['reader'], 'metrics': {'targets': summary['targets'], 'worst MAE': summary['worst MAE'], 'worst MAE drawn': summary.get('worst MAE drawn'), 'probe': summary.get('probe')},
            'licence': 'trained on faceaging\'s own synthetic faces: no third-party data or weights (the project\'s licence)',
            'file': {'name': dest.name, 'bytes': dest.stat().st_size, 'sha256': hashlib.sha256(dest.read_bytes()).hexdigest()}}
    dest.with_suffix('.json').write_text(json.dumps(info, indent=2) + '\n')
    from PIL import Image  # the README's strip comes from this run, in 256 colours (a fifth of the bytes)
    Image.open(work/'progression.png').convert('RGB').quantize(colors=256).save(ROOT/'nbs'/'images'/'target_age_progression.png', optimize=True)
    print(json.dumps(info, indent=2))
    print(f'wrote {dest} ({dest.stat().st_size / 1e6:.2f} MB) and {dest.with_suffix(".json").name} in {minutes:.1f} min')


if __name__ == '__main__': main()
