"""The regulation as text: front matter, model, numbering, references, parser, redline. Pure; no I/O."""
