"""dateline: raw news text turned into traceable political event data."""
