#!/usr/bin/env bash
# Redraws every picture in output/samples/ — the ones README.md, docs/*.md and python/README.md
# show — with the commands that made them, from this build (release), into a scratch directory,
# and copies each one over its sample; then shows what changed. Look at every changed picture
# before committing it (a picture test proves bytes, only eyes prove a picture).
#
# Needs what scripts/setup.sh installs (Debian's python3 with NumPy and scikit-learn for the
# recorder's examples, Chromium for explorer.png) and Fashion-MNIST (setup.sh --fashion-mnist)
# for fashion_landscape.png. Takes a few minutes on two cores, most of it Fashion-MNIST.
#
#   bash scripts/update-samples.sh            every sample
#   bash scripts/update-samples.sh demo spiral   only these groups (names below)
#   FLIPBOOK=PATH bash scripts/update-samples.sh   with that flipbook, not building one
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
samples=$root/output/samples
python=/usr/bin/python3
if [ -n "${FLIPBOOK:-}" ]; then       # a flipbook already built (e.g. while `swift test` holds the build)
    flipbook=$FLIPBOOK
else
    swift build -c release --product flipbook >&2
    flipbook=$(swift build -c release --show-bin-path)/flipbook
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fb ARGS: runs flipbook, quiet; sample FROM NAME: copies a drawn picture over output/samples/NAME.
fb() { echo "flipbook $*" >&2; "$flipbook" "$@" --quiet; }
sample() { cp "$1" "$samples/$2"; echo "  $2 ($(stat -c %s "$samples/$2") bytes)" >&2; }

demo() {          # README's animations, the demo's epoch 240 (light and dark), loss and landscape, explorer.png
    fb demo --out "$work/circles"
    sample "$work/circles/decision_boundary.gif" decision_boundary.gif
    sample "$work/circles/training.gif" training.gif
    sample "$work/circles/decision_boundary_epoch_240.png" decision_boundary_epoch_240.png
    sample "$work/circles/loss_curve.png" loss_curve.png
    sample "$work/circles/landscape_epoch_240.png" landscape_epoch_240.png
    fb render "$work/circles" --views boundary --theme dark --out "$work/circles-dark"
    sample "$work/circles-dark/decision_boundary_epoch_240.dark.png" decision_boundary_epoch_240.dark.png
    # explorer.png: the demo's explorer.html at epoch 240 of the boundary, in headless Chromium
    # at 1250 × 900 CSS pixels and a device scale of 1 (python/tests/chromium.py), reduced to
    # 256 colours (no dithering) to keep the committed file small (about 70 kB instead of 180).
    PYTHONPATH="$root/python/tests" "$python" - "$work/circles/explorer.html" "$work/explorer.png" <<'EOF'
import io, pathlib, sys
from PIL import Image
from chromium import Chromium
page, out = pathlib.Path(sys.argv[1]), sys.argv[2]
browser = Chromium(width=1250, height=900)
try:
    browser.open(page.as_uri() + "#view=boundary&epoch=240")
    browser.wait_for("document.getElementById('frame').getAttribute('aria-label') === 'Decision boundary at epoch 240'"
                     " && !document.getElementById('frame').hidden")
    shot = Image.open(io.BytesIO(browser.screenshot())).convert("RGB")
    shot.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, optimize=True)
    assert browser.exceptions == [] and not [m for m in browser.console if m[0] in ("error", "warning")], browser.console
finally:
    browser.close()
EOF
    sample "$work/explorer.png" explorer.png
}

inside() {        # network.gif and hidden_space.gif of docs/pictures.md's "Inside the network"
    fb run --out "$work/spiral-network" --dataset spiral --classes 2 --hidden 16,16,2 --activation tanh --optimizer adam \
        --learning-rate 0.01 --epochs 400 --views network
    sample "$work/spiral-network/network_epoch_192.png" spiral_network_epoch_192.png
    fb run --out "$work/moons-hidden" --dataset moons --hidden 8,2 --activation tanh --optimizer adam --learning-rate 0.02 \
        --epochs 300 --views hidden
    sample "$work/moons-hidden/hidden_space_epoch_144.png" moons_hidden_space_epoch_144.png
}

