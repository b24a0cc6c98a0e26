#!/usr/bin/env python
"""Build the docs site from the notebooks: nbdev's processed notebooks, rendered by quarto where it is installed
(the deploy workflow, Colab) and otherwise into an offline static preview with the same pages.

  python tools/docs.py proc              nbdev's notebook processing only (what `make test` checks); exit 1 on an error
  python tools/docs.py build             _docs/: `nbdev_docs` (quarto) when quarto is on PATH, else the offline preview
  python tools/docs.py build --preview   the offline preview even where quarto exists

The processing is nbdev's own (`_pre_docs` without its quarto installer, which wants sudo and then pip-installs this
project into whatever `pip` is first on PATH): `show_doc` cells are added and run, directives applied, frontmatter made,
exactly as `nbdev_docs` does before quarto. The preview then renders each processed notebook in the sidebar's order
to `_docs/<page>.html` (the page names quarto gives them), with saved outputs and figures, and links between chapters
made relative so they work from the file system. `_docs/BUILT_WITH` says which builder ran.
"""
import argparse, html, json, re, shutil, subprocess, sys, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS, PROC, OUT = ROOT/'nbs', ROOT/'_proc', ROOT/'_docs'
DIRECTIVE = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')
ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')


def mixed_import_cells() -> list:
    "Cells nbdev runs when it renders the docs because they import, but that also run other code (nbdev's FAQ: keep imports in cells of their own)."
    from execnb.nbio import read_nb
    from nbdev.process import NBProcessor
    from nbdev.processors import _do_eval
    found = []
    for p in sorted(NBS.glob('*.ipynb')):
        for c in NBProcessor(p, [], nb=read_nb(p)).nb.cells:
            if c.cell_type != 'code' or not c.source or c.directives_.keys() & {'export', 'exports', 'exporti', 'exec_doc'}: continue
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter('always')
                if _do_eval(c) and w: found.append((p.name, c.idx_, c.source.strip().splitlines()[0][:70]))
    return found


def check_workflows() -> list:
    "Problems with the GitHub workflows: deploy is nbdev's standard (quarto-ghp on GitHub's runners) on the Python that tests run on."
    import yaml
    wf = ROOT/'.github'/'workflows'
    try: deploy, test = (yaml.safe_load((wf/n).read_text()) for n in ('deploy.yaml', 'test.yaml'))
    except (OSError, yaml.YAMLError) as e: return [f'a workflow does not parse: {e}']
    steps = lambda w: [s for j in (w or {}).get('jobs', {}).values() for s in j.get('steps', [])]
    ghp = [s for s in steps(deploy) if str(s.get('uses', '')).startswith('fastai/workflows/quarto-ghp@')]
    py = [str(s.get('with', {}).get('python-version')) for s in steps(test) if str(s.get('uses', '')).startswith('actions/setup-python@')]
    problems = []
    if not ghp: problems.append('deploy.yaml does not build the site with fastai/workflows/quarto-ghp (nbdev_docs with quarto)')
    elif py and str(ghp[0].get('with', {}).get('version')) != py[0]:
        problems.append(f"deploy.yaml builds on Python {ghp[0].get('with', {}).get('version')}, the tests run on {py[0]}")
    if (deploy.get('on', deploy.get(True)) or {}).get('push', {}).get('branches') != ['main']: problems.append('deploy.yaml does not run on pushes to main')
    runs = ' '.join(str(s.get('run', '')) for s in steps(test))
    problems += [f'test.yaml does not run `{c}`' for c in ('make test', 'make docs-check') if c not in runs]
    return problems


