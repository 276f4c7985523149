"""One screen per module; each is a thin view over the core services on the app."""
