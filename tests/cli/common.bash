# Sourced by the CLI tests (tests/cli/*.sh, run as `<script> <binary dir> <source dir>`):
# BIN, SRC, CCDF, S (bundled samples) and a temporary folder T removed on exit.
BIN="$1"
SRC="$2"
CCDF="$BIN/ccdf"
export CCDF_MODELS_DIR="$SRC/models"
export CCDF_THREADS="${CCDF_THREADS:-2}"  # ctest passes CCDF_TEST_THREADS
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
S="$SRC/resources/samples"
