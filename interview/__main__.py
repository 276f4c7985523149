from interview.cli import main

raise SystemExit(main())
