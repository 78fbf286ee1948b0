#!/usr/bin/env bash
# Rewrites the picture tests' references (Tests/PictureTests/References/) from this build's
# drawings of the hand-made runs and the small comparison, then shows what changed. Look at the
# changed pictures before committing them with the change that meant to change them.
set -euo pipefail
cd "$(dirname "$0")/.."
FLIPBOOK_RECORD_REFERENCES=1 swift test --filter PictureRegression
git status --short -- Tests/PictureTests/References
du -sh Tests/PictureTests/References
