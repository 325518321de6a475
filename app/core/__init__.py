"""Pure domain logic: forms, answers, scoring, levels and planning. No Qt, database, PDF or key store."""
