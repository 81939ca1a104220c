# %% [markdown]
# A sweep kept as a script in jupytext's percent format. It has no YAML
# header, so it runs on the python3 kernel.

# %% tags=["parameters"]
threshold = 0.04  # spread that makes an event
ticker = 'IWM'  # leg A
n = 3

# %%
# %env NBRUN_TEXT=1
print('running', ticker, threshold, flush=True)
events = int(round(1 / threshold)) * n

# %%
from IPython.display import display
display({'application/vnd.nbrun.values+json': {'events': events, 'ticker': ticker}, 'text/plain': 'published'}, raw=True)
