"""E-mail that is really sent: an outbox written in the change's own transaction, a worker
that delivers it over SMTP with retries, reminders, digests and one-time sign-in links."""
