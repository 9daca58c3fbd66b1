"""The leadership overview (/oversikt): the three strands now and per quarter, and the promise
in one picture: the flow from dialogues and collaborations to feedback given."""
