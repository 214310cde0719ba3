"""`python -m acuviewer` runs the command line."""

from acuviewer.cli import main

raise SystemExit(main())
