from genai_desktop.app import main

raise SystemExit(main())
