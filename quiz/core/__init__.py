"""The shared kernel every feature uses: who may see what (``access``), the question content
(``content``), outgoing mail (``mail``), the job queue (``queue``), signals between features
(``signals``), the report-view audit log (``audit``), error pages (``errors``), what a
production server does before forking (``serving``) and consistent backups (``backup``).
Nothing here imports a feature.
"""
