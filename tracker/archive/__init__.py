"""Delivery to the e-archive: FGS 2.0 packages (E-ARK CSIP/SIP, CITS ERMS, PDF/A-2)."""
