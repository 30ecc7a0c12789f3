#!/bin/sh
# Build the newest published release with the private layer into the web server's
# folder (README, "The internal build, inside the organisation"). Run from a clone of
# the handbook's repository on an intranet host; nothing is pushed anywhere.
set -eu
PRIVATE=${PRIVATE:-/srv/handbok-privat}
OUT=${OUT:-/var/www/kontinuitet}
git fetch --quiet --tags origin
# The newest release tag: v2026.12 or a correction v2026.12-2, as release.yml makes them.
tag=$(git tag --list 'v[0-9][0-9][0-9][0-9].[0-9][0-9]*' --sort=-version:refname | head -n 1)
[ -n "$tag" ] || { echo "inga utgåvetaggar (v2026.12) att bygga" >&2; exit 1; }
release=$(echo "$tag" | sed -e 's/^v//' -e 's/-[0-9]*$//')
exec make internal RELEASE="$release" PRIVATE="$PRIVATE" OUT="$OUT"
