"""The simulators: the Wix sandbox (sync/sandbox/) and the fake Sheets API (tests/fakes/sheets/)."""
