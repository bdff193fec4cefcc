#!/usr/bin/python3
"""Extracts every page named on the command line with readability-lxml, in
one process; prints the number of pages with text. Used by scripts/bench."""
import sys

from readability import Document

done = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        html = f.read()
    summary = Document(html).summary(html_partial=True)
    done += bool(summary)
print(done)