def proc(n_workers: int = 2) -> Path:
    "Run nbdev's docs processing into _proc/ (no quarto needed); one line per problem and exit 1 when it fails."
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks
    mixed = mixed_import_cells()
    for name, idx, first in mixed:
        print(f'docs: nbs/{name} cell {idx} mixes imports with other code; nbdev runs it when rendering the docs: '
              f'move the imports into a cell of their own ({first!r})')
    workflows = check_workflows()
    for p in workflows: print(f'docs: {p}')
    if mixed or workflows: sys.exit(1)
    cfg = get_config()
    refresh_quarto_yml(); nbdev.doclinks._build_modidx(); nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    try: cache = proc_nbs(cfg.nbs_path, n_workers=n_workers)
    except Exception as e:  # nbdev's message names the notebook and cell; the cause is the executed cell's exception
        cause = e.__cause__ or e.__context__
        print(f'docs: nbdev could not process the notebooks: {str(e).splitlines()[0]} '
              f'{type(cause).__name__ + ": " + str(cause) if cause else ""}'.rstrip())
        sys.exit(1)
    print(f'docs: processed {len(list(cache.glob("*.ipynb")))} notebooks into {cache.relative_to(ROOT)}/')
    return cache


# ---------------------------------------------------------------- the offline preview
def pandoc_id(text: str) -> str:
    "The id pandoc (and so quarto) gives a heading: lower case, spaces to hyphens, punctuation but _-. dropped, up to the first letter dropped."
    s = re.sub(r'<[^>]+>', '', text).lower()
    s = re.sub(r'[^\w\s.-]', '', s)
    s = re.sub(r'\s+', '-', s.strip())
    s = re.sub(r'^[^a-z]+', '', s)
    return s or 'section'


class Renderer:
    "Markdown to HTML as quarto shows it, closely enough for a preview: commonmark, tables, highlighted code, pandoc heading ids."
    def __init__(self, site_prefix: str, pages: dict):
        from markdown_it import MarkdownIt
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name, TextLexer
        self.site_prefix, self.pages, self.ids = site_prefix, pages, {}
        def hl(code, lang, attrs):
            try: lexer = get_lexer_by_name(lang or 'python')
            except Exception: lexer = TextLexer()
            return highlight(code, lexer, HtmlFormatter(nowrap=True))
        self.md = MarkdownIt('commonmark', {'html': True, 'highlight': hl}).enable(['table', 'strikethrough'])
        self.md.add_render_rule('heading_open', lambda renderer, tokens, idx, options, env: self._heading_open(tokens, idx, options, env))
        self.highlight = lambda code, lang='python': hl(code, lang, None)

    def _heading_open(self, tokens, idx, options, env):
        inline = tokens[idx + 1]
        base = pandoc_id(''.join(t.content for t in (inline.children or []) if t.type in ('text', 'code_inline')))
        n = self.ids.get(base, 0); self.ids[base] = n + 1
        return f'<{tokens[idx].tag} id="{base if n == 0 else f"{base}-{n}"}">'

    def link(self, url: str) -> str:
        "A link as the preview needs it: the published site's pages and notebooks become the preview's pages, relative."
        if url.startswith(self.site_prefix): url = url[len(self.site_prefix):] or 'index.html'
        m = re.match(r'^([\w.-]+)\.ipynb(#.*)?$', url)
        if m and m.group(1) + '.ipynb' in self.pages: url = self.pages[m.group(1) + '.ipynb'] + (m.group(2) or '')
        return url

    def markdown(self, text: str) -> str:
        "Render quarto-flavoured markdown: link attributes `{target=...}` and `:::` blocks are turned into HTML first."
        text = re.sub(r'\[([^\]]*)\]\(([^)\s]+)\)\{([^}]*)\}',
                      lambda m: f'<a href="{html.escape(self.link(m.group(2)))}" class="source-link">{m.group(1)}</a>', text)
        text = re.sub(r'^:::+\s*\{?\.?([\w-]+)[^\n]*$', lambda m: f'<div class="{m.group(1)}">\n', text, flags=re.M)
        text = re.sub(r'^:::+\s*$', '\n</div>', text, flags=re.M)
        out = self.md.render(text)
        return re.sub(r'(href|src)="([^"]+)"', lambda m: f'{m.group(1)}="{html.escape(self.link(html.unescape(m.group(2))))}"', out)


def directives(src: str):
    "A cell's `#|` directives as a dict, and its source without them."
    d, lines = {}, []
    for l in src.splitlines():
        m = DIRECTIVE.match(l)
        if m and not lines: d[m.group(1)] = m.group(2) or 'true'
        else: lines.append(l)
    return d, '\n'.join(lines).strip('\n')


