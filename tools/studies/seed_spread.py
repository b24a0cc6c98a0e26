#!/usr/bin/env python
"""Measure every quality assertion of the training notebooks over several seeds, and the thresholds that follow.

Usage: python tools/studies/seed_spread.py [--seeds 0 1 2 3 4] [--jobs 2] [nbs/08_train.ipynb ...]

A notebook's quality assertions (losses falling, age gain, identity kept, ...) sit on numbers that
move with the training seed, and with the processor: CPU kernels round differently on different
machines, and training amplifies it. The spread over seeds stands in for the spread over machines.
Each notebook is run once per seed (FACEAGING_SEED, read by its SEED setting) in its own process,
as `make test` runs it, but going on past failing cells; after the cell named in MEASURES, each
measure's expression is evaluated in the notebook's namespace. For each measure the table gives
the values, mean, standard deviation, and the threshold rule of the test suite: the looser of
mean - 3 std and 75 % of the mean (for an upper bound: mean + 3 std and 125 % of the mean).
Results go to tools/studies/seed_spread.json (committed: the evidence behind each threshold).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT/'tools'/'studies'/'seed_spread.json'

# notebook -> [(measure, cell that computes it (a unique piece of its source), expression, 'min' or 'max' (the kind of bound))]
MEASURES = {
    '08_train.ipynb': [
        ('cycle loss, first 10 / last 10 batches', "print(f'cycle loss: first 10 batches", 'first / last', 'min'),
        ('gray fraction, G_A(young) - young', "g = domain_gray(learn)", "g['fake_B'] - g['real_A']", 'min'),
        ('gray fraction, old - G_B(old)', "g = domain_gray(learn)", "g['real_B'] - g['fake_A']", 'min'),
        ('gray fraction, both directions together', "g = domain_gray(learn)", "(g['fake_B'] - g['real_A']) + (g['real_B'] - g['fake_A'])", 'min'),
        ('fine-tuning: first cycle loss, scratch / fine-tuned', "c_ft, c_sc = curve(ft), curve(scratch)", 'c_sc[0] / c_ft[0]', 'min'),
        ('fine-tuning: iterations saved to reach scratch\'s final loss', "c_ft, c_sc = curve(ft), curve(scratch)", '(it_sc - it_ft) / it_sc', 'min'),
        ('bf16 vs fp32: largest 20-step relative gap of the total loss', "ref, ours, bf16 = (curves[k]", 'bf16_gap', 'max'),
    ],
    '10a_evaluate.estimators.ipynb': [
        ('age estimator MAE (years)', "age_model = train_age_estimator(", "age_model.metrics['mae_age']", 'max'),
        ('gender accuracy, held-out people', "gender_model = train_gender_classifier(", "float((gender_model(image_paths(test_faces, root).tolist()) == test_faces['gender'].astype(str).to_numpy()).mean())", 'min'),
    ],
    '10b_evaluate.identity.ipynb': [
        ('identity: balanced accuracy of verification', "thr = verification_threshold(", "thr['balanced_accuracy']", 'min'),
        ('identity: share of aged faces kept - 2 x false accept', "id_A = identity_report(", "id_A['kept'].mean() - 2 * thr['false_accept']", 'min'),
    ],
    '10e_evaluate.benchmark.ipynb': [
        ('probe MAE, true age (years)', "probe = train_ground_truth_probe(", "probe.metrics['mae_true_age']", 'max'),
        ('probe MAE, background red', "probe = train_ground_truth_probe(", "probe.metrics['mae_bg_r']", 'max'),
        ('benchmark: share in the old range', "bench = ground_truth_benchmark(", "bench['summary']['share in the old range (apparent age >= 55)']", 'min'),
        ('benchmark: mean gain (years)', "bench = ground_truth_benchmark(", "bench['summary']['mean gain']", 'min'),
        ('benchmark: skin tone retained', "bench = ground_truth_benchmark(", "bench['identity'].loc['skin tone', 'retained']", 'min'),
        ('benchmark: background retained', "bench = ground_truth_benchmark(", "bench['identity'].loc['background', 'retained']", 'min'),
        ('benchmark: re-identified outputs / inputs', "bench = ground_truth_benchmark(", "bench['summary']['re-identified, outputs'] / bench['summary']['re-identified, inputs']", 'min'),
    ],
}

def spread(values:list) -> tuple:
    "Mean and sample standard deviation (0 for a single value)."
    return statistics.mean(values), statistics.stdev(values) if len(values) > 1 else 0.0

def threshold(values:list, bound:str) -> float:
    "The suite's rule: the looser of mean -/+ 3 std and 75 % / 125 % of the mean."
    m, s = spread(values)
    return min(m - 3 * s, 0.75 * m) if bound == 'min' else max(m + 3 * s, 1.25 * m)

def measure(nb:Path, seed:int, dest:Path):
    "Run `nb` with FACEAGING_SEED=seed, evaluating each measure after its cell; write {measure: value} to `dest`."
    sys.path.insert(0, str(ROOT/'tools'/'diagnostics'))
    from nbcells import run_cells  # tools/diagnostics/nbcells.py
    todo, res = MEASURES[nb.name], {}
    for _, c, sh, _ in run_cells(nb):
        if sh.exc: print(f'{nb.name} seed {seed}: a cell failed: {str(sh.exc)[:300]}', file=sys.stderr)
        for name, needle, expr, _ in [t for t in todo if t[1] in c.source]:
            try: res[name] = float(eval(expr, sh.user_ns))
            except Exception as e: res[name] = None; print(f'{nb.name} seed {seed}: {name}: {e}', file=sys.stderr)
        if all(name in res for name, *_ in todo): break  # the rest of the notebook measures nothing
    dest.write_text(json.dumps(res))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4])
    ap.add_argument('--jobs', type=int, default=2); ap.add_argument('--measure', nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.measure: return measure(Path(a.notebooks[0]).resolve(), int(a.measure[0]), Path(a.measure[1]))
    nbs = [Path(p) for p in a.notebooks] or [ROOT/'nbs'/n for n in MEASURES]
    tmp = Path(tempfile.mkdtemp())
    env = {**os.environ, 'OMP_NUM_THREADS': str(max(1, (os.cpu_count() or 1) // a.jobs)), 'MPLBACKEND': 'Agg'}
    def one(job):
        nb, seed = job
        out = tmp/f'{nb.stem}.{seed}.json'
        subprocess.run([sys.executable, __file__, str(nb), '--measure', str(seed), str(out)], env={**env, 'FACEAGING_SEED': str(seed)})
        return nb.name, seed, json.loads(out.read_text()) if out.exists() else {}
    jobs = [(nb, s) for nb in nbs for s in a.seeds]
    with ThreadPoolExecutor(a.jobs) as ex: runs = list(ex.map(one, jobs))
    report = json.loads(OUT.read_text()) if OUT.exists() else {}
    for nb in nbs:
        rows = {}
        for name, _, expr, bound in MEASURES[nb.name]:
            vals = {s: r.get(name) for n, s, r in runs if n == nb.name}
            ok = [v for v in vals.values() if v is not None]
            if not ok: print(f'{nb.name}: {name}: not measured'); continue
            m, sd = spread(ok)
            rows[name] = {'expression': expr, 'bound': bound, 'values': {str(s): v for s, v in vals.items()}, 'mean': m, 'std': sd,
                          'min': min(ok), 'max': max(ok), 'threshold': threshold(ok, bound)}
        report[nb.name] = rows
        print(f'\n{nb.name} (seeds {a.seeds})')
        print(f"| measure | values | mean ± std | range | threshold (the looser rule) |\n|---|---|---|---|---|")
        for name, r in rows.items():
            vs = ', '.join('-' if v is None else f'{v:.3g}' for v in r['values'].values())
            print(f"| {name} | {vs} | {r['mean']:.3g} ± {r['std']:.2g} | {r['min']:.3g} - {r['max']:.3g} | {'>=' if r['bound'] == 'min' else '<='} {r['threshold']:.3g} |")
    OUT.write_text(json.dumps(report, indent=1) + '\n')
    print(f'\nwrote {OUT}')

if __name__ == '__main__': main()
