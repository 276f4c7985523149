"""The application layer: one typed service between the interfaces (TUI, CLI) and the core.

Nothing here imports Textual; the TUI and the CLI both go through `AppService`.
"""
