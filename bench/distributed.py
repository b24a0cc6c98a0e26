#!/usr/bin/env python
"""Benchmark: distributed data parallel training (issue 16) against one process, run by this script in turn.

1. CPU, always: the demo's model (64 px, ngf = ndf = 16, 3 blocks) on the built-in faces, global batch 4. One process with
   2 torch threads and batch 4, against 2 processes (torchrun, gloo) with 1 thread and batch 2 each. Prints the median
   time per step and per sample, and the ratio (on 2 cores, expect about 1x: the figure shows that DDP's overhead
   (4 all-reduces a step, one per network) is small, not a speed-up).
2. CPU, always: how far two processes drift from one process with the same global batch, over 22 steps of a tiny model with
   data and pool randomness off, next to how far one process drifts from itself when only its thread count changes.
3. GPUs, when there are several: images/s of the fast preset at --size px for 1 and N GPUs (one process per GPU, NCCL).

Usage: python bench/distributed.py [--steps 40] [--quick] [--size 128] [--gpus N]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve()

def worker(a):
    "One process of a measured run (started by main, alone or by torchrun): train, time each step, write results."
    import torch
    from fastai.callback.core import Callback
    from fastai.torch_core import set_seed
    from faceaging.data.labels import load_manifest
    from faceaging.data.unpaired import unpaired_dls
    from faceaging.models import cycle_gan
    from faceaging.train import cycle_learner
    from faceaging.device import process_rank
    from faceaging.weights import read_checkpoint
    set_seed(0)
    faces = load_manifest(a.manifest)
    gpu = a.device == 'cuda'
    dls = unpaired_dls(faces, faces['root'].iloc[0], load_size=a.size if a.exact else a.size * 9 // 8, crop_size=a.size, bs=a.bs,
                       num_workers=a.workers, seed=0, device=None if gpu else 'cpu', flip=not a.exact, serial_batches=a.exact)
    class StepTimes(Callback):
        order = 99
        def before_batch(self):
            if gpu: torch.cuda.synchronize()
            self.t = time.perf_counter()
        def after_batch(self):
            if not self.training: return
            if gpu: torch.cuda.synchronize()
            self.learn.timed_steps = getattr(self.learn, 'timed_steps', []) + [time.perf_counter() - self.t]
    model = cycle_gan(ngf=a.ngf, ndf=a.ngf, n_blocks=a.blocks, residual=not a.exact)
    learn = cycle_learner(dls, model, path=a.run, preset='fast' if gpu else 'paper', bs=a.bs, sample_plots=False, checkpoint_every=1 if a.exact else 0,
                          pool_size=0 if a.exact else 50, lambda_identity=0.5 if a.exact else 0.0, cbs=[StepTimes()])
    with learn.no_bar(), learn.no_logging(): learn.fit(a.epochs, lr=learn.lr)
    if process_rank() == 0:
        times = learn.timed_steps[a.warmup:] or learn.timed_steps
        Path(a.out).write_text(json.dumps({'step_s': statistics.median(times), 'steps': len(times), 'global_bs': a.bs * int(os.environ.get('WORLD_SIZE', 1)),
                                           'history': [{k: float(v) for k, v in h.items()} for h in learn.cycle_history]}))
        if a.exact: torch.save({n: getattr(learn.model, n).state_dict() for n in ('G_A', 'G_B', 'D_A', 'D_B')}, Path(a.out).with_suffix('.pth'))
    if torch.distributed.is_initialized(): torch.distributed.barrier(); torch.distributed.destroy_process_group()

def launch(work, name, processes, threads, *args, manifest='manifest.csv'):
    "Run `worker` on `processes` processes; its results."
    out = work/f'{name}.json'
    head = [sys.executable, '-m', 'torch.distributed.run', '--standalone', f'--nproc_per_node={processes}', '--'] if processes > 1 else [sys.executable]  # '--': our --run is not torchrun's --run-path
    cmd = [*head, str(HERE), '--worker', '--manifest', str(work/manifest), '--run', str(work/name), '--out', str(out), *map(str, args)]
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MPLBACKEND': 'Agg'}
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode: sys.exit(f'{name} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}')
    return json.loads(out.read_text())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=40, help='timed steps per run (after 5 warm-up steps)')
    ap.add_argument('--quick', action='store_true', help='a few steps: checks that the script works, not a measurement')
    ap.add_argument('--size', type=int, default=128, help='GPU runs: image side')
    ap.add_argument('--gpus', type=int, default=None, help='GPU runs: the most GPUs to use (default: all there are)')
    for k, d in [('--manifest', ''), ('--run', ''), ('--out', ''), ('--device', 'cpu')]: ap.add_argument(k, default=d, help=argparse.SUPPRESS)
    for k, d in [('--bs', 4), ('--ngf', 16), ('--blocks', 3), ('--epochs', 1), ('--warmup', 5), ('--workers', 0), ('--size_w', 64)]: ap.add_argument(k, type=int, default=d, help=argparse.SUPPRESS)
    ap.add_argument('--exact', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: a.size = a.size_w; return worker(a)

    import torch
    from fastai.torch_core import set_seed
    from faceaging.data.synthetic import demo_faces
    from faceaging.data.labels import save_manifest
    steps = 6 if a.quick else a.steps
    work = Path(tempfile.mkdtemp(prefix='bench_distributed_'))
    set_seed(0); n = max(200, (steps + 5) * 4 * 2)  # two epochs hold the timed steps + warm-up at global batch 4
    faces, root = demo_faces(work/'data', n=n, size=64)
    save_manifest(faces.assign(root=str(Path(root).resolve())), work/'manifest.csv')
    set_seed(0); small, small_root = demo_faces(work/'small', n=200, size=32)  # the drift runs: 22 steps of 4 faces
    save_manifest(small.assign(root=str(Path(small_root).resolve())), work/'small.csv')
    print(f'faceaging distributed benchmark: torch {torch.__version__}, {os.cpu_count()} CPU cores, {torch.cuda.device_count()} GPU(s); {n} built-in faces\n')

    # 1. step time, CPU
    one = launch(work, 'cpu1', 1, 2, '--bs', 4, '--epochs', 2)
    two = launch(work, 'cpu2', 2, 1, '--bs', 2, '--epochs', 2)
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'MPLBACKEND': 'Agg'}  # the same two processes without DDP: what batch 2 on one thread costs
    solo = [subprocess.Popen([sys.executable, str(HERE), '--worker', '--manifest', str(work/'manifest.csv'), '--run', str(work/f'solo{i}'),
                              '--out', str(work/f'solo{i}.json'), '--bs', '2', '--epochs', '2'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in (0, 1)]
    if any(p.wait() for p in solo): sys.exit('the independent processes failed')
    solo = [json.loads((work/f'solo{i}.json').read_text()) for i in (0, 1)]
    alone = {'step_s': statistics.mean(r['step_s'] for r in solo), 'global_bs': 4, 'steps': solo[0]['steps']}
    print('1. CPU step time, demo model (64 px, ngf 16, 3 blocks), global batch 4, median of', one['steps'], 'steps')
    print(f"{'setting':62s} {'ms/step':>8s} {'ms/sample':>10s} {'ratio':>6s}")
    for label, r in [('1 process, 2 threads, batch 4', one), ('2 processes (DDP, gloo), 1 thread each, batch 2 each', two),
                     ('2 independent processes, 1 thread each, batch 2 each (no DDP)', alone)]:
        print(f"{label:62s} {r['step_s'] * 1e3:8.1f} {r['step_s'] * 1e3 / r['global_bs']:10.2f} {r['step_s'] / one['step_s']:5.2f}x")
    print(f"time per sample, 2 processes / 1 process: {two['step_s'] / one['step_s']:.2f}x; of which DDP itself (averaging gradients, waiting for "
          f"each other): {two['step_s'] / alone['step_s']:.2f}x, and batch 2 on one thread against batch 4 on two: {alone['step_s'] / one['step_s']:.2f}x\n")

    # 2. drift from one process, and from itself with other thread counts
    tiny = ['--exact', '--size_w', 32, '--ngf', 8, '--blocks', 1, '--epochs', 2, '--warmup', 0]
    base = launch(work, 'exact1', 1, 1, *tiny, '--bs', 4, manifest='small.csv')
    runs = {'2 processes vs 1 process (1 thread)': launch(work, 'exact2', 2, 1, *tiny, '--bs', 2, manifest='small.csv'),
            '1 process, 2 threads vs 1 thread': launch(work, 'exact1t2', 1, 2, *tiny, '--bs', 4, manifest='small.csv')}
    w0 = torch.load(work/'exact1.pth')
    rel = lambda h1, h2, i: max(abs(h1[i][k] - h2[i][k]) / max(abs(h1[i][k]), 1e-3) for k in ('G_A', 'G_B', 'cycle_A', 'cycle_B', 'D_A', 'D_B'))
    print(f"2. drift over {len(base['history'])} steps (tiny model, 32 px, serial batches, no flips, no pool): largest relative loss difference at steps 1, 5, 10, 22, and weights at the end")
    for label, r in runs.items():
        name = {'2 processes vs 1 process (1 thread)': 'exact2', '1 process, 2 threads vs 1 thread': 'exact1t2'}[label]
        w = torch.load(work/f'{name}.pth')
        dw = max(float((w[n][k] - w0[n][k]).abs().max()) for n in w for k in w[n])
        steps_at = [s for s in (1, 5, 10, 22) if s <= len(base['history'])]
        print(f"{label:40s} " + '  '.join(f'step {s}: {rel(base["history"], r["history"], s - 1):.1e}' for s in steps_at) + f'  weights: {dw:.4f}')
    print()

    # 3. GPUs
    ngpu = torch.cuda.device_count() if a.gpus is None else min(a.gpus, torch.cuda.device_count())
    if ngpu < 2: print(f'3. GPUs: {torch.cuda.device_count()} here; images/s for 1 and N GPUs needs at least 2 (not measured)'); return
    print(f'3. GPUs: fast preset (bf16, batch 8 per GPU, compiled), {a.size} px, ngf 64, 9 blocks, images/s (A + B)')
    base_ips = None
    for k in sorted({1, ngpu}):
        r = launch(work, f'gpu{k}', k, 4, '--device', 'cuda', '--bs', 8, '--ngf', 64, '--blocks', 9, '--size_w', a.size, '--workers', 4, '--warmup', 10)
        ips = 2 * r['global_bs'] / r['step_s']; base_ips = base_ips or ips
        print(f'{k} GPU(s): {r["step_s"] * 1e3:7.1f} ms/step, {ips:8.0f} images/s, {ips / base_ips:.2f}x one GPU ({ips / base_ips / k:.0%} scaling efficiency)')

if __name__ == '__main__': main()
