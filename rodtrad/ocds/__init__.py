"""The Open Contracting Data Standard (OCDS 1.1) export of a procurement: one release per stage
reached, built only from what that stage made public (see package.build_package)."""
