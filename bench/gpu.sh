#!/usr/bin/env bash
# Every GPU measurement of the project in one run (sized for about 12 minutes on an H200; not yet run on one): the training-step bench, the ageing bench and
# the real-face recipe. Run it from the project root on the device machine, with the fastai wheels installed as
# ../shared/tools/device-wheels.sh prints; outputs go to $OUT (the device tool's folder) or gpu_out/.
# On the CPU, `bash bench/gpu.sh --quick` runs every step tiny (a check of the script, not a measurement).
set -uo pipefail
OUT=${OUT:-gpu_out}; mkdir -p "$OUT"
Q=""; [ "${1:-}" = "--quick" ] && Q="--quick"
{ command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; python -c "import torch; print('torch', torch.__version__)"; } 2>&1 | tee "$OUT/machine.txt"
timeout 240 python bench/train_step.py --steps 20 --repeats 1 $Q 2>&1 | grep -v Warning | tee "$OUT/train_step.txt"
timeout 90 python bench/age.py $Q 2>&1 | grep -v Warning | tee "$OUT/age.txt"
timeout 420 python bench/recipe.py --out "$OUT/recipe" --minutes 5 $Q 2>&1 | grep -v Warning | tail -25 | tee "$OUT/recipe.txt"
