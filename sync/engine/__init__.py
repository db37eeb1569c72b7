"""The sync engine: from the cells of a sheet row to the work of a cycle."""
