"""The published site: the page model, its renderers and the MkDocs plugin that builds it."""