compare() {       # three learning rates on one loss surface
    fb compare --vary learning-rate=0.05,0.5,5 --epochs 300 --out "$work/lr-landscape"
    sample "$work/lr-landscape/compare_landscape.png" lr_compare_landscape.png
}

spiral() {        # 3-class spiral at its last epoch, and the same run's dark training poster
    fb run --out "$work/spiral" --dataset spiral --hidden 32,32 --optimizer adam --learning-rate 0.01 --epochs 400 --views boundary
    sample "$work/spiral/decision_boundary_epoch_399.png" spiral_epoch_399.png
    fb run --out "$work/spiral-dark" --dataset spiral --hidden 32,32 --optimizer adam --learning-rate 0.01 --epochs 400 \
        --theme dark --frames 60
    sample "$work/spiral-dark/training.poster.dark.png" spiral_training.dark.png
}

sine() {          # 1-D regression at its last epoch
    fb run --out "$work/sine" --dataset sine --hidden 32,32 --optimizer adam --learning-rate 0.01 --epochs 300 --views boundary
    sample "$work/sine/fit_epoch_299.png" sine_fit_epoch_299.png
}

planes() {        # more than two features: iris through two planes, breast cancer and its network
    fb run --dataset iris --views boundary --out "$work/iris-boundary"
    sample "$work/iris-boundary/decision_boundary_epoch_499.png" iris_pca_epoch_499.png
    fb render "$work/iris-boundary" --plane petal_length,petal_width --out "$work/iris-boundary-petals"
    sample "$work/iris-boundary-petals/decision_boundary_epoch_499.png" iris_petals_epoch_499.png
    fb run --dataset breast-cancer --views boundary,network --out "$work/breast-cancer"
    sample "$work/breast-cancer/decision_boundary_epoch_499.png" breast_cancer_epoch_499.png
    sample "$work/breast-cancer/network_epoch_499.png" breast_cancer_network_epoch_499.png
}

python() {        # python/README.md's NumPy and scikit-learn examples, run as the README has them
    mkdir -p "$work/python"
    for store in numpy sklearn; do
        # The README's ```python block that records runs/$store, as it is.
        "$python" - "$root/python/README.md" "runs/$store" > "$work/python/example_$store.py" <<'EOF'
import re, sys
blocks = re.findall(r"```python\n(.*?)```", open(sys.argv[1]).read(), re.S)
print(next(b for b in blocks if f'Recorder("{sys.argv[2]}"' in b))
EOF
        (cd "$work/python" && PYTHONPATH="$root/python" "$python" "example_$store.py")
        fb render "$work/python/runs/$store" --views boundary
        sample "$work/python/runs/$store/decision_boundary_epoch_240.png" "python_${store}_epoch_240.png"
    done
}

fashion() {       # Fashion-MNIST's loss landscape (docs/pictures.md): 784-256-128-10, Adam, 8 epochs
    fb run --dataset fashion-mnist --hidden 256,128 --optimizer adam --learning-rate 0.001 --batch-size 128 --epochs 8 \
        --views loss --out "$work/fashion"
    fb render "$work/fashion" --views landscape --landscape-grid 25 --out "$work/fashion-landscape"
    sample "$work/fashion-landscape/landscape.png" fashion_landscape.png
}

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(demo inside compare spiral sine planes python fashion)
for group in "${groups[@]}"; do
    case $group in
        demo|inside|compare|spiral|sine|planes|python|fashion) "$group" ;;
        *) echo "update-samples.sh: no group '$group' (demo inside compare spiral sine planes python fashion)" >&2; exit 2 ;;
    esac
done
git status --short -- output/samples
du -sh output/samples
