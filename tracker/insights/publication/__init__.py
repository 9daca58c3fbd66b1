"""The "Ni sa – vi gjorde" page of a dialogue: drafted from the chain, edited, reviewed by a
second person, and published as a numbered version that is never changed afterwards.

The rules are plain functions (`rules`, `draft`); the services store and write the change log
(on the dialogue, so every step shows in the dialogue's history). `integrity` checks that a
published version is still what was published; `tables` holds the draft and its versions.

Review rule (four eyes): whoever approves must be someone other than the person who last
changed the public text. Changing the public text of a page that waits for review or is
approved sends it back to draft, so what was approved is exactly what is published. The
internal note is never public, so changing only the note keeps the review as it is.
"""
