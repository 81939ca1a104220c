"""Reference calendar-time regression for the eventstudy tests.

Reads JSON on stdin: {"y": [...], "m": [...]} and writes JSON
{"alpha", "se", "beta", "lags"}: statsmodels' OLS of y on a constant and
m with Newey-West (HAC) standard errors, maxlags the automatic rule
floor(4 (n/100)^(2/9)), no small-sample correction (statsmodels' default).
"""
import json
import math
import sys

import numpy as np
import statsmodels.api as sm

req = json.load(sys.stdin)
y = np.asarray(req["y"], dtype=float)
m = np.asarray(req["m"], dtype=float)
lags = int(math.floor(4 * (len(y) / 100) ** (2 / 9)))
fit = sm.OLS(y, sm.add_constant(m)).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
json.dump({"alpha": float(fit.params[0]), "se": float(fit.bse[0]), "beta": float(fit.params[1]), "lags": lags}, sys.stdout)
