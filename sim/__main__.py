"""``python -m sim``: the command line (:mod:`sim.cli`)."""
from sim.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
