"""Small reusable widgets: each renders one piece of core data and knows nothing else."""
