"""``python -m sync.cli``: the ``wixsync`` command."""

from sync.cli import main

if __name__ == "__main__":
    main()
