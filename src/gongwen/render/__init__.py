"""Rendering templates into documents: sandboxed Jinja, prepared templates, batches, read-back."""
