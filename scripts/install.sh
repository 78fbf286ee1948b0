#!/usr/bin/env bash
# Puts `flipbook` on your PATH from this clone: builds it in release mode, stamped with the commit
# it is built from (`flipbook --version`), and copies the executable to PREFIX (default
# ~/.local/bin) and the fonts it draws with to PREFIX/../share/flipbook/Fonts, where the
# installed executable looks for them.
#
#   bash scripts/install.sh [--prefix DIR] [--from BUILD_DIR]
#
# --from BUILD_DIR installs the flipbook already built there (e.g. .build/debug) without building.
# The Debian libraries flipbook links come from `bash scripts/setup.sh`.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix="$HOME/.local/bin"
from=""
refuse() { echo "install.sh: $1" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] && [ -n "$2" ] || refuse "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=?*) prefix=${1#--prefix=}; shift ;;
        --from) [ $# -ge 2 ] && [ -n "$2" ] || refuse "--from needs a build directory"; from=$2; shift 2 ;;
        --from=?*) from=${1#--from=}; shift ;;
        -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) refuse "unknown argument '$1' (expected --prefix DIR or --from BUILD_DIR)" ;;
    esac
done

if [ -z "$from" ]; then
    # Swift's -D carries no value, so the commit goes to the C target CBuildInfo.
    commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown commit")
    (cd "$root" && swift build -c release --product flipbook -Xcc "-DFLIPBOOK_COMMIT=\"$commit\"")
    from=$(cd "$root" && swift build -c release --show-bin-path)
fi
[ -x "$from/flipbook" ] || refuse "no flipbook executable in '$from'"

mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
fonts="$(dirname "$prefix")/share/flipbook/Fonts"
mkdir -p "$fonts"
cp "$root"/Fonts/* "$fonts/"
data="$(dirname "$prefix")/share/flipbook/Data"
mkdir -p "$data"
cp "$root"/Data/*.csv "$data/"
# Copied beside, then renamed: a flipbook running from PREFIX keeps its file.
cp "$from/flipbook" "$prefix/.flipbook.installing"
chmod 755 "$prefix/.flipbook.installing"
mv -f "$prefix/.flipbook.installing" "$prefix/flipbook"

echo "installed $prefix/flipbook, fonts in $fonts"
case ":$PATH:" in
    *":$prefix:"*) ;;
    *) echo "$prefix is not on your PATH: add it, e.g. export PATH=\"$prefix:\$PATH\" in ~/.profile" ;;
esac
"$prefix/flipbook" --version
