#!/usr/bin/env python
"""Open every page of the built docs site (`make docs`) in headless Chromium and fail on what a reader would see broken.

Per page, in a real browser (Chromium's DevTools protocol over a pipe; no extra Python package):
- a link to a page or file of the site that does not exist, or to an anchor (#id) that the target page lacks;
- an image that did not load (a file missing, or a broken inline figure), or a request of the page that failed;
- a Python traceback in an output, or an output that shows nothing (a `<style>` alone, fastprogress's, is not counted);
- a cell that draws a figure (tools/check_outputs.py's rule) whose figure is not on the page;
- a `show_doc` that rendered nothing: its heading missing, or no signature or docstring under it;
- a JavaScript error.
And for the whole site: every name a module exports (`__all__`) has its own documented section on its chapter's page,
with its docstring and, for functions and classes, every parameter by name with its docment.

  python tools/docs_check.py [--site _docs] [--screenshots DIR]    exit 1 when anything is found; DIR gets index.png and train.png

Links off the site (GitHub, Colab, papers) are counted, not followed: the machines that run this have no internet.
"""
import argparse, base64, importlib, inspect, json, os, re, shutil, sys, tempfile, time
from pathlib import Path
from urllib.parse import urlparse, unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from check_outputs import draws  # noqa: E402
from docs import PROC, directives, page_name, pandoc_id  # noqa: E402


