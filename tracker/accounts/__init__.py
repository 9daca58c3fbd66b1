"""Accounts, roles, memberships, sign-in and the permission rules every route asks."""
