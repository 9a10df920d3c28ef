"""One engine for any number of municipalities at once.

A batch holds the state of many independent municipalities (a survey's respondents, a
job's replicates, the classroom's two runs) in one set of arrays: everyone's drivers and
stage side by side, colleague networks block by block, each town's plan, events,
newcomers and record in its own rows. One compiled call moves all of them any number of
weeks (:mod:`sim.engine.step`); :mod:`sim.engine.batch` builds a batch from scenarios.
A :class:`sim.model.municipality.Municipality` is this engine with one municipality, so a
run alone and the same seed inside a batch give the same numbers.
"""
