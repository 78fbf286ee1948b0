#!/usr/bin/env bash
# Installs the Debian 12 packages Flipbook builds and tests against. Idempotent: when every
# package is already present it changes nothing and needs no network.
#
#   scripts/setup.sh                    the libraries (libgd, BLIS, zlib, SQLite, libpng, libwebp, giflib, FFmpeg's libav*), and
#                                       gifsicle, webp (webpmux), ffmpeg (ffprobe), NumPy and Pillow, which the tests use as
#                                       independent readers;
#                                       matplotlib for scripts/matplotlib_reference.py (flipbook-bench reference);
#                                       pytest, scikit-learn and PyTorch for the Python recorder's tests (python/);
#                                       Chromium and python3-websocket for explorer.html's browser test
#   scripts/setup.sh --fashion-mnist    also Debian's Fashion-MNIST data set package
#
# Runs apt-get as root, or through sudo. The first apt-get install on a new machine can fail
# transiently, so each apt step is tried twice.
set -euo pipefail

packages=(libgd-dev libpng-dev libblis-dev zlib1g-dev libdeflate-dev libsqlite3-dev libwebp-dev libgif-dev gifsicle webp python3-numpy python3-pil python3-matplotlib
          python3-pytest python3-sklearn python3-torch
          libavcodec-dev libavformat-dev libswscale-dev libavutil-dev ffmpeg chromium python3-websocket)
for arg in "$@"; do
    case "$arg" in
        --fashion-mnist) packages+=(dataset-fashion-mnist) ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown option '$arg' (expected --fashion-mnist)" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi

apt() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}
twice() {
    "$@" || { echo "setup.sh: '$*' failed; retrying once" >&2; sleep 5; "$@"; }
}

echo "setup.sh: installing ${missing[*]}" >&2
twice apt update -qq
twice apt install -y -qq --no-install-recommends "${missing[@]}"