class Chromium:
    "Headless Chromium driven through the DevTools protocol on fds 3 and 4 (--remote-debugging-pipe)."
    def __init__(self, width=1280, height=900):
        exe = next((shutil.which(n) for n in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(n)), None)
        if exe is None: sys.exit('docs-check: chromium not found: run `make browser` (apt-get install chromium) first')
        self.profile = tempfile.mkdtemp(prefix='docs-check-')
        to_r, self.to_w = os.pipe(); self.from_r, from_w = os.pipe()
        args = [exe, '--headless=new', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--no-first-run',
                '--disable-extensions', '--hide-scrollbars', f'--window-size={width},{height}', f'--user-data-dir={self.profile}',
                'about:blank']
        devnull = os.open(os.devnull, os.O_WRONLY)
        self.pid = os.posix_spawn(exe, args, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, to_r, 3), (os.POSIX_SPAWN_DUP2, from_w, 4),
            (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        for fd in (to_r, from_w, devnull): os.close(fd)
        self.buf, self.next_id, self.events = b'', 0, []
        target = self.call('Target.createTarget', url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', targetId=target, flatten=True)['sessionId']
        for domain in ('Page', 'Runtime', 'Network', 'Log'): self.call(f'{domain}.enable', session=True)
        self.call('Emulation.setDeviceMetricsOverride', session=True, width=width, height=height, deviceScaleFactor=1, mobile=False)

    def _read(self, timeout=60):
        end = time.time() + timeout
        while b'\0' not in self.buf:
            if time.time() > end: raise TimeoutError('chromium did not answer in time')
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk: raise RuntimeError('chromium closed the DevTools pipe')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def call(self, method, session=False, timeout=60, **params):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params}
        if session: msg['sessionId'] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b'\0')
        while True:
            m = self._read(timeout)
            if m.get('id') == self.next_id:
                if 'error' in m: raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            self.events.append(m)

    def wait_event(self, method, timeout=60):
        end = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get('method') == method: return self.events.pop(i)
            self.events.append(self._read(max(0.1, end - time.time())))

    def open(self, url):
        "Load `url` and wait until it and its images have loaded; returns the failures seen while loading."
        self.events = []
        self.call('Page.navigate', session=True, url=url)
        self.wait_event('Page.loadEventFired')
        self.eval('Promise.all([...document.images].map(i => i.decode().catch(() => null)))')
        seen = self.events; self.events = []
        failed = [m['params'] for m in seen if m.get('method') == 'Network.loadingFailed']
        errors = [m['params']['exceptionDetails'] for m in seen if m.get('method') == 'Runtime.exceptionThrown']
        return failed, errors

    def eval(self, js):
        r = self.call('Runtime.evaluate', session=True, expression=js, awaitPromise=True, returnByValue=True)
        if 'exceptionDetails' in r: raise RuntimeError(f'page script failed: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def screenshot(self, path, scroll_to=None):
        if scroll_to: self.eval(f'(() => {{ const e = document.querySelector({json.dumps(scroll_to)}); if (e) e.scrollIntoView(); }})()')
        Path(path).write_bytes(base64.b64decode(self.call('Page.captureScreenshot', session=True, format='png')['data']))

    def close(self):
        try: self.call('Browser.close', timeout=10)
        except Exception: pass
        try: os.waitpid(self.pid, 0)
        except ChildProcessError: pass
        shutil.rmtree(self.profile, ignore_errors=True)


# What the page shows, collected in the browser: links, images, outputs, and the text of each documented section.
COLLECT = r"""(() => {
  const txt = e => (e.innerText || '').trim();
  const sections = {};
  document.querySelectorAll('h2[id],h3[id],h4[id]').forEach(h => {
    let t = '', sig = false, n = h.nextElementSibling;
    while (n && !/^(H[1-4]|HR)$/.test(n.tagName)) { t += '\n' + txt(n); if (n.tagName == 'PRE' || n.querySelector('pre')) sig = true; n = n.nextElementSibling; }
    sections[h.id] = {title: txt(h), text: t, signature: sig, visible: h.offsetHeight > 0};
  });
  return {
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    images: [...document.images].map(i => ({src: i.src.slice(0, 80), ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth})),
    outputs: [...document.querySelectorAll('.cell-output')].map(o => ({text: txt(o), media: o.querySelectorAll('img,svg,table,canvas').length,
                                                                      style: o.querySelectorAll('style').length,
                                                                      cell: (o.closest('[data-nb-cell]') || {dataset: {}}).dataset.nbCell,
                                                                      error: o.classList.contains('cell-output-error')})),
    cells: Object.fromEntries([...document.querySelectorAll('.cell[data-nb-cell]')].map(c =>
             [c.dataset.nbCell, [...c.querySelectorAll('.cell-output img')].filter(i => i.complete && i.naturalWidth > 0).length])),
    sections: sections,
    height: document.body.scrollHeight,
  };
})()"""


def notebook_expectations(nb_path: Path) -> dict:
    "From a processed notebook: which visible cells draw a figure, and the show_doc sections it renders."
    nb = json.loads(nb_path.read_text())
    figures, docs = [], []
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        src = ''.join(c['source'])
        d = directives(src)[0]
        if 'hide' in d or d.get('include') == 'false' or d.get('output') == 'false' or 'export' in d: continue
        if re.search(r'^show_doc\(', src, re.M):
            md = ''.join(''.join(o.get('data', {}).get('text/markdown', '')) for o in c.get('outputs', []))
            m = re.search(r'^#{2,4} (.+)$', md, re.M)
            docs.append((i, pandoc_id(m.group(1)) if m else None, src.strip().splitlines()[-1]))
        elif draws(src): figures.append((i, src.strip().splitlines()[-1][:60]))
    return {'figures': figures, 'docs': docs}


def exported_names() -> dict:
    "Every name each faceaging module exports, with the page and anchor nbdev links it to."
    idx = importlib.import_module('faceaging._modidx').d['syms']
    out = {}
    for mod_name, syms in sorted(idx.items()):
        if mod_name == 'faceaging.all': continue
        mod = importlib.import_module(mod_name)
        for name in getattr(mod, '__all__', []):
            link = syms.get(f'{mod_name}.{name}', (None,))[0]
            out[f'{mod_name}.{name}'] = (getattr(mod, name), link)
    return out


def own_params(obj) -> list:
    "The parameters a faceaging function or class defines itself (not those it takes over from fastai or torch with **kwargs or by inheritance)."
    import ast, textwrap
    f = obj.__init__ if inspect.isclass(obj) else obj
    f = inspect.unwrap(f)
    if not getattr(f, '__module__', '').startswith('faceaging'): return []
    try: tree = ast.parse(textwrap.dedent(inspect.getsource(f)))
    except (OSError, TypeError, SyntaxError): return []
    node = next(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    a = node.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ('self', 'cls')]


def param_docs(obj) -> dict:
    "Parameter name -> docment (or None) for the parameters the object defines itself, as show_doc shows them."
    from fastcore.docments import docments
    try: d = docments(obj, full=True)
    except Exception: return {}
    return {k: d[k]['docment'] if k in d else None for k in own_params(obj)}


def plain(text: str) -> str:
    "Text without markdown's marks and with single spaces, to compare a docstring with what the page shows."
    return re.sub(r'\s+', ' ', re.sub(r'[`*]', '', text)).strip()


def module_pages() -> dict:
    "Module name -> the page of the notebook that exports it (its `#| default_exp`)."
    out = {}
    for p in (ROOT/'nbs').glob('*.ipynb'):
        m = re.search(r'#\|\s*default_exp\s+([\w.]+)', p.read_text())
        if m and (PROC/p.name).exists(): out['faceaging.' + m.group(1)] = page_name(PROC/p.name)
    return out


def check_exports(pages: dict, problems: list) -> int:
    "Each exported name: a section on its page, with the docstring and each parameter's name and docment."
    n, mod_pages = 0, module_pages()
    for full, (obj, link) in exported_names().items():
        n += 1
        mod_name, name = full.rsplit('.', 1)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):  # a constant: named on its chapter's page
            page = mod_pages.get(mod_name)
            if page not in pages: problems.append(f'{full}: no page for {mod_name}')
            elif name not in pages[page]['text']: problems.append(f'{full}: the constant is not named on {page}')
            continue
        if link is None: problems.append(f'{full}: nbdev has no link for it (not in _modidx): re-run nbdev_export'); continue
        page, _, anchor = link.rpartition('/')[2].partition('#')
        info = pages.get(page)
        if info is None: problems.append(f'{full}: its page {page} was not built'); continue
        sec = info['sections'].get(anchor)
        if sec is None: problems.append(f'{full}: no documented section #{anchor} on {page} (add show_doc({name}) after its cell)'); continue
        doc = (inspect.getdoc(obj) or '').strip()
        if not doc: problems.append(f'{full}: no docstring ({page}#{anchor})')
        elif plain(doc.splitlines()[0])[:40] not in plain(sec['text']):
            problems.append(f'{full}: its docstring is not shown on {page}#{anchor}')
        if not sec['signature']: problems.append(f'{full}: no signature under {page}#{anchor}')
        if inspect.isclass(obj):  # the methods users call: public, defined here, neither `forward` nor a fastai callback event
            from fastai.callback.core import _events
            for m, f in vars(obj).items():
                if m.startswith('_') or m == 'forward' or m in _events or not inspect.isfunction(f): continue
                msec = info['sections'].get(f'{name}.{m}'.lower())
                if msec is None: problems.append(f'{full}.{m}: no documented section on {page} (add show_doc({name}.{m}))'); continue
                for p, dm in param_docs(f).items():
                    if not dm: problems.append(f'{full}.{m}: parameter `{p}` has no docment')
        for p, dm in param_docs(obj).items():
            if not dm: problems.append(f'{full}: parameter `{p}` has no docment (a `# comment` after it in the signature)')
            elif p not in sec['text']: problems.append(f'{full}: parameter `{p}` is not shown on {page}#{anchor}')
    return n


