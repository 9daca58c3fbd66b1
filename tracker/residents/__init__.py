"""For residents: the public index of "Ni sa – vi gjorde" pages, their Atom feeds, the
municipality's name and contact on every public page, and the accessibility statement."""
