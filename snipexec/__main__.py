import sys

from snipexec.cli import main

sys.exit(main())
