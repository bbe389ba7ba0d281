"""The member 360 view: who the member is, what they bought, what was said and what is open."""
