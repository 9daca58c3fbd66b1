"""Service-design projects (tjänstedesignprojekt) moving through Innovationsguiden's steps."""
