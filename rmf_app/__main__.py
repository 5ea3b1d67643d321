import sys

from rmf_app.cli import main

sys.exit(main())