def output_html(out: dict, asis: bool, r: Renderer) -> str:
    "One saved output in quarto's classes: streams as text, images inline, DataFrames as their HTML, show_doc as markdown."
    kind = out['output_type']
    if kind == 'stream':
        text = ANSI.sub('', ''.join(out['text'])).rstrip('\n')
        return f'<div class="cell-output cell-output-{out.get("name", "stdout")}"><pre><code>{html.escape(text)}</code></pre></div>'
    if kind == 'error':
        text = ANSI.sub('', '\n'.join(out.get('traceback', [])))
        return f'<div class="cell-output cell-output-error"><pre><code>{html.escape(text)}</code></pre></div>'
    data = out.get('data', {})
    if asis and 'text/markdown' in data: return f'<div class="doc">{r.markdown("".join(data["text/markdown"]))}</div>'
    for mime in ('image/png', 'image/jpeg'):
        if mime in data:
            b64 = ''.join(data[mime]).replace('\n', '')
            return f'<div class="cell-output cell-output-display"><img src="data:{mime};base64,{b64}" alt="figure"></div>'
    if 'image/svg+xml' in data: return f'<div class="cell-output cell-output-display">{"".join(data["image/svg+xml"])}</div>'
    if 'text/html' in data: return f'<div class="cell-output cell-output-display">{"".join(data["text/html"])}</div>'
    if 'text/markdown' in data: return f'<div class="cell-output cell-output-display">{r.markdown("".join(data["text/markdown"]))}</div>'
    if 'text/plain' in data:
        return f'<div class="cell-output cell-output-display"><pre><code>{html.escape(ANSI.sub("", "".join(data["text/plain"])))}</code></pre></div>'
    return ''


def frontmatter(nb: dict) -> dict:
    "The YAML frontmatter nbdev put in the processed notebook's first raw cell."
    import yaml
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and src.startswith('---'): return yaml.safe_load(src.strip().strip('-')) or {}
    return {}


def page_name(nb_path: Path) -> str:
    "The page quarto writes a processed notebook to."
    return frontmatter(json.loads(nb_path.read_text())).get('output-file') or nb_path.stem + '.html'


