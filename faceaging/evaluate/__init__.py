"""Measuring ageing, one module per topic (chapters 10a-10f): estimators, identity, fid, image_metrics, benchmark, report."""

def __getattr__(name):
    # Until faceaging.cli (chapter 11) imports from the topic modules, `from faceaging.evaluate import X` keeps working for the
    # names of the former single module: each is looked up, on first use, in the modules in chapter order.
    # Importing one topic module (e.g. faceaging.evaluate.fid) still loads only that module and what it imports.
    import importlib
    for topic in ('estimators', 'identity', 'fid', 'image_metrics', 'benchmark', 'report'):
        module = importlib.import_module(f'{__name__}.{topic}')
        if name in getattr(module, '__all__', ()): return getattr(module, name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
