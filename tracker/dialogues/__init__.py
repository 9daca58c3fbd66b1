"""Citizen and user dialogues (medborgardialog, brukardialog): the governance process,
Delaktighetstrappan, sessions, results and the feedback ledger."""
