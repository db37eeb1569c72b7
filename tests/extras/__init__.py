"""The owner's extras (sync/extras/): roster, dropdowns, summary, alerts, season archive."""
