"""Work comes to the people: Mitt arbete (the signed-in start page) and the calendar feed.

This area sits above the record areas and reads their tables; it owns only the calendar
feed's token table.
"""
