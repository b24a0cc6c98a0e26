#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without quarto (`--check` fails when README is stale)."""
import argparse, base64, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTIVE = re.compile(r'^\s*#\|\s*(.*)$')

def directives(src):
    "The nbdev `#|` directives of a cell, as a set of strings."
    return {m.group(1).strip() for l in src.splitlines() if (m := DIRECTIVE.match(l))}

def strip_directives(src): return '\n'.join(l for l in src.splitlines() if not DIRECTIVE.match(l)).strip('\n')

def output_md(out, name, figs):
    "Markdown for one code-cell output; images are written beside the README."
    if out['output_type'] == 'stream': return f"```\n{''.join(out['text']).rstrip()}\n```"
    data = out.get('data', {})
    if 'image/png' in data:
        figs[name] = base64.b64decode(data['image/png'])
        return f'![]({name})'
    if 'text/markdown' in data: return ''.join(data['text/markdown'])
    if 'text/plain' in data: return f"```\n{''.join(data['text/plain']).rstrip()}\n```"
    return ''

def render(nb_path):
    "Return (markdown, {figure path: png bytes}) for the notebook."
    nb = json.loads(Path(nb_path).read_text())
    parts, figs = [], {}
    for i, cell in enumerate(nb['cells']):
        src = ''.join(cell['source'])
        d = directives(src)
        if 'hide' in d or 'include: false' in d: continue
        if cell['cell_type'] == 'markdown':  # relative links are relative to nbs/, the README sits one level up
            parts.append(re.sub(r'\]\((?!https?:|#|/)([^)]+)\)', r'](nbs/\1)', src.strip())); continue
        if cell['cell_type'] != 'code': continue
        code = strip_directives(src)
        if code and 'echo: false' not in d: parts.append(f'```python\n{code}\n```')
        if 'output: false' in d: continue
        for j, out in enumerate(cell.get('outputs', [])):
            md = output_md(out, f'README_files/cell{i}_{j}.png', figs)
            if md: parts.append(md)
    return '\n\n'.join(p for p in parts if p) + '\n', figs

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--check', action='store_true', help='fail if README.md differs from the notebook')
    args = ap.parse_args()
    text, figs = render(ROOT/'nbs/index.ipynb')
    header = '<!-- Generated from nbs/index.ipynb by `make readme`: edit the notebook, not this file. -->\n\n'
    text = header + text
    readme = ROOT/'README.md'
    if args.check:
        stale = [p for p, b in figs.items() if not (ROOT/p).exists() or (ROOT/p).read_bytes() != b]
        if not readme.exists() or readme.read_text() != text or stale:
            sys.exit('README.md is out of date with nbs/index.ipynb: run `make readme` and commit README.md.')
        print('README.md matches nbs/index.ipynb'); return
    readme.write_text(text)
    for p, b in figs.items():
        (ROOT/p).parent.mkdir(exist_ok=True); (ROOT/p).write_bytes(b)
    print(f'wrote README.md ({len(figs)} figures)')

if __name__ == '__main__': main()
