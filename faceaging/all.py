"""The public API of faceaging in one import: `from faceaging.all import *`."""
from .data.metadata import *
from .data.labels import *
from .data.synthetic import *
from .data.faces import *
from .data.unpaired import *
from .models import *
from .weights import *
from .losses import *
from .train import *
from .inference import *
from .evaluate import *
from .cli import *
