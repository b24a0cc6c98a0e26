__version__ = "0.1.0"

import warnings
# fastai 2.8 decorates a few layers with torch.jit.script, which torch 2.14 deprecates; the message says nothing actionable to our users.
warnings.filterwarnings('ignore', message=r'`torch\.jit\.script` is deprecated', category=FutureWarning)
