"""Load and scale benchmarks: ``make bench`` runs ``benchmarks.run``."""
