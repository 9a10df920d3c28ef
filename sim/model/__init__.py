"""The model: the Mesa municipality, its people as arrays, their weekly update, adoption."""
