import sys

from pdbuilder.cli import main

sys.exit(main())
