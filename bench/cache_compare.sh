#!/usr/bin/env bash
# nbrun -cache: the five notebooks run once into an empty cache, then again
# with nothing changed; prints both wall times, their ratio, and whether the
# two runs wrote the same bytes. Usage: bench/cache_compare.sh NBRUN
set -euo pipefail
nbrun=${1:?usage: cache_compare.sh NBRUN}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out" "$work/first"
now() { date +%s.%N; }
t0=$(now)
"$nbrun" -q -no-timing -j 2 -cache "$work/cache" -o "$work/out" notebooks/0*.ipynb
t1=$(now)
cp "$work"/out/*.ipynb "$work/first/"
t1b=$(now)
"$nbrun" -q -no-timing -j 2 -cache "$work/cache" -o "$work/out" notebooks/0*.ipynb
t2=$(now)
t1=$t1b
first=$(echo "$t1 - $t0" | bc -l)
second=$(echo "$t2 - $t1" | bc -l)
same=yes
for f in "$work"/first/*.ipynb; do
	cmp -s "$f" "$work/out/$(basename "$f")" || same=no
done
printf 'first run %.2f s, unchanged rerun %.2f s: %.1fx faster; byte-identical: %s\n' "$first" "$second" "$(echo "$first / $second" | bc -l)" "$same"
