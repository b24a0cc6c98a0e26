"""What the target-age reading studies share: each (label, run folder) job in a process of its own, with its own torch
threads, a few at a time; each result reported as it comes; the results merged into the study's JSON by label."""
import json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def run_jobs(script:str, # the study's own file: run again as `script --one LABEL RUN OUT ...extra`
             jobs:list, # (label, run folder or '-' for the shipped model) pairs
             threads:int, # torch threads of each process
             n_jobs:int, # processes at a time
             extra:list, # more arguments for each process (e.g. ['--quick'])
             report, # result -> one line printed when it comes
            ) -> list: # the results that came (a failed job is named on stderr and left out)
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)}
    with tempfile.TemporaryDirectory() as d:
        def go(job):
            out = Path(d)/f'{job[0]}.json'
            r = subprocess.run([sys.executable, script, '--one', *job, str(out), '--threads', str(threads), *extra], env=env)
            if r.returncode: print(f'{job[0]}: failed', file=sys.stderr); return None
            res = json.loads(out.read_text())
            print(report(res), flush=True)
            return res
        with ThreadPoolExecutor(n_jobs) as ex: return [r for r in ex.map(go, jobs) if r]


def record(out:Path, # the study's JSON
           results:list, # results with a 'label' each
          ):
    "Merge `results` into `out` by label (a label measured again replaces its record)."
    old = json.loads(out.read_text()) if out.exists() else {}
    old.update({r['label']: r for r in results})
    out.write_text(json.dumps(old, indent=1)); print(f'wrote {out}')
