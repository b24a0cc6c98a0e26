"""The public API of faceaging in one import: `from faceaging.all import *`.

What a learner and a user need, chosen by hand (under 90 names), and no name that `from fastai.vision.all import *`
defines differently (chapter 12 checks both). Everything else stays importable from its module: helpers for tests,
constants, and the building blocks the chapters explain (e.g. `from faceaging.models import ResnetBlock`).
"""
from .data.metadata import read_imdb_wiki, read_cacd, read_utkface, read_crop_folder, read_labels_csv
from .data.matfile import save_imdb_wiki_mat
from .data.cache import cache_info, clear_cache
from .data.dataset import read_dataset
from .data.download import download_dataset
from .data.labels import (clean_faces, cleaning_summary, kept_rows, assign_domains, split, save_manifest, load_manifest,
                          export_cyclegan_folders)
from .data.synthetic import make_synthetic_faces, demo_faces, load_ground_truth, show_faces
from .data.faces import detect_face, crop_face, preprocess
from .device import pick_device
from .data.unpaired import unpaired_dls
from .models import (CycleGAN, cycle_gan, resnet_generator, unet_generator, patch_discriminator, freeze_generator,
                     freeze_discriminator, unfreeze, architecture_summary, checkerboard_score)
from .weights import read_checkpoint, load_weights, load_original_weights, save_original_weights
from .losses import CycleGANLoss, ImagePool, diff_augment
from .critic import train_age_critic
from .conditional import target_age_gan
from .conditional_learner import target_age_learner
from .trainer import cycle_callbacks, CycleGANTrainer, TrainingDiverged
from .checkpoints import Checkpointer, TrainingInterrupted, load_networks
from .schedule import TimeLimit, freeze_cycle
from .runlog import RunLogger, plot_samples, plot_cycle_losses
from .train import PRESETS, cycle_learner
from .inference import (DEMO_MODEL, WIKI_MODEL, DIRECTIONS, load_generator, age_face, age_folder, run_generator, show_before_after,
                        export_torchscript, ageing_widget, select_generator)
from .evaluate.estimators import FaceModel, train_age_estimator, age_gain_report, train_gender_classifier
from .evaluate.identity import train_identity_embedder, identity_report
from .evaluate.fid import fid_kid, load_inception
from .evaluate.image_metrics import cycle_metrics
from .evaluate.benchmark import with_ground_truth, train_ground_truth_probe, ground_truth_benchmark, strength_benchmark
from .evaluate.report import evaluate_run
from .demo import run_demo
from .realfaces import WIKI_RECIPE, ageing_grid, model_card

__all__ = [n for n in dir() if not n.startswith('_')]
