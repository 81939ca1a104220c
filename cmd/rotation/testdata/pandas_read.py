#!/usr/bin/env python3
"""pandas reading the price files the Go benchmark reads, for the table of
`BenchmarkStudyRows` (cmd/rotation) in the README's "Speed" section.

It times pandas.read_csv of DATA_DIR/IWM.csv and DATA_DIR/QQQ.csv, one after
the other, each into a DataFrame of all its columns, and prints the median
of --repeat runs. Dates stay text: the synthetic files run from year 0001
to 8214, and pandas 1.5's datetime64[ns] holds only 1677 to 2262, so
parse_dates would leave them as text anyway, more slowly.

usage: pandas_read.py DATA_DIR [--repeat N] [--seconds]
  --repeat N  read the files N times and report the median (default 3)
  --seconds   print only the median, in seconds
"""
import argparse
import statistics
import sys
import time

import pandas as pd

TICKERS = ("IWM", "QQQ")


def read(data_dir):
    rows = 0
    for t in TICKERS:
        df = pd.read_csv(f"{data_dir}/{t}.csv")
        rows = len(df)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seconds", action="store_true")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    times = []
    rows = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        rows = read(args.data_dir)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    if args.seconds:
        print(f"{median:.4f}")
    else:
        print(f"pandas {pd.__version__} read_csv of {' and '.join(TICKERS)}, {rows} rows each: "
              f"{median:.3f} s (median of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
