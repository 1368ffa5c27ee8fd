"""The Hertfordshire demo data and its loader (``manage.py seed_demo``); nothing imports it."""
