"""Reference data: the units of the province and the official calendar sources."""
