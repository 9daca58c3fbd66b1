"""The report-back (återrapportering) to kommunstyrelsen: drafted, edited, frozen, versioned."""
