"""The status report's draft (report.docx) and what it is made of.

    spec      the codebook ids, diagrams and quote sources the draft uses, checked against themes.yaml
    counts    the typology counted by the spec's declarations
    wording   numbers, shares and dates in Swedish as the report writes them
    layout    python-docx primitives shared with `fill` (figures, tables, quotes, places to write)
    picks     which quotes the draft prints
    draft     the chapters; worknotes: arbetsanteckningar.docx beside the draft

This file imports nothing: tables, charts and the network figures use `wording`, and the
draft uses them, so importing the draft here would make a cycle. Import the module you need.
"""
