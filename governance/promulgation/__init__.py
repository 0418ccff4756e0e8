"""Promulgation evidence (Article 5.2): acknowledgements bound to the approved version of a regulation,
the roster of who must acknowledge, coverage, reminders, the service and the auditor's evidence pack."""
