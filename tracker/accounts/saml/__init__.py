"""Sign-in with SAML 2.0: the tracker as a service provider of the municipality's IdP."""
