#!/usr/bin/env python
"""Kill test: SIGKILL a tiny `faceaging_train` run again and again, resume it each time, and check that nothing is ever lost.

A run of EPOCHS tiny epochs (synthetic faces, 32 px, ngf 8) writes every kind of file every epoch: the full checkpoint
(`epoch_NNNN.pth` and `latest.pth`), the original-format networks (`N_net_*.pth`, `latest_net_*.pth`), `log.csv`,
`config.json`, the sample grid and the loss curves. The test starts it with `--resume` (after the first start), and kills it
with SIGKILL either at a random moment of training or the instant a temporary file of one kind of write appears (the
file is being written: the kill lands mid-write). It does that --kills times, cycling through the kinds, then lets the
run finish. After every kill it checks that every file in the run folder loads (checkpoints as weights-only, networks,
CSV, JSON, PNG) and that the newest finished epoch never goes back; at the end, that the run reached its last epoch,
that `log.csv` has exactly one row per epoch, that no `.tmp` file is left, and that the final weights equal those of a
run that was never killed (resume is exact). It prints one line per kill and a summary:
kills, kills that landed mid-write (per kind), broken files, failed resumes.

Usage: python tools/killtest.py [--kills 12] [--epochs 8] [--seed 0] [--keep-work]
Exit status 1 when anything broke (CI runs it).
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, threading, time
from pathlib import Path
os.environ.setdefault('MPLBACKEND', 'Agg')

KINDS = {  # kind of write -> how its temporary file is named (relative to the run folder)
    'checkpoint': lambda p: p.parent.name == 'checkpoints' and p.name.startswith('epoch_') and p.name.endswith('.pth.tmp'),
    'latest link': lambda p: p.name == 'latest.pth.tmp',
    'networks': lambda p: '_net_' in p.name and p.name.endswith('.pth.tmp'),
    'log': lambda p: p.name == 'log.csv.tmp',
    'plots': lambda p: p.name.endswith('.png.tmp'),
}
PLAN = ['random', 'checkpoint', 'networks', 'log', 'random', 'plots', 'random', 'checkpoint', 'random', 'networks', 'log', 'plots']  # (latest.pth is a hard link renamed in place: no window to hit)


def prepare(work: Path) -> Path:
    "A small manifest of synthetic faces (the demo's data, 32 px)."
    from faceaging.data.synthetic import demo_faces
    from faceaging.data.labels import save_manifest
    faces, root = demo_faces(work/'data', n=240, size=36, seed=0)
    save_manifest(faces.assign(root=str(Path(root).resolve())), work/'manifest.csv')
    return work/'manifest.csv'


def train_cmd(manifest, run, epochs, resume):
    half = epochs // 2
    cmd = [str(Path(sys.executable).parent/'faceaging_train'), str(manifest), '--run', str(run), '--n_epochs', str(epochs - half),
           '--n_epochs_decay', str(half), '--crop_size', '32', '--load_size', '36', '--bs', '4', '--ngf', '8', '--ndf', '8', '--n_blocks', '2',
           '--num_workers', '0', '--lambda_identity', '0', '--save_epoch_freq', '1', '--keep_checkpoints', '2', '--device', 'cpu']
    return cmd + (['--resume', str(run)] if resume else [])


def tmp_files(run: Path) -> list:
    out = []
    for d in (run, run/'checkpoints', run/'samples'):
        try: out += [d/n for n in os.listdir(d) if n.endswith('.tmp')]
        except FileNotFoundError: pass
    return out


def check_files(run: Path) -> list:
    "Every file in the run folder that does not load (with why)."
    import pandas as pd, torch
    from PIL import Image
    from faceaging.weights import read_checkpoint
    from faceaging.weights import read_state_dict
    broken = []
    for p in sorted(run.rglob('*')):
        if not p.is_file() or p.suffix == '.tmp': continue
        try:
            if p.suffix == '.pth': read_state_dict(p) if '_net_' in p.name else read_checkpoint(p)
            elif p.suffix == '.csv': pd.read_csv(p)
            elif p.suffix == '.json': json.loads(p.read_text())
            elif p.suffix == '.png':
                with Image.open(p) as im: im.load()
        except Exception as e: broken.append(f'{p.relative_to(run)}: {type(e).__name__}: {str(e)[:80]}')
    return broken


def finished_epoch(run: Path) -> int:
    from faceaging.weights import read_checkpoint
    try: return read_checkpoint(run/'checkpoints'/'latest.pth')['epoch']
    except (FileNotFoundError, ValueError): return 0


def start(cmd):
    "Start a training process; a thread collects its output and notes when training has begun."
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    p.lines, p.training = [], threading.Event()
    def read():
        for line in p.stdout:
            p.lines.append(line)
            if line.startswith('faceaging: training on'): p.training.set()
    threading.Thread(target=read, daemon=True).start()
    return p


def kill_once(cmd, run: Path, strategy: str, rng: random.Random, epoch_s: float) -> dict:
    "Start, wait for training, then SIGKILL at a random moment or the instant a temporary file of `strategy`'s kind appears."
    p = start(cmd)
    if not p.training.wait(120): p.kill(); return {'strategy': strategy, 'outcome': 'never started training: ' + ''.join(p.lines[-3:])}
    deadline = time.time() + (rng.uniform(0.05, 2.5) * epoch_s if strategy == 'random' else 6 * epoch_s)
    writing = []
    while time.time() < deadline and p.poll() is None:
        if strategy != 'random':
            writing = [f for f in tmp_files(run) if KINDS[strategy](f)]
            if writing: break
        else: time.sleep(0.002)
    if p.poll() is not None:  # it finished (or failed) before the moment came
        return {'strategy': strategy, 'outcome': 'finished' if p.returncode == 0 else f'exit {p.returncode}: ' + ''.join(p.lines[-2:]).strip()}
    os.kill(p.pid, signal.SIGKILL); p.wait()
    during = sorted({k for f in tmp_files(run) for k, is_kind in KINDS.items() if is_kind(f)})
    return {'strategy': strategy, 'outcome': 'killed', 'mid_write': during}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kills', type=int, default=12)
    ap.add_argument('--epochs', type=int, default=8)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--keep-work', action='store_true')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix='killtest_'))
    t0 = time.time()
    manifest = prepare(work)
    # the reference: the same run, never killed (its time per epoch sets the random kill moments)
    ref = work/'reference'
    t = time.time(); r = subprocess.run(train_cmd(manifest, ref, a.epochs, False), capture_output=True, text=True, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    if r.returncode: sys.exit(f'the reference run failed:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}')
    log = [l for l in r.stdout.splitlines() if l.startswith('faceaging: training on')]
    epoch_s = max(0.2, (time.time() - t - 6) / a.epochs)  # (minus the start-up)
    print(f'reference run: {a.epochs} epochs in {time.time() - t:.1f} s (about {epoch_s:.2f} s an epoch); {log[0] if log else ""}')

    run, results, broken, failed, last = work/'killed', [], [], [], 0
    kills = 0
    while kills < a.kills:
        strategy = PLAN[kills % len(PLAN)]
        res = kill_once(train_cmd(manifest, run, a.epochs, resume=(run/'checkpoints'/'latest.pth').exists()), run, strategy, rng, epoch_s)
        if res['outcome'] == 'finished':  # the run ended before this kill: start it over to keep killing
            print(f'  (the run finished before kill {kills + 1}; starting a new one)'); shutil.rmtree(run); last = 0; continue
        if res['outcome'] != 'killed': failed.append(res['outcome']); print(f'  FAILED resume: {res["outcome"]}'); kills += 1; continue
        kills += 1
        bad = check_files(run)
        epoch = finished_epoch(run)
        if epoch < last: failed.append(f'kill {kills}: the newest finished epoch went back from {last} to {epoch}')
        last = epoch
        broken += [f'kill {kills}: {b}' for b in bad]
        results.append(res)
        print(f'kill {kills:2d} ({strategy:11s}): after epoch {epoch} finished; writing at the kill: {", ".join(res["mid_write"]) or "nothing"}; '
              f'files that do not load: {len(bad)}')
    # let it finish
    r = subprocess.run(train_cmd(manifest, run, a.epochs, resume=True), capture_output=True, text=True, env={**os.environ, 'OMP_NUM_THREADS': '1'})
    if r.returncode: failed.append(f'the final resume failed: {(r.stdout + r.stderr)[-500:]}')
    import pandas as pd, torch
    from faceaging.weights import read_checkpoint
    broken += [f'at the end: {b}' for b in check_files(run)]
    epochs_logged = pd.read_csv(run/'log.csv')['epoch'].tolist() if (run/'log.csv').exists() else []
    left = [str(f.relative_to(run)) for f in tmp_files(run)]
    final, reference = read_checkpoint(run/'checkpoints'/'latest.pth'), read_checkpoint(ref/'checkpoints'/'latest.pth')
    same = all(torch.equal(final['nets'][n][k], reference['nets'][n][k]) for n in reference['nets'] for k in reference['nets'][n])
    mid = {k: sum(k in r['mid_write'] for r in results) for k in KINDS}
    print(f'\nkills: {len(results)}; mid-write: ' + ', '.join(f'{k} {v}' for k, v in mid.items()))
    print(f'broken files: {len(broken)}; failed resumes: {len(failed)}')
    print(f'final epoch {final["epoch"]} of {a.epochs}; log.csv epochs {epochs_logged}; .tmp files left: {left or "none"}; '
          f'final weights equal to the never-killed run: {same}')
    for b in broken + failed: print('  ', b)
    ok = (not broken and not failed and final['epoch'] == a.epochs and epochs_logged == list(range(1, a.epochs + 1)) and not left and same
          and len(results) >= a.kills and sum(v > 0 for v in mid.values()) >= 3)
    print(f'{"PASS" if ok else "FAIL"} in {time.time() - t0:.0f} s')
    if not a.keep_work: shutil.rmtree(work, ignore_errors=True)
    else: print(f'work folder: {work}')
    sys.exit(0 if ok else 1)


if __name__ == '__main__': main()
