#!/usr/bin/env bash
# Side by side: nbrun against `jupyter nbconvert --to notebook --execute`
# (Debian's jupyter-nbconvert) on the same notebooks and kernels, whole-
# process wall time, alternating runs, medians and their ratio.
#
# usage: cmd/nbrun/testdata/nbconvert_compare.sh NBRUN [RUNS]
# (with $ROTATION_DATA also the five project notebooks, $PROJECT_RUNS
# rounds, default 1)
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

# The five project notebooks on real data, from a warm Go build cache and
# no nbrun cache: nbrun -j 2 (GoNB's fast settings on, then off) beside
# nbconvert, which runs them one after the other. One untimed nbrun run
# first warms the build cache; then PROJECT_RUNS rounds (default 1), the
# three in turn, medians and their ratios to nbconvert's.
if [ -z "${ROTATION_DATA:-}" ] || [ ! -f "$ROTATION_DATA/IWM.csv" ]; then
	echo "the five notebooks: skipped (no price data: set ROTATION_DATA)"
	exit 0
fi
project_runs=${PROJECT_RUNS:-1}
nbs=("$here"/notebooks/0*.ipynb)
ms "$nbrun" -q -j 2 -o "$work/out-warm" "${nbs[@]}" >/dev/null
f=() s=() c=()
for _ in $(seq "$project_runs"); do
	f+=("$(ms "$nbrun" -q -j 2 -o "$work/out-fast" "${nbs[@]}")")
	s+=("$(ms "$nbrun" -q -j 2 -gonb-fast=false -o "$work/out-plain" "${nbs[@]}")")
	c+=("$(ms /usr/bin/jupyter nbconvert --to notebook --execute --output-dir "$work/out-project" "${nbs[@]}")")
done
mf=$(median "${f[@]}") msl=$(median "${s[@]}") mc=$(median "${c[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "the five notebooks ($project_runs round(s); each run's ms: fast ${f[*]}, -gonb-fast=false ${s[*]}, nbconvert ${c[*]})"
printf '%-28s %10s %14s %8s\n' "nbrun -j 2" "$mf" "$mc" "$(ratio "$mf" "$mc")"
printf '%-28s %10s %14s %8s\n' "nbrun -j 2 -gonb-fast=false" "$msl" "$mc" "$(ratio "$msl" "$mc")"
