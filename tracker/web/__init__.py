"""Shared web machinery: templates, forms, errors, pagination."""