def check_pages(browser: Chromium, site: Path, page_nb: dict, prefix: str) -> tuple:
    "Open each page of `site` (page name -> its processed notebook); returns (what each page showed, problems, table rows, off-site links)."
    pages, problems, rows = {}, [], []
    for page, nb in page_nb.items():
        if not (site/page).exists(): problems.append(f'{page}: not built (from {nb.name})'); continue
        failed, errors = browser.open((site/page).as_uri())
        info = browser.eval(COLLECT); info['text'] = browser.eval('document.body.innerText')
        pages[page] = info
        probs = [f'request failed: {f.get("errorText")} ({f.get("type")})' for f in failed]
        probs += [f'JavaScript error: {e.get("text")} {e.get("exception", {}).get("description", "")[:100]}' for e in errors]
        probs += [f'image did not load: {im["src"]}' for im in info['images'] if not im['ok']]
        for o in info['outputs']:
            if o['error'] or 'Traceback (most recent call last)' in o['text']: probs.append(f'cell {o["cell"]}: traceback in an output: {o["text"][:120]!r}')
            elif not o['text'] and not o['media'] and not o['style']: probs.append(f'cell {o["cell"]}: an output that shows nothing')
        exp = notebook_expectations(nb)
        for i, first in exp['figures']:
            if info['cells'] and info['cells'].get(str(i), 0) == 0: probs.append(f'cell {i} draws a figure that is not on the page ({first!r})')
        if not info['cells'] and len([im for im in info['images'] if im['ok']]) < len(exp['figures']):
            probs.append(f'{len(exp["figures"])} cells draw figures, {len(info["images"])} images on the page')
        for i, anchor, src in exp['docs']:
            sec = info['sections'].get(anchor) if anchor else None
            if sec is None or not sec['visible']: probs.append(f'cell {i}: {src} rendered nothing')
            elif not sec['signature'] or len(sec['text'].strip()) < 5: probs.append(f'cell {i}: {src} shows no signature or docstring')
        srcs = [src for _, _, src in exp['docs']]
        probs += [f'{x} is shown twice' for x in sorted({x for x in srcs if srcs.count(x) > 1})]
        problems += [f'{page}: {p}' for p in probs]
        rows.append((page, len(info['links']), len(info['images']), len(exp['figures']), len(exp['docs']), len(probs)))
    off_site = 0  # links, once every page's ids are known
    for page, info in pages.items():
        for href in info['links']:
            if href.startswith(prefix): href = (site/href[len(prefix):]).as_uri()
            u = urlparse(href)
            if u.scheme in ('http', 'https', 'mailto'): off_site += 1; continue
            if u.scheme != 'file': problems.append(f'{page}: link {href} uses an unknown scheme'); continue
            target = Path(unquote(u.path))
            if target.is_dir(): target = target/'index.html'
            if not target.exists():
                problems.append(f'{page}: broken link to {target.relative_to(site) if target.is_relative_to(site) else target}'); continue
            if u.fragment and target.suffix == '.html':
                ids = pages.get(target.name, {}).get('ids')
                if ids is not None and unquote(u.fragment) not in ids:
                    problems.append(f'{page}: link to {target.name}#{u.fragment}: no such anchor on that page')
    return pages, problems, rows, off_site


