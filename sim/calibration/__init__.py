"""Calibration on the 2010 survey: the survey, a synthetic population, respondents, ABC."""