def render_page(nb_path: Path, r: Renderer) -> tuple:
    "The HTML body of one processed notebook, and its title; each code cell carries its notebook index (data-nb-cell)."
    nb = json.loads(nb_path.read_text())
    fm, parts, r.ids = frontmatter(nb), [], {}
    for i, c in enumerate(nb['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            if src.strip().startswith('<!-- WARNING'): continue
            parts.append(r.markdown(src)); continue
        if c['cell_type'] != 'code': continue
        d, code = directives(src)
        if 'hide' in d or d.get('include') == 'false': continue
        body = ''
        if code and d.get('echo') != 'false':
            pre = f'<pre class="sourceCode"><code>{r.highlight(code)}</code></pre>'
            body += f'<details class="cell-code"><summary>Code</summary>{pre}</details>' if d.get('code-fold') in ('true', 'show') \
                else f'<div class="cell-code">{pre}</div>'
        if d.get('output') != 'false':
            body += ''.join(output_html(o, d.get('output') == 'asis', r) for o in c.get('outputs', []))
        if body: parts.append(f'<div class="cell" data-nb-cell="{i}">{body}</div>')
    title = fm.get('title', nb_path.stem)
    head = f'<h1 class="title">{html.escape(title)}</h1>'
    if fm.get('description'): head += f'<p class="description">{html.escape(fm["description"])}</p>'
    return title, head + '\n'.join(parts)


CSS = """
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529}
nav{position:fixed;top:0;bottom:0;left:0;width:250px;overflow-y:auto;background:#f7f7f9;border-right:1px solid #dee2e6;padding:1rem;box-sizing:border-box;font-size:14px}
nav a{display:block;padding:.2rem .4rem;color:#2780e3;text-decoration:none;border-radius:4px}
nav a.active{background:#2780e3;color:#fff}
nav .site{font-weight:700;font-size:18px;margin-bottom:.6rem;color:#212529}
nav .built{margin-top:1rem;color:#6c757d;font-size:12px}
main{margin-left:250px;padding:1.5rem 2.5rem;max-width:960px}
h1.title{margin-bottom:.2rem} p.description{color:#6c757d;margin-top:0}
pre{background:#f8f9fa;border:1px solid #e9ecef;border-radius:4px;padding:.6rem;overflow-x:auto;font-size:13.5px;line-height:1.4}
.cell-output pre{background:#fff;border-color:#fff;padding:.3rem .6rem}
.cell-output-error pre,.cell-output-stderr pre{background:#fff5f5;border-color:#f5c2c7}
.cell-output img{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:14px;margin:.6rem 0} th,td{border-bottom:1px solid #dee2e6;padding:.25rem .6rem;text-align:left}
code{font-size:90%} .doc{margin:1rem 0} .doc hr{border:0;border-top:1px solid #dee2e6}
a.source-link{float:right;font-size:smaller}
.callout-note,.callout-tip,.callout-warning,.callout-important{border-left:4px solid #2780e3;padding:.2rem 1rem;background:#f3f8fd;margin:1rem 0}
"""


def preview(proc_dir: Path = PROC, out: Path = OUT) -> list:
    "Render every processed notebook into a static site at `out`, chapters in the sidebar's order; returns the pages written."
    import yaml
    from nbdev.config import get_config
    from pygments.formatters import HtmlFormatter
    cfg = get_config()
    order = [e for e in yaml.safe_load((NBS/'sidebar.yml').read_text())['website']['sidebar']['contents'] if str(e).endswith('.ipynb')]
    pages = {nb: page_name(proc_dir/nb) for nb in order}
    r = Renderer(cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/') + '/', pages)
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    for f in proc_dir.rglob('*'):  # images and other files the pages link to
        if f.is_file() and f.suffix not in ('.ipynb', '.yml', '.qmd') and not f.name.startswith('.'):
            (out/f.relative_to(proc_dir)).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, out/f.relative_to(proc_dir))
    (out/'pygments.css').write_text(CSS + HtmlFormatter().get_style_defs('pre code'))
    rendered = {nb: render_page(proc_dir/nb, r) for nb in order}
    for nb, (title, body) in rendered.items():
        side = ''.join(f'<a href="{pages[o]}"{" class=active" if o == nb else ""}>{html.escape(rendered[o][0])}</a>' for o in order)
        (out/pages[nb]).write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} – {cfg.title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="pygments.css"></head>'
            f'<body><nav><a class="site" href="index.html">{cfg.title}</a>{side}'
            f'<div class="built">Offline preview of the docs site (tools/docs.py); the published site is built by quarto.</div></nav>'
            f'<main>{body}</main></body></html>\n')
    (out/'BUILT_WITH').write_text('offline preview (tools/docs.py: nbdev processing, then static HTML; quarto not used)\n')
    return [out/pages[nb] for nb in order]


def build(force_preview: bool = False, n_workers: int = 2):
    "Quarto's site via `nbdev_docs` where quarto is installed; else nbdev's processing and the offline preview."
    if shutil.which('quarto') and not force_preview:
        subprocess.run([str(Path(sys.executable).parent/'nbdev_docs'), '--n_workers', str(n_workers)], check=True, cwd=ROOT)
        (OUT/'BUILT_WITH').write_text('quarto (nbdev_docs)\n')
        print(f'docs: built the site with quarto (nbdev_docs) into {OUT.relative_to(ROOT)}/')
        return
    proc(n_workers)
    written = preview()
    print(f'docs: quarto {"skipped (--preview)" if shutil.which("quarto") else "not found"}: built the offline preview, '
          f'{len(written)} pages, into {OUT.relative_to(ROOT)}/ (open {OUT.relative_to(ROOT)}/index.html)')


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('what', choices=['proc', 'build'])
    ap.add_argument('--preview', action='store_true', help='build the offline preview even where quarto exists')
    ap.add_argument('--n_workers', type=int, default=2)
    a = ap.parse_args()
    if a.what == 'proc': proc(a.n_workers)
    else: build(a.preview, a.n_workers)
