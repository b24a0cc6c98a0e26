"""Run a notebook's tests with execnb alone, as nbdev's `test_nb` does, for environments without nbdev 2.

nbdev 3 reads its settings from pyproject.toml and refuses this project's settings.ini (the design card's nbdev 2
layout), so `make test-latest` (the newest fastai and fastcore, which nbdev 2's dependencies hold back) runs the same
cells with execnb: every code cell in order, except those marked `#| eval: false` or with one of the skip flags,
in the notebook's folder, stopping at the first error. nbdev 3's `show_doc` is given an empty config (see _SETUP).
"""
import configparser, os, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs import directives  # noqa: E402  (one parser of `#|` directives for the tools)


def settings(root: Path) -> dict:
    "What the runner needs from settings.ini, read without nbdev: the notebooks' folder and the test flags."
    cp = configparser.ConfigParser(); cp.read(root/'settings.ini')
    d = cp['DEFAULT']
    return {'nbs_path': root/d.get('nbs_path', 'nbs'), 'tst_flags': d.get('tst_flags', '').split()}


def _skip(cell, flags) -> bool:
    "Whether nbdev's test_nb would skip this cell: not code, `nbdev_export()`, `#| eval: false`, or a skip flag."
    if cell.cell_type != 'code': return True
    if 'nbdev_export' + '(' in cell.source: return True
    d = directives(cell.source)[0]
    return d.get('eval', '').lower() == 'false' or bool(set(flags) & set(d))


# nbdev 3's show_doc asks nbdev's config for a renderer, and the config refuses settings.ini: give it an empty config
# (the default renderer). Run in the notebook's shell before its cells; nothing else of nbdev is used by the notebooks.
_SETUP = """
try:
    import nbdev.showdoc as _sd
    _sd.get_config = lambda *a, **k: {}
except ImportError: pass
"""


def test_nb(fn, skip_flags=None, basepath=None):
    "Run notebook `fn`'s cells as nbdev's test_nb does; returns (passed, seconds)."
    try: from execnb.nbio import read_nb  # execnb < 0.3
    except ImportError: from fastcore.nbio import read_nb  # execnb 0.3 moved it into fastcore 2
    from execnb.shell import CaptureShell
    fn = Path(fn)
    if basepath: sys.path.insert(0, str(basepath))
    os.environ['IN_TEST'] = '1'
    nb = read_nb(fn)
    start, k = time.time(), CaptureShell(fn)
    k.run_cell(_SETUP)
    cwd = os.getcwd()
    try:
        os.chdir(fn.parent)
        k.run_all(nb, exc_stop=True, preproc=lambda c: _skip(c, skip_flags or []))
        ok = True
    except Exception:
        sys.stderr.write(k.prettytb(fname=fn) + '\n'); ok = False
    finally: os.chdir(cwd)
    return ok, time.time() - start
