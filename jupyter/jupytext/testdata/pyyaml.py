"""Reference for the YAML of text notebook headers: PyYAML, as jupytext uses it.

Reads a JSON object {"dump": [strings], "load": [YAML texts]} on stdin and
prints {"dump": [yaml.safe_dump({"k": s}, default_flow_style=False)],
"load": [json of yaml.safe_load(text), or null if it fails]}.
"""
import json
import sys

import yaml

req = json.load(sys.stdin)
out = {"dump": [], "load": []}
for s in req["dump"]:
    out["dump"].append(yaml.safe_dump({"k": s}, default_flow_style=False))
for text in req["load"]:
    try:
        out["load"].append(json.dumps(yaml.safe_load(text), sort_keys=True))
    except Exception:
        out["load"].append(None)
json.dump(out, sys.stdout)
