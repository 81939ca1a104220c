#!/usr/bin/env python3
"""The rotation study written again in pandas, as a peer to benchmark against
and as an independent check of the Go figures.

It does the same work as `rotation study -json` with default options: read
IWM.csv and QQQ.csv, join them on their dates, daily returns and spread,
events (spread >= 0.04), forward returns at 63 and 252 trading days, the
statistics of events and of every day (baseline), a 4000-resample bootstrap
of the excess, episodes, and the average path over 252 days.

usage: pandas_study.py DATA_DIR [--repeat N] [--json]
  --repeat N  run N times in this process and report the median time
  --json      print the figures for comparison with the Go command
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd


def load(data_dir, ticker):
    df = pd.read_csv(f"{data_dir}/{ticker}.csv", parse_dates=["date"], index_col="date")
    return df["close"]


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
    ap.add_argument("data")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
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
    main()
