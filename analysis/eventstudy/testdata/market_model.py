"""Reference market model fits for the eventstudy tests.

Reads JSON on stdin: {"r": [...], "m": [...], "windows": [[from, to], ...]}
(rows inclusive) and writes JSON: one [alpha, beta, sigma] per window, from
statsmodels' OLS of r on a constant and m over the window's rows; sigma is
the residual standard deviation, sqrt(scale).
"""
import json
import sys

import numpy as np
import statsmodels.api as sm

req = json.load(sys.stdin)
r = np.asarray(req["r"], dtype=float)
m = np.asarray(req["m"], dtype=float)
out = []
for lo, hi in req["windows"]:
    y = r[lo:hi + 1]
    x = sm.add_constant(m[lo:hi + 1])
    fit = sm.OLS(y, x).fit()
    out.append([float(fit.params[0]), float(fit.params[1]), float(np.sqrt(fit.scale))])
json.dump(out, sys.stdout)
