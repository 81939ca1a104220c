"""Reference for quality.CompareIndex, written apart from it with pandas.

Usage: departures.py FUND.csv INDEX.csv TOLERANCE

FUND.csv is in the archive layout (date,...,close,...: close adjusted) or
any layout with a date and an adjusted close column named close, Adj Close
or adjClose; INDEX.csv is date,close. Prints JSON: the number of daily
returns compared (days both files have with the same day before), the
number whose |fund - index| exceeds TOLERANCE, their dates, and the median
and 99th percentile of |fund - index| (numpy's linear interpolation).
"""
import json
import sys

import pandas as pd


def closes(path):
    df = pd.read_csv(path)
    df.columns = [c.strip() for c in df.columns]
    date = next(c for c in df.columns if c.lower() in ("date", "timestamp"))
    for name in ("Adj Close", "adjClose", "adjusted_close", "close", "Close"):
        if name in df.columns:
            s = pd.Series(df[name].astype(float).values, index=pd.to_datetime(df[date]))
            return s.sort_index()
    raise SystemExit(f"{path}: no close column in {list(df.columns)}")


def returns(s):
    # Each day's return from the day before it in the same file, with
    # that day before.
    return pd.DataFrame({"ret": s / s.shift(1) - 1, "prev": s.index.to_series().shift(1)}).iloc[1:]


fund, index = returns(closes(sys.argv[1])), returns(closes(sys.argv[2]))
tol = float(sys.argv[3])
both = fund.join(index, how="inner", lsuffix="_f", rsuffix="_i")
both = both[both["prev_f"] == both["prev_i"]]
d = (both["ret_f"] - both["ret_i"]).abs()
print(json.dumps({
    "days": int(len(d)),
    "flagged": int((d > tol).sum()),
    "dates": [x.strftime("%Y-%m-%d") for x in d[d > tol].index],
    "median": float(d.quantile(0.5)),
    "p99": float(d.quantile(0.99)),
}))
