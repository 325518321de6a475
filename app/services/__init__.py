"""Use cases over the core, with adapters passed in (see app.main for the wiring)."""
