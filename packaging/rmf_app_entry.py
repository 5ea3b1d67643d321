"""Entry script of the frozen build: the same main() as the rmf-app console script."""

import sys

from rmf_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
