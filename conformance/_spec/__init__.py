"""One clause table per spec area; gathered and checked by ``conformance.spec``."""
