"""Validate notebooks with Jupyter's own nbformat (the JSON schema of 4.5).

Usage: validate.py FILE.ipynb... Prints one line per invalid notebook and
exits 1 if any is invalid.
"""
import json
import sys

import nbformat

bad = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
        # nbformat.read would add missing ids: check them on the raw JSON.
        if raw.get("nbformat_minor", 0) < 5 or any("id" not in c for c in raw.get("cells", [])):
            raise ValueError("not nbformat 4.5 with an id in every cell")
        nbformat.validate(nbformat.from_dict(raw))
    except Exception as e:  # noqa: BLE001 - report every failure
        print(f"{path}: {e}".splitlines()[0])
        bad += 1
sys.exit(1 if bad else 0)
