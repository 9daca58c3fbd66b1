"""What the record areas (projects, dialogues, collaborations) share: links between their
records, members, and archiving and restoring. Each area declares its own kinds; the code that
links, lists, guards and logs is written once, here."""
