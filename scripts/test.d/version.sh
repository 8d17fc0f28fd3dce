# One version everywhere: CMakeLists.txt (project VERSION) is the source; config.hpp's
# CONSTFORMER_VERSION_* macros, docs/Doxyfile's PROJECT_NUMBER, the README's "Version X.Y.Z"
# and the top release section of CHANGELOG.md must name it, CHANGELOG.md must keep an
# "Unreleased" section above it, and a vX.Y.Z tag on HEAD (a release) must match it.
set -euo pipefail
version=$(sed -nE 's/^project\(constformer VERSION ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' CMakeLists.txt)
if [ -z "$version" ]; then
  echo "version: no project(constformer VERSION X.Y.Z ...) in CMakeLists.txt" >&2
  exit 1
fi
fail=0
check() {  # check <what> <found>
  if [ "$2" != "$version" ]; then
    echo "version: $1 says '$2', CMakeLists.txt says '$version'" >&2
    fail=1
  fi
}
macro() { sed -nE "s/^#define CONSTFORMER_VERSION_$1 ([0-9]+)$/\1/p" include/constformer/config.hpp; }
check "include/constformer/config.hpp" "$(macro MAJOR).$(macro MINOR).$(macro PATCH)"
check "docs/Doxyfile (PROJECT_NUMBER)" "$(sed -nE 's/^PROJECT_NUMBER *= *([0-9.]+)$/\1/p' docs/Doxyfile)"
check "README.md (**Version X.Y.Z**)" "$(sed -nE 's/^\*\*Version ([0-9.]+)\*\*.*/\1/p' README.md)"
check "CHANGELOG.md (top release)" "$(sed -nE 's/^## ([0-9]+\.[0-9]+\.[0-9]+)( .*)?$/\1/p' CHANGELOG.md | head -n 1)"
first=$(grep -nE '^## ' CHANGELOG.md | head -n 1)
case "$first" in
  *"## Unreleased"*) ;;
  *) echo "version: CHANGELOG.md must start with an '## Unreleased' section, found: $first" >&2; fail=1 ;;
esac
# A release tag on this commit must be the same version.
if git rev-parse --git-dir >/dev/null 2>&1; then
  for tag in $(git tag --points-at HEAD 'v*'); do
    check "git tag $tag" "${tag#v}"
  done
fi
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "version: $version in CMakeLists.txt, config.hpp, Doxyfile, README and CHANGELOG"
