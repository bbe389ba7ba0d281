"""Edit forms over the versioned edit services: a member's contact preferences and consent,
a ticket's text and severity."""
