"""Provenance helpers shared by the scripts that train the shipped models (tools/train_demo_model.py, tools/train_wiki_model.py)."""
import platform, subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def git(*args):
    "The output of `git ARGS` in the repository, or None where git or the repository is missing."
    try: return subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except Exception: return None

def cpu() -> str:
    "The CPU's model name (Linux), else what platform reports."
    try: return next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except Exception: return platform.processor()
