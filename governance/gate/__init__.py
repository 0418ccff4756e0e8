"""The judge of changes: what changed, whether a resolution approved it, the check, the audit and the hook."""
