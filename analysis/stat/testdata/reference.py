"""Reference figures for package stat, from statsmodels and scipy.

Reads a JSON document of cases on stdin and writes the results as JSON on
stdout. Exits with status 3 when statsmodels or scipy is missing, so the Go
test can skip.

Input:  {"ols": [{"y": [...], "x": [[...], ...], "lags": L or null}],
         "multitest": [[p, ...], ...],
         "binom": [{"k": k, "n": n, "p": p0}]}
Output: {"ols": [{"classical": {...}, "hac": {...} or null}],
         "holm": [[...]], "bh": [[...]], "binom": [p, ...]}
"""
import json
import sys

try:
    import numpy as np
    import scipy.stats
    import statsmodels.api as sm
    from statsmodels.stats.multitest import multipletests
except ImportError as e:
    print("missing: %s" % e, file=sys.stderr)
    sys.exit(3)


def fit(res):
    return {
        "coef": list(res.params),
        "se": list(res.bse),
        "t": list(res.tvalues),
        "p": list(res.pvalues),
        "r2": res.rsquared,
        "resid": list(res.resid),
    }


def main():
    cases = json.load(sys.stdin)
    out = {"ols": [], "holm": [], "bh": [], "binom": []}
    for c in (cases.get("ols") or []):
        y = np.asarray(c["y"], dtype=float)
        cols = [np.ones_like(y)] + [np.asarray(v, dtype=float) for v in c["x"]]
        X = np.column_stack(cols)
        model = sm.OLS(y, X)
        r = {"classical": fit(model.fit()), "hac": None}
        if c.get("lags") is not None:
            # statsmodels' defaults: use_correction=False, use_t=False.
            r["hac"] = fit(model.fit(cov_type="HAC", cov_kwds={"maxlags": c["lags"]}))
        out["ols"].append(r)
    for p in (cases.get("multitest") or []):
        out["holm"].append(list(multipletests(p, method="holm")[1]))
        out["bh"].append(list(multipletests(p, method="fdr_bh")[1]))
    for b in (cases.get("binom") or []):
        out["binom"].append(scipy.stats.binomtest(b["k"], b["n"], b["p"]).pvalue)
    json.dump(out, sys.stdout)


main()
