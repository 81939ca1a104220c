#!/usr/bin/env bash
# Side by side: nbrun against `jupyter nbconvert --to notebook --execute`
# (Debian's jupyter-nbconvert) on the same notebooks and kernels, whole-
# process wall time, alternating runs, medians and their ratio.
#
# usage: cmd/nbrun/testdata/nbconvert_compare.sh NBRUN [RUNS]
set -euo pipefail
nbrun=$(realpath "$1")
runs=${2:-5}
here=$(cd "$(dirname "$0")/../../.." && pwd) # the module root
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 20-cell Python notebook, and the small GoNB notebook of the tests.
/usr/bin/python3 - "$work/python20.ipynb" <<'PY'
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell
cells = [new_code_cell(f"x{i} = {i} * 2\nprint(x{i})") for i in range(20)]
ks = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": ks}), sys.argv[1])
PY
cp "$here/testdata/notebooks/gonb-smoke.ipynb" "$work/gonb-smoke.ipynb"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-20s %10s %14s %8s\n' notebook "nbrun ms" "nbconvert ms" ratio
for nb in gonb-smoke python20; do
	a=() b=()
	for _ in $(seq "$runs"); do
		a+=("$(ms "$nbrun" -q -o "$work/out-nbrun" "$work/$nb.ipynb")")
		b+=("$(ms /usr/bin/jupyter nbconvert --to notebook --execute --output-dir "$work/out-nbconvert" "$work/$nb.ipynb")")
	done
	ma=$(median "${a[@]}") mb=$(median "${b[@]}")
	printf '%-20s %10s %14s %8s\n' "$nb" "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f", a / b}')"
done
