"""The cue language: how themes.yaml's cues read Swedish notes, shared by the tagger and the
classifier. From the bottom up: `text` (sentences, clauses, folding, hyphen repair),
`lexicon` (lemmas, compounds, verb forms, typos), `clauses` (negated / planned / past /
asked, passing mentions), `grammar` (a cue parsed), `matcher` (a text read once into a
`Reading`, where a cue counts); `codebook` loads and validates themes.yaml, `numerals` writes numbers as the report does.
(A list item read with its lead sentence is coding/passages.py.) Try a cue with `dialogtool cue "PATTERN" "TEXT"`.
"""
