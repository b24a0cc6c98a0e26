"""Measuring ageing, one module per topic, each with its chapter: estimators (10a), identity (10b), fid (10c), image_metrics (10d), benchmark (10e), report (10f)."""
