"""The text layer: normalisation with an offset map, units (lines, sentences, the headline), attribution
cues and the per-text context that detectors and features read. Imports nothing above it."""
