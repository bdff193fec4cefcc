#!/usr/bin/env python3
"""Counts items (parse) or pages with text (extract) in newswire's JSON lines on stdin."""
import json
import sys

n = 0
for line in sys.stdin:
    d = json.loads(line)
    n += len(d.get("items", [])) if sys.argv[1] == "parse" else bool(d.get("text"))
print(n)
