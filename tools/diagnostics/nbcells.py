"""Run a notebook's code cells one at a time, exactly as `make test` runs them (shared by nbtime, determinism and studies/seed_spread)."""
import os, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

def run_cells(nb:Path):
    "Yield (cell index, cell, shell, outputs) after running each tested code cell of `nb` with nbdev's processing and execnb's shell."
    sys.path.insert(0, str(ROOT))
    import torch
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.config import get_config
    from nbdev.process import NBProcessor
    from nbdev.frontmatter import FrontmatterProc
    os.environ['IN_TEST'] = '1'
    torch.use_deterministic_algorithms(True, warn_only=True)  # as tools/test_notebooks.py
    skip = set(get_config().tst_flags.split())
    cells = NBProcessor(nb, procs=FrontmatterProc, process=True).nb.cells
    sh = CaptureShell(nb)
    with working_directory(nb.parent):
        for i, c in enumerate(cells):
            if c.cell_type != 'code' or skip & set((getattr(c, 'directives_', {}) or {}).keys()): continue
            outs = sh.run(c.source)
            yield i, c, sh, outs

def first_line(c) -> str:
    "The first line of a cell's source that is not a directive."
    lines = [l for l in c.source.splitlines() if l.strip()]
    return next((l for l in lines if not l.startswith('#|')), lines[0] if lines else '')
