import sys

from smolevents.core.cli import main

if __name__ == "__main__":
    sys.exit(main())