SELF_TEST_PAGE = """<!DOCTYPE html><html><body><main>
<a href="missing.html">a page that is not there</a> <a href="page.html#nowhere">an anchor that is not there</a>
<a href="page.html#ok">an anchor that is</a> <h2 id="ok">ok</h2>
<img src="missing.png">
<div class="cell" data-nb-cell="1"><div class="cell-code"><pre>plt.plot([1, 2])</pre></div></div>
<div class="cell" data-nb-cell="3"><div class="cell-output cell-output-stdout"><pre>Traceback (most recent call last):
  File "x", line 1</pre></div></div>
<div class="cell" data-nb-cell="4"><div class="cell-output cell-output-display"></div></div>
<div class="cell" data-nb-cell="5"><div class="cell-output cell-output-display"><style>p{}</style></div></div>
</main></body></html>"""


def self_test(browser: Chromium) -> bool:
    "The check finds each kind of problem it looks for in a page made to have them all (and nothing else)."
    import nbformat
    d = Path(tempfile.mkdtemp(prefix='docs-check-self-'))
    try:
        (d/'page.html').write_text(SELF_TEST_PAGE)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell('# t'), nbformat.v4.new_code_cell('plt.plot([1, 2])'),
            nbformat.v4.new_code_cell('#| echo: false\n#| output: asis\nshow_doc(f)', outputs=[nbformat.v4.new_output(
                'display_data', data={'text/markdown': '---\n\n### f\n\n```python\ndef f(x)\n```\n\n*Does f.*'})]),
            nbformat.v4.new_code_cell('1/0'), nbformat.v4.new_code_cell('print()'), nbformat.v4.new_code_cell('progress()')])
        nbformat.write(nb, d/'page.ipynb')
        _, problems, _, _ = check_pages(browser, d, {'page.html': d/'page.ipynb'}, 'https://example.org/site/')
    finally: shutil.rmtree(d, ignore_errors=True)
    expected = ['broken link to missing.html', 'page.html#nowhere: no such anchor', 'image did not load', 'cell 1 draws a figure that is not on the page',
                'cell 2: show_doc(f) rendered nothing', 'cell 3: traceback in an output', 'cell 4: an output that shows nothing']
    found = [e for e in expected if any(e in p for p in problems)]
    extra = [p for p in problems if not any(e in p for e in expected) and 'request failed' not in p]
    for e in expected: print(f'self-test: {"found  " if e in found else "MISSED "} {e}')
    for p in extra: print(f'self-test: UNEXPECTED {p}')
    return len(found) == len(expected) and not extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--site', type=Path, default=ROOT/'_docs')
    ap.add_argument('--screenshots', type=Path, default=None)
    ap.add_argument('--self-test', action='store_true', help='first check that the check finds each kind of problem on a page made to have them')
    a = ap.parse_args()
    site = a.site.resolve()
    if not (site/'index.html').exists(): sys.exit(f'docs-check: {site}/index.html not found: run `make docs` first')
    from nbdev.config import get_config
    cfg = get_config()
    prefix = cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/') + '/'
    page_nb = {page_name(p): p for p in sorted(PROC.glob('*.ipynb'))}
    browser = Chromium()
    try:
        if a.self_test and not self_test(browser): sys.exit('docs-check: the self-test failed: the check would miss problems')
        pages, problems, rows, off_site = check_pages(browser, site, page_nb, prefix)
        n_exports = check_exports(pages, problems)
        if a.screenshots:
            a.screenshots.mkdir(parents=True, exist_ok=True)
            browser.open((site/'index.html').as_uri()); browser.screenshot(a.screenshots/'index.png')
            train = next((p for p, nb in page_nb.items() if nb.name.startswith('08_')), None)
            if train:
                browser.open((site/train).as_uri()); browser.screenshot(a.screenshots/'train.png')
                browser.screenshot(a.screenshots/'train_figure.png', scroll_to='.cell-output img')
    finally:
        browser.close()
    print(f'{"page":32} {"links":>6} {"images":>6} {"figures":>7} {"show_doc":>8} {"problems":>8}')
    for r in rows: print(f'{r[0]:32} {r[1]:6} {r[2]:6} {r[3]:7} {r[4]:8} {r[5]:8}')
    print(f'{len(rows)} pages; {sum(r[1] for r in rows)} links ({off_site} off the site, not followed); '
          f'{n_exports} exported names checked; built with: {(site/"BUILT_WITH").read_text().strip() if (site/"BUILT_WITH").exists() else "?"}')
    for p in problems: print('docs-check:', p)
    print(f'docs-check: {len(problems)} problems' if problems else 'docs-check: every page passed')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
