"""interview — practise AI/ML engineering interviews in the terminal."""

__version__ = "0.1.0"
