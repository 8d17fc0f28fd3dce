# Sourced by the scripts: installs missing Debian packages (as root), or prints the exact
# apt-get line and stops (as anyone else).
require_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

# The packages every build needs.
# locales: the JSON reader test compiles a comma-decimal locale (de_DE) with localedef.
CONSTFORMER_BASE_PACKAGES=(cmake ninja-build g++ python3 libboost-dev libgtest-dev googletest locales)

# What the test suite needs on top: the Python tests of tools/ (the safetensors exporter, the
# trained character model) run PyTorch.
CONSTFORMER_TEST_PACKAGES=(python3-torch python3-numpy)

# Debian's interpreter: the fixture generator uses only the standard library, but pin it so a
# pyenv or venv on PATH cannot change what runs.
CONSTFORMER_PYTHON=/usr/bin/python3
