#!/usr/bin/env python3
"""The rotation study written again in pandas, as a peer to benchmark against
and as an independent check of the Go figures.

It does the same work as `rotation study -json` with default options: read
IWM.csv and QQQ.csv, join them on their dates, daily returns and spread,
events (spread >= 0.04), forward returns at 63 and 252 trading days, the
statistics of events and of every day (baseline), a 4000-resample bootstrap
of the excess, episodes, and the average path over 252 days.

It reads TICKER.csv in any of the five layouts the Go reader accepts
(Yahoo, Stooq, Tiingo, Alpha Vantage, the archive), told apart by header.

usage: pandas_study.py DATA_DIR [--repeat N] [--json]
       pandas_study.py --closes FILE
  --repeat N    run N times in this process and report the median time
  --json        print the figures for comparison with the Go command
  --closes FILE print the dates and adjusted closes read from FILE (JSON)

Errors go to standard error as "pandas_study.py: ..." with exit status 1.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd


# The layouts the Go reader accepts (analysis/marketdata), told apart by
# their header as it does: case and spaces aside. Each names its adjusted
# close and the columns whose "null" (Yahoo's rows without prices) drops
# the row.
LAYOUTS = [
    ("yahoo", "Date,Open,High,Low,Close,Adj Close,Volume", "Adj Close"),
    ("stooq", "Date,Open,High,Low,Close,Volume", "Close"),
    ("archive", "date,open,high,low,close,volume,dividend,unadj_close", "close"),
    ("tiingo", "date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor", "adjClose"),
    ("alphavantage", "timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient", "adjusted_close"),
    ("alphavantage", "date,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient", "adjusted_close"),
]


def _key(header):
    return header.replace(" ", "").lower()


def layout(path):
    """The layout of a price file: (lines before the header, column names, adjusted close)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        for n, line in enumerate(f):
            if line.strip():
                break
        else:
            raise ValueError(f"{path}: empty file")
    for _, header, adj in LAYOUTS:
        if _key(header) == _key(line.strip()):
            return n, header.split(","), adj
    raise ValueError(f"{path}:{n + 1}: unknown header {line.strip()[:80]!r}; want one of {[h for _, h, _ in LAYOUTS]}")


def load(data_dir, ticker):
    """The adjusted closes of DATA_DIR/TICKER.csv, oldest first, in any layout the Go reader accepts."""
    return load_file(f"{data_dir}/{ticker}.csv")


def load_file(path):
    skip, names, adj = layout(path)
    df = pd.read_csv(path, skiprows=skip + 1, header=None, names=names, encoding="utf-8-sig",
                     dtype=str, keep_default_na=False, skipinitialspace=True)
    df = df.apply(lambda c: c.str.strip())
    df = df[~(df[names[1:]] == "null").any(axis=1)]  # Yahoo's rows without prices, skipped as Go skips them
    dates = pd.to_datetime(df[names[0]], format="%Y-%m-%d")
    closes = pd.Series(pd.to_numeric(df[adj]).to_numpy(dtype=float), index=pd.DatetimeIndex(dates), name=adj)
    return closes.sort_index()  # Alpha Vantage sends newest first


def summary(x):
    x = np.asarray(x)
    return {
        "n": int(len(x)),
        "mean": float(x.mean()),
        "median": float(np.median(x)),
        "hit_rate": float((x > 0).mean()),
        "std": float(x.std(ddof=1)) if len(x) > 1 else None,
        "min": float(x.min()),
        "max": float(x.max()),
    }


def study(data_dir, a="IWM", b="QQQ", threshold=0.04, horizons=(63, 252), resamples=4000, seed=1, gap=63):
    pa, pb = load(data_dir, a), load(data_dir, b)
    px = pd.concat([pa.rename("a"), pb.rename("b")], axis=1, join="inner")
    ret = px.pct_change()
    spread = ret["a"] - ret["b"]
    is_event = spread >= threshold
    rows = np.flatnonzero(is_event.to_numpy())
    rng = np.random.default_rng(seed)
    out = {"events": [d.strftime("%Y-%m-%d") for d in px.index[rows]], "horizons": []}
    days = np.arange(1, len(px))  # every day with a return is in the window
    for h in horizons:
        fwd = px.shift(-h) / px - 1
        ev = fwd.iloc[rows].dropna()
        base = fwd.iloc[days].dropna()
        ea, eb = ev["a"].to_numpy(), ev["b"].to_numpy()
        es = ea - eb
        ba, bb = base["a"].to_numpy(), base["b"].to_numpy()
        idx = rng.integers(0, len(ea), size=(resamples, len(ea)))
        boot_a = ea[idx].mean(axis=1) - ba.mean()
        boot_b = eb[idx].mean(axis=1) - bb.mean()
        excess = {}
        for name, boot, obs in (("a", boot_a, ea.mean() - ba.mean()), ("b", boot_b, eb.mean() - bb.mean())):
            lo, hi = np.percentile(boot, [2.5, 97.5])
            p = ((np.abs(boot - obs) >= abs(obs)).sum() + 1) / (resamples + 1)
            excess[name] = {"mean": float(obs), "ci_low": float(lo), "ci_high": float(hi), "p_value": float(p)}
        out["horizons"].append({
            "days": h, "n": int(len(ev)),
            "a": summary(ea), "b": summary(eb), "spread": summary(es),
            "baseline": {"a": summary(ba), "b": summary(bb), "spread": summary(ba - bb)},
            "excess": excess,
        })
    # Episodes: a gap of more than `gap` rows starts a new one.
    out["episodes"] = int(1 + (np.diff(rows) > gap).sum()) if len(rows) else 0
    # Average path over 252 days after each event.
    arr_a, arr_b = px["a"].to_numpy(), px["b"].to_numpy()
    path = []
    for k in range(253):
        ok = rows[rows + k < len(px)]
        path.append((float((arr_a[ok + k] / arr_a[ok] - 1).mean()), float((arr_b[ok + k] / arr_b[ok] - 1).mean())))
    out["path_end"] = path[-1]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--closes", metavar="FILE")
    args = ap.parse_args()
    if args.closes:
        c = load_file(args.closes)
        json.dump({"dates": [d.strftime("%Y-%m-%d") for d in c.index], "closes": [float(x) for x in c]}, sys.stdout)
        print()
        return
    if not args.data:
        ap.error("DATA_DIR is needed")
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        res = study(args.data)
        times.append(time.perf_counter() - t0)
    if args.json:
        json.dump(res, sys.stdout, indent=1)
        print()
    else:
        times.sort()
        print(f"pandas {pd.__version__}, numpy {np.__version__}: median {1000 * times[len(times) // 2]:.1f} ms "
              f"over {len(times)} runs (min {1000 * times[0]:.1f} ms)")


if __name__ == "__main__":
    try:
        main()
    except (OSError, ValueError, KeyError) as e:
        print(f"pandas_study.py: {e}", file=sys.stderr)
        sys.exit(1)
